// What an EDXL-RM answer file (CommitResource, ReportResourceDeploymentStatus from a partner outside the data space)
// says, as the console shows it before it is taken in: per message the request of this node it answers and, per line,
// the requested line it concerns and what it says of it; and which requested lines the import would change. Pure.
import type { Text } from '../../model/index.ts';
import { sentLineStatuses, type AnswerLine, type RmAnswerMessage, type SentLineStatus, type SentRequest } from './rm-answers.ts';
import type { AnswerPreview, AnswerPreviewLine, RequestedLine, SentLineChange, SentLineCounts } from './types.ts';

type AreaName = (code: string) => Text | undefined;

const commitStates = { accept: 'committed', decline: 'declined', provisional: 'provisional' } as const;

function requestedLine(line: SentRequest['lines'][number], areaName: AreaName): RequestedLine {
  const name = areaName(line.areaCode);
  return { elementId: line.elementId, category: line.category, unit: line.unit, quantity: line.quantity, areaCode: line.areaCode, ...(name !== undefined ? { areaName: name } : {}) };
}

/**
 * One answer message as the console shows it. `sent` is the request it answers, when this node sent one; `resolved`
 * the requested element of each of its lines as the import resolved them (in line order: the lines it would store, or
 * stored before under the same MessageID) — else a line is placed by its PrecedingResourceInfoElementID, naming a
 * requested line or the line of an answer received before (`earlier`).
 */
export function previewAnswer(message: RmAnswerMessage, sent: SentRequest | undefined, resolved: readonly string[] | undefined, areaName: AreaName, earlier: readonly AnswerLine[] = []): AnswerPreview {
  const { header } = message;
  const requested = new Map((sent?.lines ?? []).map((l) => [l.elementId, l]));
  const followed = new Map(earlier.map((l) => [l.elementId, l.request]));
  const names = [...new Set([header.originatingMessageId, ...(message.type === 'CommitResource' && header.precedingMessageId ? [header.precedingMessageId] : [])])];
  const place = (i: number, respondsTo: string | undefined): Pick<AnswerPreviewLine, 'requested'> => {
    const ref = respondsTo ?? '';
    const line = requested.get(resolved?.[i] ?? (requested.has(ref) ? ref : (followed.get(ref) ?? '')));
    return line ? { requested: requestedLine(line, areaName) } : {};
  };
  const lines: AnswerPreviewLine[] =
    message.type === 'CommitResource'
      ? message.lines.map((l, i) => ({
          elementId: l.elementId, respondsTo: l.respondsTo, state: commitStates[l.answer], at: header.sentAt,
          ...(l.line ? { quantity: l.line.quantity, unit: l.line.unit } : {}), ...(l.reason ? { reason: l.reason } : {}), ...place(i, l.respondsTo),
        }))
      : message.lines.map((l, i) => ({
          elementId: l.elementId, ...(l.respondsTo ? { respondsTo: l.respondsTo } : {}), state: l.state, at: l.at, quantity: l.line.quantity, unit: l.line.unit,
          ...(l.receipt ? { receipt: { received: l.receipt.received, damaged: l.receipt.damaged, lost: l.receipt.lost } } : {}), ...place(i, l.respondsTo),
        }));
  return {
    messageId: header.messageId, type: message.type, sentAt: header.sentAt, ...(header.contact.description !== undefined ? { contact: header.contact.description } : {}), names,
    ...(sent ? { request: { messageId: sent.messageId, recipient: sent.recipient, sentAt: sent.sentAt, sentBy: sent.sentBy, ...(sent.sentTo !== undefined ? { sentTo: sent.sentTo } : {}) } } : {}),
    lines,
  };
}

const counts = (s: SentLineStatus): SentLineCounts => ({ committed: s.committed, declined: s.declined, inTransit: s.inTransit, delivered: s.delivered, received: s.received, provisional: s.provisional });
const sameCounts = (a: SentLineCounts, b: SentLineCounts) => (Object.keys(a) as (keyof SentLineCounts)[]).every((k) => a[k] === b[k]);

/** The requested lines of a sent request whose counts differ between the answers before and after an import. */
export function sentLineChanges(sent: SentRequest, before: readonly AnswerLine[], after: readonly AnswerLine[], areaName: AreaName): SentLineChange[] {
  const was = sentLineStatuses(sent, before);
  const now = sentLineStatuses(sent, after);
  return sent.lines.flatMap((line, i) => {
    const b = counts(was[i]!);
    const a = counts(now[i]!);
    return sameCounts(a, b) ? [] : [{ request: sent.messageId, ...requestedLine(line, areaName), before: b, after: a }];
  });
}
