import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditLog, AuditLogWriter } from '../audit/index.ts';
import { openStore } from '../store/open-store.ts';
import type { Store } from '../store/types.ts';
import { buildTestTrust } from '../trust/test-fixtures.ts';
import { deadLetterRetentionDaysFromEnv, purgeDeadLetters } from './dead-letters.ts';

const DAY = 86_400_000;
const now = new Date('2026-03-01T00:00:00Z');
const trust = buildTestTrust(now);
const ago = (days: number) => new Date(now.getTime() - days * DAY).toISOString();

let store: Store;
let log: AuditLog;
beforeAll(async () => {
  store = await openStore({ backend: 'pglite', dataDir: 'memory://' });
  const opened = await store.audit.open({ signer: trust.signers.ishikawa });
  if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
  log = opened.log;
}, 60_000);
afterAll(async () => {
  await log?.close();
  await store?.close();
});

/** Queue a message to `peer` and settle it as failed (or delivered) `settledDaysAgo` days before now. */
async function settled(peer: string, key: string, settledDaysAgo: number, state: 'failed' | 'delivered' = 'failed'): Promise<number> {
  const at = ago(settledDaysAgo);
  await store.outbox.enqueue({ peer, peerUrl: `https://${peer}.example.jp/`, kind: 'safety-status-update', idempotencyKey: key, payload: { secret: 'never audited' }, createdAt: at });
  const [claimed] = await store.outbox.claimDue({ now: now.toISOString(), leaseUntil: new Date(now.getTime() + 60_000).toISOString(), limit: 1, peer });
  if (!claimed) throw new Error('nothing claimed');
  const claim = { seq: claimed.seq, attempts: claimed.attempts };
  if (state === 'failed') await store.outbox.markFailed(claim, { at, code: 'OUTBOX_PEER_REFUSED', reason: 'HTTP 403' });
  else await store.outbox.markDelivered(claim, at);
  return claimed.seq;
}

describe('dead-letter retention', () => {
  it('deletes dead letters past the retention, audits each peer\'s once without their payload, and keeps the rest', async () => {
    const oldA = await settled('peer-a', 'a-1', 40);
    const oldA2 = await settled('peer-a', 'a-2', 31);
    const oldB = await settled('peer-b', 'b-1', 35);
    const recent = await settled('peer-c', 'c-1', 5);
    const delivered = await settled('peer-d', 'd-1', 60, 'delivered');

    const outcome = await purgeDeadLetters({ storage: store.outbox, auditLog: log }, now);
    expect(outcome).toMatchObject({ deleted: 3, problems: [] });
    expect(outcome.peers).toEqual([{ peer: 'peer-a', count: 2 }, { peer: 'peer-b', count: 1 }]);
    for (const seq of [oldA, oldA2, oldB]) expect(await store.outbox.get(seq)).toBeUndefined();
    expect((await store.outbox.get(recent))?.state).toBe('failed');
    expect((await store.outbox.get(delivered))?.state).toBe('delivered');

    const audited = await store.audit.query({ dataset: 'outbox', order: 'oldest-first' });
    if (!audited.ok) throw new Error('audit query failed');
    expect(audited.page.entries.map((e) => [e.recordIds, e.reasons[0]!.code])).toEqual([
      [[`outbox:${oldA}`, `outbox:${oldA2}`], 'OUTBOX_DEAD_LETTERS_PURGED'],
      [[`outbox:${oldB}`], 'OUTBOX_DEAD_LETTERS_PURGED'],
    ]);
    expect(JSON.stringify(audited.page.entries)).not.toContain('never audited');
  });

  it('honours a shorter retention', async () => {
    const seq = await settled('peer-e', 'e-1', 3);
    expect((await purgeDeadLetters({ storage: store.outbox, auditLog: log, retentionDays: 2 }, now)).deleted).toBeGreaterThanOrEqual(1);
    expect(await store.outbox.get(seq)).toBeUndefined();
  });

  it('deletes nothing when the purge cannot be audited', async () => {
    const seq = await settled('peer-f', 'f-1', 90);
    const refusing: Pick<AuditLogWriter, 'append'> = { append: async () => ({ ok: false, problems: [{ code: 'NODE_AUDIT_UNAVAILABLE', params: {} }] }) };
    const outcome = await purgeDeadLetters({ storage: store.outbox, auditLog: refusing }, now);
    expect(outcome.deleted).toBe(0);
    expect((await store.outbox.get(seq))?.state).toBe('failed');
  });

  it('reads the retention from TSUNAGU_OUTBOX_DEAD_LETTER_DAYS, 30 days when unset, refusing what is not a positive number', () => {
    expect(deadLetterRetentionDaysFromEnv({})).toEqual({ ok: true, value: 30 });
    expect(deadLetterRetentionDaysFromEnv({ TSUNAGU_OUTBOX_DEAD_LETTER_DAYS: '7' })).toEqual({ ok: true, value: 7 });
    expect(deadLetterRetentionDaysFromEnv({ TSUNAGU_OUTBOX_DEAD_LETTER_DAYS: '0' }).ok).toBe(false);
    expect(deadLetterRetentionDaysFromEnv({ TSUNAGU_OUTBOX_DEAD_LETTER_DAYS: 'forever' }).ok).toBe(false);
  });
});
