// EDXL-RM answers relayed by the node that took a request when a third node supplies it: a supplier's (or receiver's)
// shipment update arriving here keeps a pending relay in the delivery's transaction (migrations/0006); after the commit
// — or at the next start, after a crash — this node decides releasing the answer to the request's sender by its own
// policy (context.access.decideRelease, audited), then in one transaction marks the relay processed and queues the
// answer (rm-answer-push.ts writes it) or keeps its refusal, visibly, on the shipment's transition.
import { OPERATOR_CONSOLE, type ApplicationContext, type ApplicationSql, type AuditEntryDraft } from '../../node/application/index.ts';
import { answerReasons, answerStates, rmAnswerPush, type AnswerDrafts } from './rm-answer-push.ts';
import { rmSourcesOf } from './rm-answer-storage.ts';
import { LOGISTICS_PURPOSE } from './shipment-flow.ts';
import type { StoredShipment } from './types.ts';

/** How many pending relays one pass takes: what is left waits for the next delivery, the next retry or start. */
const RELAYS_PER_PASS = 100;

/**
 * A pass that could not finish (the audit log could not record a decision, or a relay failed) is tried again after this
 * long, doubling up to the maximum while it keeps failing: a relay must not wait for the next delivery or restart,
 * which may be days away when its change was the last of a supply chain.
 */
export const RELAY_RETRY_FIRST_MS = 30_000;
export const RELAY_RETRY_MAX_MS = 600_000;

/**
 * Keep a relay for a change `reportedBy`'s node made to a shipment (inside the delivery's transaction, after the
 * shipment is written), when the shipment serves a request another participant sent this node. Once per change: the
 * same change again keeps nothing new.
 */
export async function keepPendingRelay(sql: ApplicationSql, next: StoredShipment, reportedBy: string, self: string, requestId: string, at: string): Promise<boolean> {
  if (next.state === 'planned') return false;
  const sources = (await rmSourcesOf(sql, next.orderId)).filter((s) => relayedTo(s.sender, reportedBy, self));
  if (sources.length === 0) return false;
  const kept = await sql.query(
    `insert into logistics_rm_relays (order_id, state, reported_by, shipment, request_id, created_at) values ($1, $2, $3, $4::jsonb, $5, $6)
     on conflict (order_id, state) do nothing returning order_id`,
    [next.orderId, next.state, reportedBy, JSON.stringify(next), requestId, at],
  );
  return kept.rows.length > 0;
}

/**
 * Whom a relay answers: a participant that sent the request — not a file the operator took in, not this node, and not
 * the node that reported the change (it knows).
 */
const relayedTo = (sender: string, reportedBy: string, self: string) => sender !== OPERATOR_CONSOLE && sender !== self && sender !== reportedBy;

interface RelayRow {
  order_id: string;
  state: string;
  reported_by: string;
  shipment: StoredShipment;
  request_id: string;
}

/**
 * What one pass did: relays processed, whether it stopped because the audit log could not record a decision, and how
 * many relays failed (left pending, skipped so that they hold up no other).
 */
export interface RelayPass {
  processed: number;
  stopped: boolean;
  failed: number;
}

