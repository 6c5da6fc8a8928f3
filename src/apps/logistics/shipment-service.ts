// What this node's operator does to a shipment it takes part in: the supplier commits (drawing on its stock ledger in
// the same transaction) or declines, and reports dispatched → in transit → delivered; the receiver confirms receipt.
// Each change is kept with its transition, told to the other parties through the outbox in the same transaction, and
// audited here; the other parties' nodes audit what they receive. Telling them is decided first by this node's own
// policy (outgoing-releases.ts): a party it may not tell refuses the change.
import { advanceShipment, receiptProblems, type ReceiptLine, type ShipmentStatus } from '../../model/index.ts';
import { OPERATOR_CONSOLE, type ApplicationContext, type AuditEntryDraft, type OutboxMessageDraft } from '../../node/application/index.ts';
import { carriedShipmentFields, decideReleases, refusalWords, refusedParams, type LogisticsRelease } from './outgoing-releases.ts';
import { fail, type ServiceOutcome } from './plan-service.ts';
import { answerReasons, answerStates, rmAnswerPush, type AnswerDrafts } from './rm-answer-push.ts';
import { LOGISTICS_PURPOSE, SHIPMENT_UPDATE, reporterOf, type ShipmentUpdate, type StoredShipment } from './shipment-flow.ts';
import type { ChangeOutcome, LogisticsStorage, ShipmentChange } from './storage.ts';

/** What an operator may do: commit or decline as supplier, report progress as supplier, confirm receipt as receiver. */
export type ShipmentAction =
  | { kind: 'commit' }
  | { kind: 'decline'; reason: string }
  | { kind: 'progress'; state: 'dispatched' | 'in-transit' | 'delivered'; at?: string }
  | { kind: 'receipt'; receipt: ReceiptLine[]; at?: string };

/** What a supplier may do to every order of one plan at once, and the state each order must be in for it. */
export type BulkAction = 'commit' | 'dispatched' | 'in-transit' | 'delivered';
const BULK_FROM: Readonly<Record<BulkAction, StoredShipment['state']>> = {
  commit: 'planned',
  dispatched: 'committed',
  'in-transit': 'dispatched',
  delivered: 'in-transit',
};

/** The outcome of a bulk action: the orders moved, those refused with why, and how many were left as they were. */
export interface BulkOutcome {
  done: string[];
  refused: { orderId: string; code: string; status: number }[];
  untouched: number;
}

const statusCode: Record<Exclude<ChangeOutcome, { ok: true }>['code'], number> = {
  LOGISTICS_ORDER_UNKNOWN: 404,
  LOGISTICS_STOCK_INSUFFICIENT: 409,
  LOGISTICS_TRANSITION_REFUSED: 409,
  LOGISTICS_LEDGER_UNKNOWN: 409,
  LOGISTICS_STOCK_UNKNOWN: 404,
};

