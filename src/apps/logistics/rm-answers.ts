// What an EDXL-RM answer (CommitResource, ReportResourceDeploymentStatus) does at the node that sent the request (pure):
// find the request it answers and the requested line each of its lines concerns, then store it, change nothing (the
// same MessageID again) or refuse it by name; and, per requested line, what is committed, declined, on its way,
// delivered and received by the answers stored so far.
import type { RmCommitResource, RmDeploymentStatus } from '../../node/application/index.ts';
import { rmDigest } from './rm-intake.ts';
import type { SentLineCounts } from './types.ts';

/**
 * What an answer (CommitResource, ReportResourceDeploymentStatus) tells of a shipment: the fields the policy on
 * `shipments` must grant its reader, whether it reads the answer (signed GET) or is sent it (a push).
 */
export const COMMIT_FIELDS = ['supplier', 'from', 'to', 'lines', 'status'];

/** What one requested line asked for, as the requesting node keeps it when it sends the request. */
export interface SentLine {
  elementId: string;
  category: string;
  unit: string;
  quantity: number;
  areaCode: string;
}

/** A RequestResource this node sent: to a participant's node (`sentTo`), or outside the data space (`recipient` only). */
export interface SentRequest {
  messageId: string;
  sentTo?: string;
  recipient: string;
  sentAt: string;
  sentBy: string;
  lines: SentLine[];
}

export type RmAnswerMessage = RmCommitResource | RmDeploymentStatus;

export type AnswerState = 'committed' | 'declined' | 'provisional' | 'dispatched' | 'in-transit' | 'delivered' | 'received';

/**
 * One line of an answer, resolved: the requested element it concerns (`request`), and `key`, what successive answers
 * about one consignment share (its OrderID, else the element of the commitment line), so the newest state counts.
 */
export interface AnswerLine {
  elementId: string;
  request: string;
  key: string;
  state: AnswerState;
  at: string;
  quantity: number;
  unit: string;
  reason?: string;
  received?: number;
}

export interface AnswerFacts {
  /** Who sends it: a participant id, or operator:console for a file the operator imported. */
  sender: string;
  /** From a participant's node (signed): only the participant the request went to may answer it. */
  signed: boolean;
  /** The request it answers, when this node sent one by that MessageID. */
  sent?: SentRequest;
  /** The stored answer with the same MessageID, when there is one. */
  known?: { digest: string; sender: string };
  /** Lines of answers already stored for that request, so a status line may answer a commitment line. */
  earlier: readonly AnswerLine[];
}

export type AnswerRefusalCode =
  | 'LOGISTICS_RM_ANSWER_REQUEST_UNKNOWN'
  | 'LOGISTICS_RM_ANSWER_LINE_REFUSED'
  | 'LOGISTICS_RM_MESSAGE_ID_REUSED';

export type AnswerStep =
  | { kind: 'store'; messageId: string; type: RmAnswerMessage['type']; answers: string; digest: string; lines: AnswerLine[] }
  | { kind: 'unchanged'; messageId: string; answers: string }
  | { kind: 'refuse'; status: 409 | 422; code: AnswerRefusalCode; params: Record<string, string | number>; errors?: { path: string; message: string }[] };

/**
 * The MessageID of the request an answer concerns. EDXL-RM 1.0 names the exchange's first message in
 * OriginatingMessageID; a CommitResource that answers a request directly also names it in PrecedingMessageID, which is
 * tried when the originating message is not one this node sent (a partner that starts its own exchange).
 */
export function answeredRequestIds(message: RmAnswerMessage): string[] {
  const { originatingMessageId, precedingMessageId } = message.header;
  return [...new Set([originatingMessageId, ...(message.type === 'CommitResource' && precedingMessageId ? [precedingMessageId] : [])])];
}

const answerStates = { accept: 'committed', decline: 'declined', provisional: 'provisional' } as const;

function resolveLines(message: RmAnswerMessage, sent: SentRequest, earlier: readonly AnswerLine[]) {
  const requested = new Map(sent.lines.map((l) => [l.elementId, l]));
  const before = new Map(earlier.map((l) => [l.elementId, l]));
  const lines: AnswerLine[] = [];
  const errors: { path: string; message: string }[] = [];
  message.lines.forEach((l, i) => {
    const path = `ResourceInformation[${i + 1}]`;
    // A status line may name the commitment line it follows instead of the requested line (both are EDXL-RM's
    // PrecedingResourceInfoElementID); either way it comes back to one requested line.
    const ref = l.respondsTo ?? l.elementId;
    const follows = message.type === 'ReportResourceDeploymentStatus' && !requested.has(ref);
    const via = follows ? (before.get(ref) ?? lines.find((x) => x.elementId === ref)) : undefined;
    const request = requested.has(ref) ? ref : via?.request;
    const asked = request === undefined ? undefined : requested.get(request);
    if (asked === undefined) {
      errors.push({ path: `${path}/ResponseInformation/PrecedingResourceInfoElementID`, message: `${ref}: not a line of ${sent.messageId}` });
      return;
    }
    // An Accept without a quantity accepts the line as it was asked.
    const quantity = l.line?.quantity ?? asked.quantity;
    const unit = l.line?.unit ?? asked.unit;
    if (unit !== asked.unit) {
      errors.push({ path: `${path}/Resource/AssignmentInformation/Quantity`, message: `${unit}: ${request} asked in ${asked.unit}` });
      return;
    }
    const key = l.order ?? via?.key ?? l.elementId;
    if (message.type === 'CommitResource') {
      const c = message.lines[i]!;
      lines.push({ elementId: l.elementId, request: asked.elementId, key, state: answerStates[c.answer], at: message.header.sentAt, quantity, unit, ...(c.reason ? { reason: c.reason } : {}) });
    } else {
      const s = message.lines[i]!;
      lines.push({ elementId: l.elementId, request: asked.elementId, key, state: s.state, at: s.at, quantity, unit, ...(s.receipt ? { received: s.receipt.received } : {}) });
    }
  });
  return { lines, errors };
}

