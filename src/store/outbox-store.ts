// The outbox in SQL (tables from migrations/0003-outbox.sql): durable enqueue, claims that at most one dispatcher
// holds per message (row locks, SKIP LOCKED, a lease and a fencing attempt number), settlement, and received keys.
import { message, type MessageParams } from '../i18n/index.ts';
import type { outboxMessages } from '../i18n/messages/outbox.ts';
import type { SqlClient, SqlDatabase } from './sql-client.ts';

export type OutboxProblemCode = keyof typeof outboxMessages;

export interface OutboxProblem {
  code: OutboxProblemCode;
  params: MessageParams;
}

/** Thrown for a message a caller should never have built (empty key, non-JSON payload); nothing is written. */
export class OutboxError extends Error {
  readonly code: OutboxProblemCode;
  readonly params: MessageParams;

  constructor(problem: OutboxProblem) {
    super(message(problem.code, problem.params, 'en'));
    this.name = 'OutboxError';
    this.code = problem.code;
    this.params = problem.params;
  }
}

export type OutboxState = 'pending' | 'delivering' | 'delivered' | 'failed';

/** A write meant for another node. */
export interface OutboxMessageDraft {
  /** The participant id of the node that must receive it. */
  peer: string;
  /** Where that node's API answers (http or https). */
  peerUrl: string;
  /** What the receiver should do with it, e.g. `safety-status-update`. */
  kind: string;
  /** Unique per peer: enqueueing the same key again queues nothing; the receiver deduplicates by it. */
  idempotencyKey: string;
  /** Any JSON value. */
  payload: unknown;
  /** ISO 8601 with offset. */
  createdAt: string;
}

export interface OutboxMessage extends OutboxMessageDraft {
  /** Enqueue order; messages to one peer are delivered in this order. */
  seq: number;
  state: OutboxState;
  attempts: number;
  /** When a pending message is due (UTC ISO 8601). */
  nextAttemptAt: string;
  /** While delivering: when the claim lapses if its dispatcher died. */
  leaseUntil?: string;
  /** Why the last attempt did not deliver; a code from the outbox catalog and a short transport reason. */
  lastError?: { code: OutboxProblemCode; reason: string };
  /** When it was delivered or dead-lettered. */
  settledAt?: string;
}

export type EnqueueOutcome =
  | { kind: 'queued'; message: OutboxMessage }
  /** The peer already has a message with this idempotency key: nothing was written. */
  | { kind: 'duplicate'; message: OutboxMessage };

/** A message claimed for one attempt; `attempts` fences off a claim that lapsed and was taken over. */
export interface OutboxClaim {
  seq: number;
  attempts: number;
}

export interface ClaimDueOptions {
  /** Current time (ISO 8601): pending messages due by then and lapsed claims are claimable. */
  now: string;
  /** The lease the claim holds. */
  leaseUntil: string;
  /** At most this many messages (one per peer). */
  limit: number;
  /** Only this peer's head message. */
  peer?: string;
  /** Leave these peers alone (the caller is already delivering to them). */
  excludePeers?: readonly string[];
}

export interface OutboxListOptions {
  peer?: string;
  states?: readonly OutboxState[];
  limit?: number;
}

/** What a receiver stored the first time it saw a sender's idempotency key. */
export type ReceiptReservation =
  | { kind: 'new' }
  | { kind: 'seen'; receivedAt: string; outcome: unknown };

/** Outbox writes that can join the transaction of the local record write they belong to. */
export interface OutboxOperations {
  /** Queue a message; committed when the surrounding transaction (or this call) commits. */
  enqueue(draft: OutboxMessageDraft): Promise<EnqueueOutcome>;
  /**
   * Receiving side: claim (sender, key) for this transaction. `new`: apply the message, then `completeReceipt` in the
   * same transaction. `seen`: it was applied before; answer with that outcome. A concurrent duplicate waits for the
   * first transaction and then sees it.
   */
  reserveReceipt(sender: string, idempotencyKey: string, receivedAt: string): Promise<ReceiptReservation>;
  completeReceipt(sender: string, idempotencyKey: string, outcome: unknown): Promise<void>;
  /**
   * Forget a key reserved in this transaction: for a delivery refused before anything was applied, so that the same
   * key delivered again (the sender's retry once the cause is mended) is decided again rather than refused from memory.
   */
  releaseReceipt(sender: string, idempotencyKey: string): Promise<void>;
}

