import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditEntryDraft, AuditLogWriter } from '../audit/index.ts';
import { createCredentialCache } from '../trust/credential-cache.ts';
import { changeStatus, nextPublication } from '../trust/anchor-book.ts';
import { signTrustList, type SignedTrustList, type TrustList } from '../trust/trust-list.ts';
import { heldTrust } from '../trust/trust-list-update.ts';
import type { TrustConfig } from '../trust/trust-registry.ts';
import { buildTestTrust } from '../trust/test-fixtures.ts';
import { createLiveTrust } from './live-trust.ts';

const now = new Date();
const t = buildTestTrust(now, { recogniseForeign: false });
const LIST_URL = 'http://anchor.test/api/v1/trust-list';
const config: TrustConfig = { anchors: [{ anchorId: t.anchor.participant.id, trustListId: t.trustList.payload.id, keys: t.anchor.participant.keys, listUrl: LIST_URL }] };
const v1: TrustList = { ...t.trustList.payload, version: 1 };
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** A node's live trust whose anchor answers with `serve()` (a document, a text, or a network failure). */
async function liveWith(serve: () => unknown) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tsunagu-live-trust-'));
  dirs.push(dir);
  const audited: AuditEntryDraft[] = [];
  const auditLog: Pick<AuditLogWriter, 'append'> = {
    append: async (drafts) => {
      audited.push(...drafts);
      return { ok: true, entries: [] } as never;
    },
  };
  const fetchStub = (async () => {
    const body = serve();
    if (body instanceof Error) throw body;
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status: 200 });
  }) as typeof fetch;
  const listFile = path.join(dir, 'trust-list.json');
  const live = createLiveTrust({ participantId: 'jp-172022-nanao-city', held: heldTrust(config, [signTrustList(v1, t.anchor.signer, now)], now), auditLog, fetch: fetchStub, cache: { listFile } });
  return { live, audited, listFile };
}

const sign = (list: TrustList): SignedTrustList => signTrustList(list, t.anchor.signer, new Date(Date.parse(list.issuedAt)));

describe('a node keeping its trust list current', () => {
  it('takes a newer version, caches it, audits it, and answers from it at once (a revocation applies to the next request)', async () => {
    const revoked = changeStatus(v1, t.participants.nanao.id, 'revoke', now);
    if (!revoked.ok) throw new Error('revoke');
    const v2 = sign(nextPublication(revoked.value, now));
    const { live, audited, listFile } = await liveWith(() => v2);
    const cache = createCredentialCache();
    expect(cache.verify(t.credentials.nanao, live.registry, now).ok).toBe(true);
    await live.refresh();
    expect(live.registry.participants.get(t.participants.nanao.id)!.entry.status).toBe('revoked');
    expect(cache.verify(t.credentials.nanao, live.registry, now)).toMatchObject({ ok: false, problems: [{ code: 'TRUST_PARTICIPANT_REVOKED' }] });
    expect(JSON.parse(await readFile(listFile, 'utf8'))).toEqual(v2);
    expect(audited.map((d) => [d.action, d.decision, d.reasons[0]!.code])).toEqual([['trust-list-accept', 'allow', 'TRUST_LIST_ACCEPTED']]);
    expect(live.states()[0]).toMatchObject({ anchorId: t.anchor.participant.id, version: 2, stale: false, lastConfirmedAt: expect.any(String) });
  });

  it('refuses and audits an older version, a forged list and a list cut short, keeping the one it holds', async () => {
    const v2 = sign(nextPublication(v1, now));
    let next: unknown = v2;
    const { live, audited } = await liveWith(() => next);
    await live.refresh();
    next = sign({ ...v1, issuedAt: new Date(now.getTime() - 1000).toISOString() });
    await live.refresh();
    const forged = structuredClone(sign(nextPublication(v2.payload, now)));
    forged.payload.entries = [];
    next = forged;
    await live.refresh();
    next = JSON.stringify(v2).slice(0, 200);
    await live.refresh();
    expect(audited.map((d) => [d.action, d.reasons[1]?.code ?? d.reasons[0]!.code])).toEqual([
      ['trust-list-accept', 'TRUST_LIST_ACCEPTED'],
      ['trust-list-refuse', 'TRUST_LIST_OLDER_THAN_HELD'],
      ['trust-list-refuse', 'TRUST_SIGNATURE_INVALID'],
      ['trust-list-refuse', 'TRUST_LIST_TRUNCATED'],
    ]);
    expect(live.states()[0]).toMatchObject({ version: 2, lastProblem: { code: 'TRUST_LIST_TRUNCATED' } });
  });

  it('keeps working on its cached list when the anchor cannot be reached, and says how old it is', async () => {
    const { live, audited } = await liveWith(() => new Error('connect ECONNREFUSED'));
    await live.refresh();
    const state = live.states()[0]!;
    expect(state).toMatchObject({ version: 1, lastProblem: { code: 'TRUST_LIST_UNREACHABLE', params: { url: LIST_URL, detail: 'connect ECONNREFUSED' } } });
    expect(Math.abs(state.ageSeconds! - (Date.now() - Date.parse(v1.issuedAt)) / 1000)).toBeLessThanOrEqual(1);
    expect(live.registry.participants.size).toBeGreaterThan(0);
    expect(audited).toEqual([]);
  });
});