export function answerStep(message: RmAnswerMessage, facts: AnswerFacts): AnswerStep {
  const { messageId } = message.header;
  const sent = facts.sent;
  // Who may tell this node about its own request: the participant it was sent to, and nobody else in the data space.
  // To anyone else the request is as unknown as one never sent: the refusal names neither the request nor its addressee.
  if (!sent || (facts.signed && sent.sentTo !== facts.sender)) {
    const request = answeredRequestIds(message).join(', ');
    return { kind: 'refuse', status: 409, code: 'LOGISTICS_RM_ANSWER_REQUEST_UNKNOWN', params: { messageId, request } };
  }
  const digest = rmDigest(message);
  if (facts.known) {
    if (facts.known.digest === digest && facts.known.sender === facts.sender) return { kind: 'unchanged', messageId, answers: sent.messageId };
    return { kind: 'refuse', status: 409, code: 'LOGISTICS_RM_MESSAGE_ID_REUSED', params: { messageId, sender: facts.known.sender } };
  }
  const { lines, errors } = resolveLines(message, sent, facts.earlier);
  if (errors.length > 0) {
    return { kind: 'refuse', status: 422, code: 'LOGISTICS_RM_ANSWER_LINE_REFUSED', params: { messageId, request: sent.messageId, element: errors[0]!.path }, errors };
  }
  return { kind: 'store', messageId, type: message.type, answers: sent.messageId, digest, lines };
}

/** What the answers so far say of one requested line; quantities in the line's unit (the counts as the console reads them). */
export interface SentLineStatus extends SentLine, SentLineCounts {}

// Within one consignment and one instant, the later step of the flow wins (a report and a commitment sent together).
const rank: Readonly<Record<AnswerState, number>> = { provisional: 0, declined: 1, committed: 1, dispatched: 2, 'in-transit': 3, delivered: 4, received: 5 };

/**
 * Per requested line, the newest state of each consignment (by its time, then by its step in the flow) counted:
 * committed is everything accepted (also once dispatched or delivered), in transit is dispatched or on its way,
 * delivered is delivered or received, received is what the receiver counted as received.
 */
export function sentLineStatuses(sent: SentRequest, answers: readonly AnswerLine[]): SentLineStatus[] {
  const newest = new Map<string, AnswerLine>();
  for (const a of answers) {
    const id = `${a.request}\n${a.key}`;
    const was = newest.get(id);
    const later = was === undefined || Date.parse(a.at) > Date.parse(was.at) || (Date.parse(a.at) === Date.parse(was.at) && rank[a.state] >= rank[was.state]);
    if (later) newest.set(id, a);
  }
  return sent.lines.map((line) => {
    const s: SentLineStatus = { ...line, committed: 0, declined: 0, inTransit: 0, delivered: 0, received: 0, provisional: 0 };
    for (const a of newest.values()) {
      if (a.request !== line.elementId) continue;
      if (a.state === 'declined') s.declined += a.quantity;
      else if (a.state === 'provisional') s.provisional += a.quantity;
      else {
        s.committed += a.quantity;
        if (a.state === 'dispatched' || a.state === 'in-transit') s.inTransit += a.quantity;
        if (a.state === 'delivered' || a.state === 'received') s.delivered += a.quantity;
        if (a.state === 'received') s.received += a.received ?? 0;
      }
    }
    return s;
  });
}

/** The audit reason of a batch of answers taken in. */
export function answersTakenReason(steps: readonly { kind: string; messageId: string; answers: string; lines?: readonly unknown[] }[], sender: string, by: string) {
  return {
    code: 'LOGISTICS_RM_ANSWER_TAKEN',
    params: {
      sender, by: by.slice(0, 200), messages: steps.map((s) => s.messageId).join(', ').slice(0, 900),
      requests: [...new Set(steps.map((s) => s.answers))].join(', ').slice(0, 900),
      lines: steps.reduce((n, s) => n + (s.lines?.length ?? 0), 0), unchanged: steps.filter((s) => s.kind === 'unchanged').length,
    },
  };
}

/** The answers of a document, or the first message that is not one. */
export function answerMessagesOf(messages: readonly { type: string; header: { messageId: string } }[]): { ok: true; answers: RmAnswerMessage[] } | { ok: false; messageId: string; type: string } {
  const other = messages.find((m) => m.type !== 'CommitResource' && m.type !== 'ReportResourceDeploymentStatus');
  return other ? { ok: false, messageId: other.header.messageId, type: other.type } : { ok: true, answers: messages as RmAnswerMessage[] };
}
