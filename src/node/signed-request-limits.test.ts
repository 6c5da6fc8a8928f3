import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FastifyRequest } from 'fastify';
import type { AuditEntryDraft } from '../audit/index.ts';
import { DEFAULT_PEER_REQUEST_LIMITS, peerRequestLimitsFromEnv, signedRequestLimits } from './signed-request-limits.ts';

const requestFrom = (ip: string, url = '/api/v1/shelters'): FastifyRequest => ({ id: `req-${Math.random()}`, ip, url, log: { error: () => undefined } }) as unknown as FastifyRequest;

function limitsAt(clock: { t: number }) {
  const entries: AuditEntryDraft[] = [];
  const limits = signedRequestLimits({
    auditLog: { append: async (drafts) => (entries.push(...drafts), { ok: true }) as never },
    peers: { perAddress: 3, total: 5, windowMs: 10_000, maxAddresses: 10 },
    forged: { perAddress: 2, total: 100, windowMs: 60_000, maxAddresses: 10 },
    now: () => clock.t,
  });
  return { limits, entries };
}

describe("a verified participant's budget", () => {
  it('serves up to the budget, then throttles with one notice, and serves again in the next window', async () => {
    const clock = { t: 1_000_000 };
    const { limits, entries } = limitsAt(clock);
    const verdicts = [];
    for (let i = 0; i < 6; i++) verdicts.push(await limits.verified(requestFrom('127.0.0.1'), 'jp-170003-ishikawa-pref'));
    expect(verdicts.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expect(verdicts.slice(3)).toEqual(Array(3).fill({ code: 'NODE_TOO_MANY_PEER_REQUESTS', retryAfterSeconds: 10 }));
    expect(entries.map((e) => [e.requester, e.reasons[0]!.code])).toEqual([['jp-170003-ishikawa-pref', 'NODE_PEER_REQUESTS_THROTTLED']]);
    clock.t += 10_000;
    expect(await limits.verified(requestFrom('127.0.0.1'), 'jp-170003-ishikawa-pref')).toBeUndefined();
  });

  it('is its own: another participant from the same address is served, and forged signatures from it count apart', async () => {
    const { limits } = limitsAt({ t: 0 });
    for (let i = 0; i < 5; i++) await limits.unverified(requestFrom('127.0.0.1'));
    for (let i = 0; i < 3; i++) expect(await limits.verified(requestFrom('127.0.0.1'), 'jp-172049-wajima-city')).toBeUndefined();
    expect(await limits.verified(requestFrom('127.0.0.1'), 'jp-172022-nanao-dialysis-clinic')).toBeUndefined();
  });

  it('does not count deliveries, which the sender paces one at a time', async () => {
    const { limits } = limitsAt({ t: 0 });
    for (let i = 0; i < 20; i++) expect(await limits.verified(requestFrom('127.0.0.1', '/federation/deliveries'), 'jp-170003-ishikawa-pref')).toBeUndefined();
  });
});

describe('signatures that do not verify', () => {
  it('are audited one by one up to the budget of their address, then throttled under one notice', async () => {
    const { limits, entries } = limitsAt({ t: 0 });
    const verdicts = [];
    for (let i = 0; i < 5; i++) verdicts.push(await limits.unverified(requestFrom('203.0.113.7')));
    expect(verdicts.map((v) => v?.code)).toEqual([undefined, undefined, 'NODE_TOO_MANY_FORGED_SIGNATURES', 'NODE_TOO_MANY_FORGED_SIGNATURES', 'NODE_TOO_MANY_FORGED_SIGNATURES']);
    expect(entries.map((e) => e.reasons[0]!.params)).toEqual([{ address: '203.0.113.7', seconds: 60 }]);
    expect(await limits.unverified(requestFrom('203.0.113.8'))).toBeUndefined();
  });
});

describe('TSUNAGU_PEER_REQUESTS_PER_10S', () => {
  it('takes a whole number (0: no limit), the default when unset, and refuses anything else with its value', () => {
    expect(peerRequestLimitsFromEnv({})).toEqual({ ok: true, value: DEFAULT_PEER_REQUEST_LIMITS });
    expect(peerRequestLimitsFromEnv({ TSUNAGU_PEER_REQUESTS_PER_10S: '0' })).toEqual({ ok: true, value: false });
    expect(peerRequestLimitsFromEnv({ TSUNAGU_PEER_REQUESTS_PER_10S: ' 50 ' })).toEqual({ ok: true, value: { ...DEFAULT_PEER_REQUEST_LIMITS, perAddress: 50, total: 500 } });
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (raw) => {
        const r = peerRequestLimitsFromEnv({ TSUNAGU_PEER_REQUESTS_PER_10S: raw });
        if (raw.trim() === '') return r.ok && r.value === DEFAULT_PEER_REQUEST_LIMITS;
        if (/^\d{1,7}$/.test(raw.trim())) return r.ok;
        return !r.ok && r.problem.code === 'NODE_PEER_LIMIT_INVALID' && r.problem.params.value === raw.trim().slice(0, 200);
      }),
    );
  });
});
