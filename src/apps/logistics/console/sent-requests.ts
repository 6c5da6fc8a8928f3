// The "requests sent and answers" view and the answer files' preview as the logistics page words them, pure: what the
// answers say of each requested line (only the counts that are not zero, in the flow's order; what is still
// unanswered), which counts an import would change, the answers received grouped by the requested line they concern,
// and who a request went to and an answer came from, by name.
import type { ReceivedAnswerView, SentLineCounts } from '../types.ts';

/** The counts in the order a consignment moves through them; provisional and declined after. */
export const COUNT_ORDER: readonly (keyof SentLineCounts)[] = ['committed', 'inTransit', 'delivered', 'received', 'provisional', 'declined'];

/** What a requested line's answers say, as the words to show: each count that is not zero, and how much nobody answered. */
export function lineSummary(quantity: number, counts: SentLineCounts): { parts: { count: keyof SentLineCounts; value: number }[]; unanswered: number } {
  const parts = COUNT_ORDER.filter((k) => counts[k] > 0).map((k) => ({ count: k, value: counts[k] }));
  // Committed or declined answers the line; provisional does not (the partner has not decided yet).
  const unanswered = Math.max(0, quantity - counts.committed - counts.declined);
  return { parts, unanswered };
}

/** The counts an import would change, before and after, in the flow's order. */
export function countChanges(before: SentLineCounts, after: SentLineCounts): { count: keyof SentLineCounts; before: number; after: number }[] {
  return COUNT_ORDER.filter((k) => before[k] !== after[k]).map((k) => ({ count: k, before: before[k], after: after[k] }));
}

/** One thing an answer said of a requested line, with the answer it came in. */
export interface SaidOfLine {
  answer: string;
  type: ReceivedAnswerView['type'];
  sender: string;
  receivedAt: string;
  receivedBy: string;
  line: ReceivedAnswerView['lines'][number];
}

/** The answers' lines by the requested line they concern, each list in the order things happened (then as received). */
export function answersByLine(answers: readonly ReceivedAnswerView[]): Map<string, SaidOfLine[]> {
  const by = new Map<string, SaidOfLine[]>();
  for (const a of answers) {
    for (const line of a.lines) {
      const said = { answer: a.messageId, type: a.type, sender: a.sender, receivedAt: a.receivedAt, receivedBy: a.receivedBy, line };
      by.set(line.request, [...(by.get(line.request) ?? []), said]);
    }
  }
  for (const list of by.values()) list.sort((x, y) => Date.parse(x.line.at) - Date.parse(y.line.at) || Date.parse(x.receivedAt) - Date.parse(y.receivedAt));
  return by;
}

/** Who sent an answer: the participant by name, or — for a file the operator imported — the partner the request went to. */
export type AnswerSender = { kind: 'participant'; name: string } | { kind: 'file'; partner: string; by: string };

export const OPERATOR_FILE = 'operator:console';

export function answerSender(sender: string, receivedBy: string, partner: string, nodeName: (id: string) => string): AnswerSender {
  return sender === OPERATOR_FILE ? { kind: 'file', partner, by: receivedBy } : { kind: 'participant', name: nodeName(sender) };
}

/** Whom a request went to, by name: the participant whose node took it, or the partner outside the data space as recorded. */
export function recipientName(request: { sentTo?: string; recipient: string }, nodeName: (id: string) => string): string {
  return request.sentTo !== undefined ? nodeName(request.sentTo) : request.recipient;
}
