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

/** How many pending relays one pass takes: what is left waits for the next delivery or start. */
const RELAYS_PER_PASS = 100;

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

/** What one pass did: relays processed, and whether it stopped because the audit log could not record a decision. */
export interface RelayPass {
  processed: number;
  stopped: boolean;
}

export function rmAnswerRelay(context: ApplicationContext) {
  const push = rmAnswerPush(context);
  const db = context.database;
  // One pass at a time in this process: two deliveries finishing together would otherwise decide one relay twice.
  let running: Promise<RelayPass> = Promise.resolve({ processed: 0, stopped: false });

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
    for (const row of rows.rows) {
      if ((await processOne(row)) === 'unrecorded') return { processed, stopped: true };
      processed += 1;
    }
    return { processed, stopped: false };
  }

  return {
    /** Process the relays still pending (after a delivery commits, and at start-up): each decided, then queued or refused once. */
    processPending(): Promise<RelayPass> {
      running = running.then(pass, pass);
      return running;
    },
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