export function createShipmentService(context: ApplicationContext, storage: LogisticsStorage) {
  const self = context.node.id;
  const answers = rmAnswerPush(context);

  /** The other parties of a shipment: each hears of a change this node makes. */
  const othersOf = (s: StoredShipment) => [...new Set([s.requester, s.supplier, s.receiver])].filter((p) => p !== self);

  /** What the other parties are told of a shipment's new state. */
  function updateOf(next: StoredShipment, by: string): ShipmentUpdate {
    return {
      orderId: next.orderId, planId: next.planId, requester: next.requester, receiver: next.receiver, areaCode: next.areaCode,
      stock: { id: next.stockId, version: next.stockVersion }, shipment: next.shipment, purpose: LOGISTICS_PURPOSE, by,
      ...(next.places ? { places: next.places } : {}),
    };
  }

  /**
   * One update per other party, to its node — each one this node's policy released (`released`: the fields decided
   * per recipient). A party with no node, or one not decided for what the update now carries, refuses the change.
   */
  function messagesFor(next: StoredShipment, by: string, at: string, released: ReadonlyMap<string, ReadonlySet<string>>): OutboxMessageDraft[] | { unknown: string } | { undecided: string } {
    const peers = new Map(context.peers().map((p) => [p.participantId, p.nodeUrl]));
    const out: OutboxMessageDraft[] = [];
    for (const peer of othersOf(next)) {
      const url = peers.get(peer);
      if (url === undefined) return { unknown: peer };
      const payload = updateOf(next, by);
      const decided = released.get(peer);
      if (!decided || carriedShipmentFields(payload).some((f) => !decided.has(f))) return { undecided: peer };
      out.push({ peer, peerUrl: url, kind: SHIPMENT_UPDATE, idempotencyKey: `logistics-shipment:${next.orderId}:${next.state}`, payload, createdAt: at });
    }
    return out;
  }

  /**
   * This node's decision on telling each other party (with a known node) of `current` moving to `status`, audited
   * before the change: the fields the update will carry, the shipment's area. A party with no node is left to the
   * change, which refuses as before.
   */
  async function decideUpdates(current: StoredShipment, status: ShipmentStatus, by: string, requestId: string) {
    const known = new Set(context.peers().map((p) => p.participantId));
    const preview = carriedShipmentFields(updateOf({ ...current, state: status.state, shipment: { ...current.shipment, status } }, by));
    const releases: LogisticsRelease[] = othersOf(current).filter((p) => known.has(p)).map((recipient) => ({
      recipient, dataset: 'shipments', fields: preview, recordAreas: [current.areaCode], recordIds: [current.orderId],
      what: `shipment update ${current.orderId} ${status.state} to ${recipient}`,
    }));
    const decided = await decideReleases(context, releases, requestId);
    return { decided, released: new Map(releases.map((r) => [r.recipient, new Set(r.fields)])) };
  }

  function statusOf(action: ShipmentAction, at: string): ShipmentStatus {
    switch (action.kind) {
      case 'commit':
        return { state: 'committed', at };
      case 'decline':
        return { state: 'declined', at, reason: action.reason };
      case 'progress':
        return { state: action.state, at: action.at ?? at };
      case 'receipt':
        return { state: 'received', at: action.at ?? at, receipt: action.receipt };
    }
  }

  async function act(orderId: string, action: ShipmentAction, by: string, requestId: string): Promise<ServiceOutcome<StoredShipment>> {
    const now = context.now().toISOString();
    const status = statusOf(action, now);
    if (Number.isNaN(Date.parse(status.at))) return fail(422, 'LOGISTICS_TRANSITION_REFUSED', { orderId, path: '/at', detail: 'not a date-time' }, [{ path: '/at', message: 'date-time' }]);
    let refusal: ServiceOutcome<never> | undefined;
    // The participants whose EDXL-RM requests this shipment serves hear of its new state in the same transaction, where
    // this node's policy allows it: decided and audited first, so nothing is queued that the log does not show.
    // A change this node may not make is refused in its transaction below, with no decision taken for nothing.
    const current = await storage.shipment(orderId);
    const reporting = current !== undefined && reporterIn(current, status.state) === self;
    // The other parties' updates are decided first, by this node's policy: one refused refuses the change.
    const updates = reporting ? await decideUpdates(current, status, by, requestId) : undefined;
    if (updates?.decided.outcome === 'unrecorded') return fail(503, 'NODE_AUDIT_UNAVAILABLE', {});
    if (updates?.decided.outcome === 'refused') {
      const { refusals } = updates.decided;
      const errors = refusals.map((r) => ({ path: '/state', message: refusalWords(context, r) }));
      return fail(403, 'LOGISTICS_UPDATE_RELEASE_REFUSED', { orderId, state: status.state, ...refusedParams(context, refusals) }, errors);
    }
    const sources = reporting ? await answers.sourcesOf(orderId) : [];
    const released = await answers.decide(orderId, status.state, sources, requestId);
    if (!released.ok) return fail(503, 'NODE_AUDIT_UNAVAILABLE', {});
    let answered: AnswerDrafts | undefined;
    const change = (stored: StoredShipment): ShipmentChange | { refuse: Record<string, string | number> } => {
      const may = reporterIn(stored, status.state);
      if (may !== self) return { refuse: { orderId, path: '/state', detail: `only ${may} reports ${status.state}` } };
      if (status.state === 'received') {
        const problems = receiptProblems(stored.shipment.lines, status.receipt, '/receipt');
        if (problems.length > 0) {
          refusal = fail(422, 'LOGISTICS_RECEIPT_INVALID', { path: problems[0]!.path, detail: problems[0]!.message }, problems.map((p) => ({ path: p.path, message: p.message })));
          return { refuse: { orderId, path: problems[0]!.path, detail: problems[0]!.message } };
        }
      }
      const moved = advanceShipment(stored.shipment, status);
      if (!moved.ok) return { refuse: { orderId, path: moved.problems[0]!.path, detail: moved.problems[0]!.message } };
      const next: StoredShipment = {
        ...stored, state: status.state, shipment: moved.value, updatedAt: now,
        ...(status.state === 'dispatched' ? { dispatchedAt: status.at } : {}),
      };
      const messages = messagesFor(next, by, now, updates?.released ?? new Map());
      if ('unknown' in messages) return { refuse: { orderId, path: '/peer', detail: `no node known for ${messages.unknown}` } };
      if ('undecided' in messages) return { refuse: { orderId, path: '/peer', detail: `the update to ${messages.undecided} was not decided for what it carries now` } };
      answered = answers.drafts(next, sources, now, released.releases);
      const told = answerStates(next, answered);
      const detail = {
        ...(status.state === 'received' ? { receipt: status.receipt } : status.state === 'declined' ? { reason: status.reason } : {}),
        ...(told.length > 0 ? { answers: told } : {}),
      };
      const transition = { state: status.state, at: status.at, by, node: self, ...(Object.keys(detail).length > 0 ? { detail } : {}) };
      return { next, transition, messages: [...messages, ...answered.drafts] };
    };
    const outcome = action.kind === 'commit' ? await storage.commit(orderId, change) : await storage.change(orderId, change);
    if (refusal) return refusal;
    if (!outcome.ok) {
      const field = outcome.code === 'LOGISTICS_STOCK_INSUFFICIENT' ? '/quantity' : String(outcome.params.path ?? '/state');
      return fail(statusCode[outcome.code], outcome.code, { path: '/state', detail: '-', ...outcome.params }, [{ path: field, message: outcome.code }]);
    }
    const audited = await context.audit.append(shipmentAudit(outcome.shipment, by, requestId, answered));
    if (!audited) return fail(503, 'NODE_AUDIT_UNAVAILABLE', {});
    return { ok: true, value: outcome.shipment };
  }

  /**
   * One action on every order of a plan this node supplies that is in the state the action follows: each order in its
   * own transaction, like one by one (an order whose stock runs short is refused and the others go on), each audited.
   */
  async function actOnPlan(planId: string, bulk: BulkAction, by: string, requestId: string): Promise<BulkOutcome> {
    const orders = await storage.shipments({ planId });
    const mine = orders.filter((o) => o.supplier === self && o.state === BULK_FROM[bulk]);
    const out: BulkOutcome = { done: [], refused: [], untouched: orders.length - mine.length };
    for (const o of mine) {
      const action: ShipmentAction = bulk === 'commit' ? { kind: 'commit' } : { kind: 'progress', state: bulk };
      const r = await act(o.orderId, action, by, requestId);
      if (r.ok) out.done.push(o.orderId);
      else out.refused.push({ orderId: o.orderId, code: r.code, status: r.status });
    }
    return out;
  }

  return { act, actOnPlan };
}

export type ShipmentService = ReturnType<typeof createShipmentService>;

/** The party of a shipment that reports `state`: the supplier, the receiver, or the requester. */
function reporterIn(s: StoredShipment, state: StoredShipment['state']): string {
  const party = reporterOf(state);
  return party === 'supplier' ? s.supplier : party === 'receiver' ? s.receiver : s.requester;
}

function shipmentAudit(s: StoredShipment, by: string, requestId: string, answered?: AnswerDrafts): AuditEntryDraft {
  return {
    kind: 'logistics-shipment', requester: OPERATOR_CONSOLE, purpose: LOGISTICS_PURPOSE, action: 'write-status', dataset: 'shipments',
    fields: ['status'], recordCount: 1, recordIds: [s.orderId], decision: 'allow',
    reasons: [{ code: 'LOGISTICS_SHIPMENT_CHANGED', params: { orderId: s.orderId, state: s.state, by: by.slice(0, 200) } }, ...answerReasons(s, answered)], requestId,
  };
}