/** The node's outbox in the same database as its records. */
export interface OutboxStorage extends OutboxOperations {
  /**
   * Claim each due peer's head message (the oldest it has not settled) for one attempt: state `delivering`, attempts
   * + 1, leased until `leaseUntil`. A peer whose head is not due (waiting for backoff, or held by a live claim) gives
   * nothing, so its later messages never overtake it. Safe with several dispatchers on one database.
   */
  claimDue(options: ClaimDueOptions): Promise<OutboxMessage[]>;
  /** Each returns false when the claim is no longer the message's latest (it lapsed and was taken over). */
  markDelivered(claim: OutboxClaim, at: string): Promise<boolean>;
  markRetry(claim: OutboxClaim, retry: { nextAttemptAt: string; code: OutboxProblemCode; reason: string }): Promise<boolean>;
  markFailed(claim: OutboxClaim, failure: { at: string; code: OutboxProblemCode; reason: string }): Promise<boolean>;
  get(seq: number): Promise<OutboxMessage | undefined>;
  /**
   * The state of each of these messages, with the code of its last failure; a message missing from the answer was
   * delivered and has since been pruned (only delivered messages are).
   */
  states(seqs: readonly number[]): Promise<Map<number, { state: OutboxState; lastErrorCode?: string }>>;
  /** Messages in enqueue order. */
  list(options?: OutboxListOptions): Promise<OutboxMessage[]>;
  /** The earliest time a message becomes due (backoff or lease end); undefined when nothing is unsettled. */
  nextDueAt(): Promise<string | undefined>;
  /**
   * Forget delivered messages settled before `deliveredBefore`, and receipts received before `receivedBefore`; dead
   * letters stay for an operator. Keep receipts longer than any sender keeps retrying, or a late retry applies again.
   */
  prune(options: { deliveredBefore?: string; receivedBefore?: string }): Promise<{ messages: number; receipts: number }>;
  /** Dead letters (`failed`) settled before `settledBefore`, oldest first: what a retention purge audits, then deletes. */
  deadLetters(options: { settledBefore: string; limit: number }): Promise<OutboxMessage[]>;
  /** Delete these dead letters (only those still `failed`); answers how many went. */
  deleteDeadLetters(seqs: readonly number[]): Promise<number>;
  /** How many messages each peer has in each state (states without messages left out), peers in byte order. */
  counts(): Promise<{ peer: string; state: OutboxState; count: number }[]>;
  /**
   * Put these dead letters (`failed`) back to `pending`, due at `at`, under their own idempotency key (so a receiver
   * that did apply one answers it as seen). Only messages still `failed` change: a dispatcher never claims a failed
   * message, so none is in flight; of two calls at once, one requeues and the other finds it pending. Answers the
   * messages it requeued, in enqueue order.
   */
  requeueFailed(seqs: readonly number[], at: string): Promise<OutboxMessage[]>;
}

const MAX_KEY_LENGTH = 200;
const MAX_REASON_LENGTH = 300;

