// The federation client meeting a provider's rate limit: a signed 429 is waited out and asked again within the
// caller's deadline; an unsigned 429 is never taken for the provider's word, whatever its body says.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildTestTrust } from '../trust/test-fixtures.ts';
import { signResponse } from '../trust/http-signatures/response-signature.ts';
import { requestSignatureOf } from '../trust/http-signatures/request-signature.ts';
import { createFederationClient, retryAfterSecondsOf } from './client.ts';

const trust = buildTestTrust(new Date());
const nanao = { participantId: trust.participants.nanao.id, url: 'http://nanao.test' };
const throttled = JSON.stringify({ type: 'about:blank', status: 429, code: 'NODE_TOO_MANY_PEER_REQUESTS', title: 'Too many requests' });
const page = JSON.stringify({ items: [], next: null });

type Step = { status: number; body: string; retryAfter?: string; signed: boolean };

/** A provider answering `steps` in turn, signing (as Nanao) the ones marked signed; records each request's signature. */
function provider(steps: Step[]) {
  const seen: string[] = [];
  const fetch: typeof globalThis.fetch = (async (_url: URL, init: RequestInit) => {
    const step = steps[Math.min(seen.length, steps.length - 1)]!;
    const requestSignature = requestSignatureOf(init.headers as Record<string, string>)!;
    seen.push(requestSignature);
    const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
    if (step.retryAfter !== undefined) headers['retry-after'] = step.retryAfter;
    if (step.signed) Object.assign(headers, signResponse({ status: step.status, body: step.body, requestSignature, signer: trust.signers.nanao, now: new Date() }));
    return new Response(step.body, { status: step.status, headers });
  }) as typeof globalThis.fetch;
  return { fetch, seen };
}

const clientWith = (fetch: typeof globalThis.fetch, extra: { rateLimitRetries?: number; maxRetryAfterSeconds?: number } = {}) =>
  createFederationClient({ signer: trust.signers.ishikawa, credential: trust.credentials.ishikawa, registry: trust.registry, fetch, ...extra });

describe('a provider over its budget for this participant', () => {
  it('is waited out for its Retry-After and asked again with a fresh signature, and the answer after is used', async () => {
    const p = provider([
      { status: 429, body: throttled, retryAfter: '1', signed: true },
      { status: 200, body: page, signed: true },
    ]);
    const started = Date.now();
    const r = await clientWith(p.fetch).query(nanao, 'persons', { purpose: 'life-saving', limit: 50 });
    expect(r).toMatchObject({ ok: true, status: 200 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(p.seen).toHaveLength(2);
    expect(new Set(p.seen).size).toBe(2);
  });

  it("answers the signed 429 itself when the caller's deadline ends before the wait", async () => {
    const p = provider([{ status: 429, body: throttled, retryAfter: '5', signed: true }]);
    const started = Date.now();
    const r = await clientWith(p.fetch).query(nanao, 'persons', { purpose: 'life-saving' }, AbortSignal.timeout(200));
    expect(r).toMatchObject({ ok: true, status: 429, body: { code: 'NODE_TOO_MANY_PEER_REQUESTS' } });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(p.seen).toHaveLength(1);
  });

  it('stops after its retries, and does not wait for a Retry-After longer than it allows', async () => {
    const again = provider([{ status: 429, body: throttled, retryAfter: '0', signed: true }]);
    expect(await clientWith(again.fetch, { rateLimitRetries: 3 }).query(nanao, 'shelters', { purpose: 'evacuation-support' })).toMatchObject({ ok: true, status: 429 });
    expect(again.seen).toHaveLength(4);
    const long = provider([{ status: 429, body: throttled, retryAfter: '3600', signed: true }]);
    expect(await clientWith(long.fetch).query(nanao, 'shelters', { purpose: 'evacuation-support' })).toMatchObject({ ok: true, status: 429 });
    expect(long.seen).toHaveLength(1);
  });
});

describe('an unsigned 429', () => {
  it('is reported as an unsigned answer and not retried, even with the rate-limit code and a Retry-After', async () => {
    for (const body of [throttled, JSON.stringify({ status: 429, code: 'SOMETHING_ELSE' }), 'slow down']) {
      const p = provider([{ status: 429, body, retryAfter: '1', signed: false }]);
      const r = await clientWith(p.fetch).query(nanao, 'persons', { purpose: 'life-saving' });
      expect(r).toMatchObject({ ok: false, reason: 'unverified', status: 429, problems: [expect.objectContaining({ code: 'FEDERATION_RESPONSE_UNSIGNED' })] });
      expect(p.seen).toHaveLength(1);
    }
  });

  it('cannot pass as signed by another participant: a 429 signed by someone else is not waited for either', async () => {
    const seen: string[] = [];
    const fetch = (async (_url: URL, init: RequestInit) => {
      const requestSignature = requestSignatureOf(init.headers as Record<string, string>)!;
      seen.push(requestSignature);
      const headers = { 'retry-after': '1', ...signResponse({ status: 429, body: throttled, requestSignature, signer: trust.signers.wajima, now: new Date() }) };
      return new Response(throttled, { status: 429, headers });
    }) as typeof globalThis.fetch;
    const r = await clientWith(fetch).query(nanao, 'persons', { purpose: 'life-saving' });
    expect(r).toMatchObject({ ok: false, reason: 'unverified', problems: [expect.objectContaining({ code: 'FEDERATION_RESPONDER_MISMATCH' })] });
    expect(seen).toHaveLength(1);
  });
});

describe('reading Retry-After', () => {
  it('takes whole seconds and nothing else', () => {
    fc.assert(
      fc.property(fc.string(), (v) => {
        const seconds = retryAfterSecondsOf(new Headers({ 'retry-after': v }));
        return seconds === undefined || (Number.isInteger(seconds) && /^\s*\d{1,6}\s*$/.test(v));
      }),
    );
    expect(retryAfterSecondsOf(new Headers({ 'retry-after': '7' }))).toBe(7);
    expect(retryAfterSecondsOf(new Headers({ 'retry-after': 'Wed, 21 Oct 2026 07:28:00 GMT' }))).toBeUndefined();
    expect(retryAfterSecondsOf(new Headers())).toBeUndefined();
  });
});
