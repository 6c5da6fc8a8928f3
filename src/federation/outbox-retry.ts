// Sending a dead letter again: an operator puts messages the outbox settled as `failed` (a peer refused them, e.g. an
// EDXL-RM request sent before the declaration, or the attempts ran out) back to pending, once the cause is mended.
// The message keeps its idempotency key, so a receiver that did apply it answers it as seen. Recorded in the audit
// log first (who, which messages), so that a re-send is never unaudited; a refusal is recorded too.
import { randomUUID } from 'node:crypto';
import type { AuditEntryDraft, AuditLogWriter, AuditProblem, AuditReason } from '../audit/index.ts';
import type { OutboxMessage, OutboxState, OutboxStorage } from '../store/outbox-store.ts';

/** Most messages one retry of a peer's dead letters puts back (the oldest first); run it again for more. */
export const MAX_RETRY_BATCH = 1_000;

/** Which dead letters: one message by its outbox sequence number, or every dead letter to one peer. */
export type RetryTarget = { seq: number } | { peer: string };

export type RetryOutcome =
  /** Put back to pending; `messages` as they are now. */
  | { kind: 'requeued'; messages: OutboxMessage[] }
  /** No message has this sequence number (or it was delivered and pruned). */
  | { kind: 'unknown'; seq: number }
  /** The message is not a dead letter: it is delivered, or still pending or being delivered. */
  | { kind: 'not-failed'; seq: number; state: Exclude<OutboxState, 'failed'> }
  /** The peer has no dead letter. */
  | { kind: 'none-failed'; peer: string }
  /** The audit log did not take the entry: nothing was changed. */
  | { kind: 'not-audited'; problems: AuditProblem[] };

/** Why a retry put nothing back: its message code and parameters, and the HTTP status the operator API answers. */
export interface RetryRefusal {
  code: 'OUTBOX_RETRY_UNKNOWN' | 'OUTBOX_RETRY_NOT_FAILED' | 'OUTBOX_RETRY_NONE_FAILED' | 'OUTBOX_RETRY_NOT_AUDITED';
  params: Record<string, string | number>;
  status: 404 | 409 | 503;
}

/** The one wording of each refusal, for the audit entry, the CLI's message and the operator API's problem alike. */
export function retryRefusal(outcome: Exclude<RetryOutcome, { kind: 'requeued' }>): RetryRefusal {
  switch (outcome.kind) {
    case 'unknown':
      return { code: 'OUTBOX_RETRY_UNKNOWN', params: { seq: outcome.seq }, status: 404 };
    case 'not-failed':
      return { code: 'OUTBOX_RETRY_NOT_FAILED', params: { seq: outcome.seq, state: outcome.state }, status: 409 };
    case 'none-failed':
      return { code: 'OUTBOX_RETRY_NONE_FAILED', params: { peer: outcome.peer.slice(0, 200) }, status: 404 };
    case 'not-audited':
      return { code: 'OUTBOX_RETRY_NOT_AUDITED', params: { detail: outcome.problems.map((p) => p.code).join(', ') }, status: 503 };
  }
}

export interface OutboxRetryOptions {
  storage: Pick<OutboxStorage, 'get' | 'list' | 'requeueFailed'>;
  auditLog: Pick<AuditLogWriter, 'append'>;
  /** Who asks, as the audit log names them: the operator console, or the local account running the command. */
  requester: string;
  now: Date;
  /** The local account that ran the command (`uid:…`), beside `requester`, when a command asked. */
  account?: string;
  /** The request that asked, when one did (its refusal is then known to be audited); a fresh id otherwise. */
  requestId?: string;
}

function entry(requester: string, requestId: string, decision: 'allow' | 'deny', seqs: readonly number[], reason: AuditReason): AuditEntryDraft {
  return {
    kind: 'admin',
    requester,
    purpose: 'outbox-retry',
    action: 'retry',
    dataset: 'outbox',
    fields: [],
    recordCount: decision === 'allow' ? seqs.length : 0,
    recordIds: seqs.slice(0, MAX_RETRY_BATCH).map((s) => `outbox:${s}`),
    decision,
    reasons: [reason],
    requestId,
  };
}

/** Put the target's dead letters back to pending (due now), audited; or say why not, audited as a refusal. */
export async function retryDeadLetters(target: RetryTarget, options: OutboxRetryOptions): Promise<RetryOutcome> {
  const requestId = options.requestId ?? `outbox-retry-${randomUUID()}`;
  const withAccount = (r: AuditReason): AuditReason => (options.account ? { ...r, params: { ...r.params, account: options.account } } : r);
  const refuse = async (outcome: RetryOutcome & { kind: 'unknown' | 'not-failed' | 'none-failed' }): Promise<RetryOutcome> => {
    const { code, params } = retryRefusal(outcome);
    const reason: AuditReason = { code, params };
    const appended = await options.auditLog.append([entry(options.requester, requestId, 'deny', 'seq' in outcome ? [outcome.seq] : [], withAccount(reason))]);
    return appended.ok ? outcome : { kind: 'not-audited', problems: appended.problems };
  };

  let chosen: OutboxMessage[];
  if ('seq' in target) {
    const m = await options.storage.get(target.seq);
    if (m === undefined) return refuse({ kind: 'unknown', seq: target.seq });
    if (m.state !== 'failed') return refuse({ kind: 'not-failed', seq: m.seq, state: m.state });
    chosen = [m];
  } else {
    chosen = await options.storage.list({ peer: target.peer, states: ['failed'], limit: MAX_RETRY_BATCH });
    if (chosen.length === 0) return refuse({ kind: 'none-failed', peer: target.peer });
  }
  const seqs = chosen.map((m) => m.seq);
  const peers = [...new Set(chosen.map((m) => m.peer))].join(', ');
  const appended = await options.auditLog.append([
    entry(options.requester, requestId, 'allow', seqs, withAccount({ code: 'OUTBOX_RETRY_QUEUED', params: { count: seqs.length, peer: peers.slice(0, 200), seqs: seqs.slice(0, 20).join(', ') } })),
  ]);
  if (!appended.ok) return { kind: 'not-audited', problems: appended.problems };
  const requeued = await options.storage.requeueFailed(seqs, options.now.toISOString());
  // Another retry may have taken one meanwhile: it is pending now either way, and that retry is audited too.
  if (requeued.length === 0 && 'seq' in target) {
    const now = await options.storage.get(target.seq);
    if (now !== undefined && now.state !== 'failed') return { kind: 'not-failed', seq: now.seq, state: now.state };
  }
  return { kind: 'requeued', messages: requeued };
}