const utc = (column: string, alias = column.replace(/^.*\./, '')) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as ${alias}`;
const TIMES = new Set(['created_at', 'next_attempt_at', 'lease_until', 'settled_at']);
const columns = (table: string) =>
  ['seq', 'peer', 'peer_url', 'kind', 'idempotency_key', 'payload', 'created_at', 'state', 'attempts', 'next_attempt_at',
    'lease_until', 'last_error_code', 'last_error', 'settled_at']
    .map((c) => (TIMES.has(c) ? utc(`${table}.${c}`) : `${table}.${c}`))
    .join(', ');
const COLUMNS = columns('outbox_messages');

interface MessageRow {
  seq: number | string;
  peer: string;
  peer_url: string;
  kind: string;
  idempotency_key: string;
  payload: unknown;
  created_at: string;
  state: OutboxState;
  attempts: number;
  next_attempt_at: string;
  lease_until: string | null;
  last_error_code: string | null;
  last_error: string | null;
  settled_at: string | null;
}

const isoTime = (s: string) => s.replace(/\.(\d{3})000Z$/, '.$1Z');

function toMessage(row: MessageRow): OutboxMessage {
  return {
    seq: Number(row.seq),
    peer: row.peer,
    peerUrl: row.peer_url,
    kind: row.kind,
    idempotencyKey: row.idempotency_key,
    payload: row.payload,
    createdAt: isoTime(row.created_at),
    state: row.state,
    attempts: Number(row.attempts),
    nextAttemptAt: isoTime(row.next_attempt_at),
    ...(row.lease_until !== null ? { leaseUntil: isoTime(row.lease_until) } : {}),
    ...(row.last_error_code !== null
      ? { lastError: { code: row.last_error_code as OutboxProblemCode, reason: row.last_error ?? '' } }
      : {}),
    ...(row.settled_at !== null ? { settledAt: isoTime(row.settled_at) } : {}),
  };
}

function invalid(field: string, detail: string): OutboxError {
  return new OutboxError({ code: 'OUTBOX_MESSAGE_INVALID', params: { field, detail } });
}

function checkText(field: string, value: unknown, max = MAX_KEY_LENGTH): void {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(field, 'empty');
  if (value.length > max) throw invalid(field, `longer than ${max} characters`);
  if (value.includes('\u0000')) throw invalid(field, 'contains U+0000');
}

/** The payload as JSON text; rejects what JSON cannot carry faithfully. */
function checkDraft(draft: OutboxMessageDraft): string {
  checkText('peer', draft.peer);
  checkText('kind', draft.kind);
  checkText('idempotencyKey', draft.idempotencyKey);
  checkText('peerUrl', draft.peerUrl, 2000);
  let url: URL;
  try {
    url = new URL(draft.peerUrl);
  } catch {
    throw invalid('peerUrl', 'not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('peerUrl', 'not http or https');
  if (typeof draft.createdAt !== 'string' || Number.isNaN(Date.parse(draft.createdAt))) throw invalid('createdAt', 'not a date-time');
  let json: string | undefined;
  try {
    json = JSON.stringify(draft.payload);
  } catch {
    json = undefined;
  }
  // jsonb cannot hold U+0000 either; the field names are safe to report, the content is not.
  if (json === undefined) throw invalid('payload', 'not JSON');
  if (json.includes('\\u0000')) throw invalid('payload', 'contains U+0000');
  return json;
}

/** A transport's reason, short and single-line: it is stored and shown to operators. */
export function boundedReason(reason: string): string {
  const line = reason.replace(/\s+/g, ' ').trim();
  return line.length > MAX_REASON_LENGTH ? `${line.slice(0, MAX_REASON_LENGTH - 1)}…` : line;
}

const INSERT = `
  insert into outbox_messages (peer, peer_url, kind, idempotency_key, payload, created_at, next_attempt_at)
  values ($1, $2, $3, $4, $5::jsonb, $6::timestamptz, $6::timestamptz)
  on conflict (peer, idempotency_key) do nothing
  returning ${COLUMNS}`;

/** Outbox writes on a client (the store's, or a transaction's). */
export function outboxOperations(db: SqlClient): OutboxOperations {
  return {
    async enqueue(draft) {
      const payload = checkDraft(draft);
      const inserted = await db.query<MessageRow>(INSERT, [
        draft.peer,
        draft.peerUrl,
        draft.kind,
        draft.idempotencyKey,
        payload,
        draft.createdAt,
      ]);
      if (inserted.rows[0] !== undefined) return { kind: 'queued', message: toMessage(inserted.rows[0]) };
      // A conflicting row is visible once its inserter committed (the insert waited for it).
      const existing = await db.query<MessageRow>(`select ${COLUMNS} from outbox_messages where peer = $1 and idempotency_key = $2`, [
        draft.peer,
        draft.idempotencyKey,
      ]);
      const row = existing.rows[0];
      if (row === undefined) throw new Error('outbox: an idempotency key conflicted but its message is not visible');
      return { kind: 'duplicate', message: toMessage(row) };
    },

    async reserveReceipt(sender, idempotencyKey, receivedAt) {
      checkText('sender', sender);
      checkText('idempotencyKey', idempotencyKey);
      const inserted = await db.query(
        `insert into outbox_receipts (sender, idempotency_key, received_at) values ($1, $2, $3::timestamptz)
         on conflict (sender, idempotency_key) do nothing returning sender`,
        [sender, idempotencyKey, receivedAt],
      );
      if (inserted.rows.length > 0) return { kind: 'new' };
      const seen = await db.query<{ received_at: string; outcome: unknown }>(
        `select ${utc('received_at')}, outcome from outbox_receipts where sender = $1 and idempotency_key = $2`,
        [sender, idempotencyKey],
      );
      const row = seen.rows[0];
      if (row === undefined) throw new Error('outbox: a receipt conflicted but is not visible');
      return { kind: 'seen', receivedAt: isoTime(row.received_at), outcome: row.outcome };
    },

    async releaseReceipt(sender, idempotencyKey) {
      await db.query('delete from outbox_receipts where sender = $1 and idempotency_key = $2', [sender, idempotencyKey]);
    },

    async completeReceipt(sender, idempotencyKey, outcome) {
      const json = JSON.stringify(outcome ?? null);
      await db.query('update outbox_receipts set outcome = $3::jsonb where sender = $1 and idempotency_key = $2', [
        sender,
        idempotencyKey,
        json,
      ]);
    },
  };
}

// Each peer's head is its oldest unsettled message; only a due head is claimed. Row locks with SKIP LOCKED keep two
// dispatchers off one row, and the conditions on m are re-checked on the locked row's latest version, so a head that
// another dispatcher claimed or settled meanwhile is passed over. Settled states are final, so no message behind an
// unsettled head can look like a head.
const CLAIM = `
  with due as (
    select m.seq from outbox_messages m
    where ((m.state = 'pending' and m.next_attempt_at <= $1::timestamptz)
        or (m.state = 'delivering' and m.lease_until <= $1::timestamptz))
      and ($4::text is null or m.peer = $4)
      and not (m.peer = any($5::text[]))
      and not exists (
        select 1 from outbox_messages e
        where e.peer = m.peer and e.seq < m.seq and e.state in ('pending', 'delivering'))
    order by m.next_attempt_at, m.seq
    limit $3
    for update of m skip locked
  )
  update outbox_messages set state = 'delivering', attempts = outbox_messages.attempts + 1, lease_until = $2::timestamptz
  from due where outbox_messages.seq = due.seq
  returning ${COLUMNS}`;

const FENCE = `where seq = $1 and attempts = $2 and state = 'delivering'`;

/** The outbox over the store's database. */
export function outboxStorage(db: SqlDatabase): OutboxStorage {
  return {
    ...outboxOperations(db),

    async states(seqs) {
      const out = new Map<number, { state: OutboxState; lastErrorCode?: string }>();
      if (seqs.length === 0) return out;
      const r = await db.query<{ seq: number | string; state: OutboxState; last_error_code: string | null }>(
        'select seq, state, last_error_code from outbox_messages where seq = any($1::bigint[])',
        [[...seqs]],
      );
      for (const row of r.rows) out.set(Number(row.seq), { state: row.state, ...(row.last_error_code !== null ? { lastErrorCode: row.last_error_code } : {}) });
      return out;
    },

    async claimDue(options) {
      if (options.limit <= 0) return [];
      const r = await db.query<MessageRow>(CLAIM, [
        options.now,
        options.leaseUntil,
        Math.floor(options.limit),
        options.peer ?? null,
        [...(options.excludePeers ?? [])],
      ]);
      return r.rows.map(toMessage).sort((a, b) => a.seq - b.seq);
    },

    async markDelivered(claim, at) {
      const r = await db.query(
        `update outbox_messages set state = 'delivered', lease_until = null, settled_at = $3::timestamptz ${FENCE}`,
        [claim.seq, claim.attempts, at],
      );
      return (r.affectedRows ?? 0) > 0;
    },

    async markRetry(claim, retry) {
      const r = await db.query(
        `update outbox_messages set state = 'pending', lease_until = null, next_attempt_at = $3::timestamptz,
           last_error_code = $4, last_error = $5 ${FENCE}`,
        [claim.seq, claim.attempts, retry.nextAttemptAt, retry.code, boundedReason(retry.reason)],
      );
      return (r.affectedRows ?? 0) > 0;
    },

    async markFailed(claim, failure) {
      const r = await db.query(
        `update outbox_messages set state = 'failed', lease_until = null, settled_at = $3::timestamptz,
           last_error_code = $4, last_error = $5 ${FENCE}`,
        [claim.seq, claim.attempts, failure.at, failure.code, boundedReason(failure.reason)],
      );
      return (r.affectedRows ?? 0) > 0;
    },

    async get(seq) {
      const r = await db.query<MessageRow>(`select ${COLUMNS} from outbox_messages where seq = $1`, [seq]);
      return r.rows[0] === undefined ? undefined : toMessage(r.rows[0]);
    },

    async list(options = {}) {
      const limit = options.limit === undefined ? '' : ` limit ${Math.max(0, Math.floor(options.limit))}`;
      const r = await db.query<MessageRow>(
        `select ${COLUMNS} from outbox_messages
         where ($1::text is null or peer = $1) and ($2::text[] is null or state = any($2::text[]))
         order by seq${limit}`,
        [options.peer ?? null, options.states === undefined ? null : [...options.states]],
      );
      return r.rows.map(toMessage);
    },

    async nextDueAt() {
      const r = await db.query<{ due: string | null }>(
        `select to_char(min(case when state = 'pending' then next_attempt_at else lease_until end) at time zone 'UTC',
           'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as due
         from outbox_messages where state in ('pending', 'delivering')`,
      );
      const due = r.rows[0]?.due ?? null;
      return due === null ? undefined : isoTime(due);
    },

    async prune(options) {
      let messages = 0;
      let receipts = 0;
      if (options.deliveredBefore !== undefined) {
        const r = await db.query(`delete from outbox_messages where state = 'delivered' and settled_at < $1::timestamptz`, [options.deliveredBefore]);
        messages = r.affectedRows ?? 0;
      }
      if (options.receivedBefore !== undefined) {
        const r = await db.query('delete from outbox_receipts where received_at < $1::timestamptz', [options.receivedBefore]);
        receipts = r.affectedRows ?? 0;
      }
      return { messages, receipts };
    },

    async deadLetters(options) {
      const r = await db.query<MessageRow>(
        `select ${COLUMNS} from outbox_messages where state = 'failed' and settled_at < $1::timestamptz order by settled_at, seq limit $2`,
        [options.settledBefore, Math.max(0, Math.floor(options.limit))],
      );
      return r.rows.map(toMessage);
    },

    async deleteDeadLetters(seqs) {
      if (seqs.length === 0) return 0;
      const r = await db.query(`delete from outbox_messages where state = 'failed' and seq = any($1::bigint[])`, [[...seqs]]);
      return r.affectedRows ?? 0;
    },

    async requeueFailed(seqs, at) {
      if (seqs.length === 0) return [];
      const r = await db.query<MessageRow>(
        // A fresh count of attempts: a message that had run out of them would otherwise fail again at its first
        // retryable answer (a peer warming up answering 503 once), with no back-off. The last error stays to be read.
        `update outbox_messages set state = 'pending', attempts = 0, next_attempt_at = $2::timestamptz, lease_until = null, settled_at = null
         where state = 'failed' and seq = any($1::bigint[])
         returning ${COLUMNS}`,
        [[...seqs], at],
      );
      return r.rows.map(toMessage).sort((a, b) => a.seq - b.seq);
    },

    async counts() {
      const r = await db.query<{ peer: string; state: OutboxState; n: number | string }>(
        `select peer, state, count(*) as n from outbox_messages group by peer, state order by peer collate "C", state`,
      );
      return r.rows.map((row) => ({ peer: row.peer, state: row.state, count: Number(row.n) }));
    },
  };
}