export function rmAnswerRelay(context: ApplicationContext, retryTiming: { firstMs: number; maxMs: number } = { firstMs: RELAY_RETRY_FIRST_MS, maxMs: RELAY_RETRY_MAX_MS }) {
  const push = rmAnswerPush(context);
  const db = context.database;
  // One pass at a time in this process: two deliveries finishing together would otherwise decide one relay twice.
  let running: Promise<RelayPass> = Promise.resolve({ processed: 0, stopped: false, failed: 0 });
  let retry: { timer: ReturnType<typeof setTimeout>; ms: number } | undefined;
  let retryMs = retryTiming.firstMs;

  async function processOne(row: RelayRow): Promise<'done' | 'unrecorded'> {
    const next = row.shipment;
    const sources = (await rmSourcesOf(db, row.order_id)).filter((s) => relayedTo(s.sender, row.reported_by, context.node.id));
    // Decided and audited before anything is queued; a crash after this decides again at the next pass, and the
    // claim below lets only one pass queue.
    const released = await push.decide(row.order_id, next.state, sources, row.request_id);
    if (!released.ok) return 'unrecorded';
    const at = context.now().toISOString();
    const answered = push.drafts(next, sources, at, released.releases);
    const told = answerStates(next, answered);
    const claimed = await db.transaction(async (tx) => {
      const mine = await tx.query(
        'update logistics_rm_relays set processed_at = $3, answers = $4::jsonb where order_id = $1 and state = $2 and processed_at is null returning order_id',
        [row.order_id, row.state, at, JSON.stringify(told)],
      );
      if (mine.rows.length === 0) return false;
      for (const d of answered.drafts) await tx.outbox.enqueue(d);
      // The operator sees what became of each answer with the change, as for a change this node made itself.
      await tx.query(
        `update logistics_shipment_transitions set detail = coalesce(detail, '{}'::jsonb) || jsonb_build_object('answers', $3::jsonb)
          where seq = (select max(seq) from logistics_shipment_transitions where order_id = $1 and state = $2)`,
        [row.order_id, row.state, JSON.stringify(told)],
      );
      return true;
    });
    // The decision is already in the log; this entry says what the relay did with it (queued, refused, not sent).
    if (claimed && told.length > 0) await context.audit.append(relayAudit(next, row, answered));
    return 'done';
  }

  async function pass(): Promise<RelayPass> {
    const rows = await db.query<RelayRow>(
      'select order_id, state, reported_by, shipment, request_id from logistics_rm_relays where processed_at is null order by created_at, order_id, state limit $1',
      [RELAYS_PER_PASS],
    );
    let processed = 0;
    let failed = 0;
    for (const row of rows.rows) {
      // A relay that fails (its shipment unreadable, the database refusing) stays pending for the next pass and holds up
      // none after it.
      const outcome = await processOne(row).catch(() => 'failed' as const);
      if (outcome === 'unrecorded') return { processed, stopped: true, failed };
      if (outcome === 'failed') failed += 1;
      else processed += 1;
    }
    return { processed, stopped: false, failed };
  }

  /** After a pass that left work undone, one more later (back-off); after a clean pass, the back-off starts again. */
  function scheduleAfter(done: RelayPass): void {
    if (!done.stopped && done.failed === 0) {
      retryMs = retryTiming.firstMs;
      return;
    }
    if (retry) return;
    const ms = retryMs;
    retryMs = Math.min(retryMs * 2, retryTiming.maxMs);
    const timer = setTimeout(() => {
      retry = undefined;
      void processPending().catch(() => undefined);
    }, ms);
    // The retry must not keep a stopping process alive; a relay still pending then goes at the next start.
    timer.unref?.();
    retry = { timer, ms };
  }

  function processPending(): Promise<RelayPass> {
    running = running.then(pass, pass).then((done) => (scheduleAfter(done), done));
    return running;
  }

  return {
    /**
     * Process the relays still pending (after a delivery commits, at start-up, and again after a back-off while a pass
     * leaves some undone): each decided, then queued or refused once.
     */
    processPending,
    /** The next retry's delay, when one is scheduled (for the operator's view and tests). */
    retryScheduledInMs: (): number | undefined => retry?.ms,
  };
}

export type RmAnswerRelay = ReturnType<typeof rmAnswerRelay>;

function relayAudit(s: StoredShipment, row: RelayRow, answered: AnswerDrafts): AuditEntryDraft {
  return {
    kind: 'logistics-shipment', requester: row.reported_by, purpose: LOGISTICS_PURPOSE, action: 'write-status', dataset: 'shipments',
    fields: ['status'], recordCount: 1, recordIds: [s.orderId], decision: 'allow',
    reasons: [{ code: 'LOGISTICS_RM_ANSWER_RELAYED', params: { orderId: s.orderId, state: s.state, from: row.reported_by } }, ...answerReasons(s, answered)],
    requestId: row.request_id,
  };
}
