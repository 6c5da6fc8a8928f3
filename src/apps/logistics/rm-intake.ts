// What a whole EDXL-RM RequestResource does to a node's requests (pure: the message and what the node already holds
// in, one step out): store every line, change nothing (the same MessageID again), replace or withdraw the requests of
// the message it recalls (MessageRecall Update / Cancel), or refuse it by name. Storage applies the step atomically.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Demand } from '../../model/index.ts';
import type { RmMessage, RmRequestResource } from '../../node/application/index.ts';

/** A message the node has taken before, as storage reads it inside the intake's transaction. */
export interface KnownRmMessage {
  messageId: string;
  sender: string;
  digest: string;
  /** The later message that updated or cancelled it. */
  withdrawnBy?: string;
  /** Its requests that are still needs (not withdrawn). */
  requestIds: string[];
}

/** One request a line becomes: its id, the line's ResourceInfoElementID, the demand. */
export interface RmRequestLine {
  id: string;
  elementId: string;
  demand: Demand;
}

export type RmRefusalCode =
  | 'LOGISTICS_RM_NOT_REQUEST'
  | 'LOGISTICS_RM_ELEMENT_REPEATED'
  | 'LOGISTICS_RM_MESSAGE_ID_REUSED'
  | 'LOGISTICS_RM_RECALL_UNKNOWN'
  | 'LOGISTICS_RM_RECALL_NOT_SENDER'
  | 'LOGISTICS_RM_RECALL_WITHDRAWN'
  | 'LOGISTICS_RM_RECALL_ORDERED';

export type RmIntakeStep =
  | {
      kind: 'store';
      messageId: string;
      digest: string;
      lines: RmRequestLine[];
      recall?: { messageId: string; type: 'update' | 'cancel'; withdrawn: string[] };
    }
  | { kind: 'unchanged'; messageId: string }
  | { kind: 'refuse'; status: 409 | 422; code: RmRefusalCode; params: Record<string, string | number>; errors?: { path: string; message: string }[] };

/** SHA-256 of the message value as canonical JSON: what "the same message" means for a repeated MessageID. */
export function rmDigest(message: RmMessage): string {
  return createHash('sha256').update(canonicalize(message) ?? '').digest('hex');
}

const PLAIN = /^[A-Za-z0-9_.:@-]+$/;

/**
 * The request id of a line: readable (`rm:<MessageID>/<ResourceInfoElementID>`) when both are plain and short, else a
 * digest of the two (record ids take fewer characters than EDXL-RM's free strings). Unique as MessageIDs are.
 */
export function rmRequestId(messageId: string, elementId: string): string {
  if (PLAIN.test(messageId) && PLAIN.test(elementId) && messageId.length + elementId.length <= 190) return `rm:${messageId}/${elementId}`;
  return `rm:h-${createHash('sha256').update(`${messageId}\n${elementId}`).digest('hex').slice(0, 40)}`;
}

/** The lines of a request as demand values; a line that names no requester asks for its sender. */
export function rmRequestLines(message: RmRequestResource, requester: string): RmRequestLine[] {
  return message.lines.map((l) => ({
    id: rmRequestId(message.header.messageId, l.elementId),
    elementId: l.elementId,
    demand: { ...l.demand, requestedBy: l.demand.requestedBy ?? requester },
  }));
}

export interface RmIntakeFacts {
  /** Who sends it: a participant id, or operator:console. */
  sender: string;
  /** Who its lines ask for when they name nobody (the sending participant, or this node for its own operator). */
  requester: string;
  /** The message with the same MessageID, when the node has one. */
  known?: KnownRmMessage;
  /** The message its MessageRecall names, when the node has one. */
  recalled?: KnownRmMessage;
  /** Request ids that shipments not declined already draw on. */
  ordered: ReadonlySet<string>;
}

export function rmIntakeStep(message: RmMessage, facts: RmIntakeFacts): RmIntakeStep {
  const { messageId } = message.header;
  if (message.type !== 'RequestResource') return { kind: 'refuse', status: 422, code: 'LOGISTICS_RM_NOT_REQUEST', params: { messageId, type: message.type } };
  const seen = new Map<string, number>();
  const repeated: { path: string; message: string }[] = [];
  message.lines.forEach((l, i) => {
    const first = seen.get(l.elementId);
    if (first === undefined) seen.set(l.elementId, i);
    else repeated.push({ path: `ResourceInformation[${i + 1}]/ResourceInfoElementID`, message: `${l.elementId} = ResourceInformation[${first + 1}]` });
  });
  if (repeated.length > 0) {
    return { kind: 'refuse', status: 422, code: 'LOGISTICS_RM_ELEMENT_REPEATED', params: { messageId, element: repeated[0]!.path }, errors: repeated };
  }
  const digest = rmDigest(message);
  if (facts.known) {
    if (facts.known.digest === digest && facts.known.sender === facts.sender) return { kind: 'unchanged', messageId };
    return { kind: 'refuse', status: 409, code: 'LOGISTICS_RM_MESSAGE_ID_REUSED', params: { messageId, sender: facts.known.sender } };
  }
  const lines = rmRequestLines(message, facts.requester);
  const recall = message.header.recall;
  if (!recall) return { kind: 'store', messageId, digest, lines };
  const target = facts.recalled;
  const params = { messageId, recalled: recall.messageId };
  if (!target) return { kind: 'refuse', status: 409, code: 'LOGISTICS_RM_RECALL_UNKNOWN', params };
  if (target.sender !== facts.sender) return { kind: 'refuse', status: 409, code: 'LOGISTICS_RM_RECALL_NOT_SENDER', params: { ...params, sender: target.sender } };
  if (target.withdrawnBy !== undefined) return { kind: 'refuse', status: 409, code: 'LOGISTICS_RM_RECALL_WITHDRAWN', params: { ...params, by: target.withdrawnBy } };
  // A need a plan has already ordered goods for cannot be taken back by message: a person declines the orders first.
  const ordered = target.requestIds.filter((id) => facts.ordered.has(id));
  if (ordered.length > 0) {
    return { kind: 'refuse', status: 409, code: 'LOGISTICS_RM_RECALL_ORDERED', params: { ...params, requests: ordered.join(', ').slice(0, 500) }, errors: ordered.map((id) => ({ path: '/header/recall', message: id })) };
  }
  return { kind: 'store', messageId, digest, lines: recall.type === 'update' ? lines : [], recall: { messageId: recall.messageId, type: recall.type, withdrawn: target.requestIds } };
}
