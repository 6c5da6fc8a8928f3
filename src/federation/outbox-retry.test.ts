import { describe, expect, it } from 'vitest';
import type { AuditEntryDraft, AuditLogWriter } from '../audit/index.ts';
import type { OutboxMessage, OutboxState, OutboxStorage } from '../store/outbox-store.ts';
import { retryDeadLetters, type OutboxRetryOptions } from './outbox-retry.ts';

const message = (seq: number, state: OutboxState, peer = 'ph-ndrrmc'): OutboxMessage => ({
  seq,
  peer,
  peerUrl: 'http://127.0.0.1:9/',
  kind: 'edxl-rm',
  idempotencyKey: `key-${seq}`,
  payload: { secret: 'never in the audit log' },
  createdAt: '2026-12-06T01:00:00Z',
  state,
  attempts: 1,
  nextAttemptAt: '2026-12-06T01:00:00Z',
});

/** An outbox of these messages and an audit log that records what it is given (or refuses to). */
function setUp(messages: OutboxMessage[], auditWorks = true) {
  const entries: AuditEntryDraft[] = [];
  const requeued: number[] = [];
  const storage: OutboxRetryOptions['storage'] = {
    get: async (seq) => messages.find((m) => m.seq === seq),
    list: async ({ peer, states } = {}) => messages.filter((m) => (!peer || m.peer === peer) && (!states || states.includes(m.state))),
    requeueFailed: async (seqs) => {
      const out = messages.filter((m) => seqs.includes(m.seq) && m.state === 'failed');
      for (const m of out) {
        m.state = 'pending';
        requeued.push(m.seq);
      }
      return out;
    },
  } satisfies Pick<OutboxStorage, 'get' | 'list' | 'requeueFailed'>;
  const auditLog: Pick<AuditLogWriter, 'append'> = {
    append: async (drafts) => {
      if (!auditWorks) return { ok: false, problems: [{ code: 'AUDIT_DRAFT_INVALID', params: { detail: 'the test refuses it' } }] };
      entries.push(...drafts);
      return { ok: true, entries: [] };
    },
  };
  const options: OutboxRetryOptions = { storage, auditLog, requester: 'operator:local', account: 'uid:1000', now: new Date('2026-12-06T02:00:00Z') };
  return { entries, requeued, options };
}

describe('retryDeadLetters', () => {
  it('audits who put which dead letter back before putting it back, never its payload', async () => {
    const { entries, requeued, options } = setUp([message(7, 'failed')]);
    const outcome = await retryDeadLetters({ seq: 7 }, options);
    expect(outcome).toMatchObject({ kind: 'requeued', messages: [{ seq: 7, state: 'pending' }] });
    expect(requeued).toEqual([7]);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      kind: 'admin',
      requester: 'operator:local',
      purpose: 'outbox-retry',
      action: 'retry',
      dataset: 'outbox',
      decision: 'allow',
      recordCount: 1,
      recordIds: ['outbox:7'],
      reasons: [{ code: 'OUTBOX_RETRY_QUEUED', params: { count: 1, peer: 'ph-ndrrmc', seqs: '7', account: 'uid:1000' } }],
    });
    expect(JSON.stringify(entries)).not.toContain('never in the audit log');
  });

  it('puts back every dead letter to a peer, and only those', async () => {
    const { requeued, options } = setUp([message(1, 'failed'), message(2, 'delivered'), message(3, 'failed'), message(4, 'failed', 'other-peer')]);
    expect(await retryDeadLetters({ peer: 'ph-ndrrmc' }, options)).toMatchObject({ kind: 'requeued' });
    expect(requeued).toEqual([1, 3]);
  });

  it.each([
    ['delivered', 'delivered'],
    ['pending', 'pending'],
    ['being delivered', 'delivering'],
  ] as const)('refuses a message that is %s, changing nothing, and audits the refusal', async (_what, state) => {
    const { entries, requeued, options } = setUp([message(5, state)]);
    expect(await retryDeadLetters({ seq: 5 }, options)).toEqual({ kind: 'not-failed', seq: 5, state });
    expect(requeued).toEqual([]);
    expect(entries).toMatchObject([{ decision: 'deny', recordCount: 0, recordIds: ['outbox:5'], reasons: [{ code: 'OUTBOX_RETRY_NOT_FAILED', params: { seq: 5, state } }] }]);
  });

  it('refuses an unknown message and a peer without dead letters', async () => {
    const { entries, options } = setUp([message(1, 'delivered')]);
    expect(await retryDeadLetters({ seq: 42 }, options)).toEqual({ kind: 'unknown', seq: 42 });
    expect(await retryDeadLetters({ peer: 'ph-ndrrmc' }, options)).toEqual({ kind: 'none-failed', peer: 'ph-ndrrmc' });
    expect(entries.map((e) => e.reasons[0]!.code)).toEqual(['OUTBOX_RETRY_UNKNOWN', 'OUTBOX_RETRY_NONE_FAILED']);
  });

  it('puts nothing back when the audit log does not take the entry', async () => {
    const { requeued, options } = setUp([message(7, 'failed')], false);
    expect(await retryDeadLetters({ seq: 7 }, options)).toMatchObject({ kind: 'not-audited' });
    expect(requeued).toEqual([]);
  });
});
