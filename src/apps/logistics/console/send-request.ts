// Sending a previewed RequestResource file to a participant's node, in the page's terms, pure: whom it can go to (the
// participants with a node that this node knows, by name, never itself), whether a preview can be sent at all, and what
// the confirmation says will go (messages, lines, recipient, who asks).
import type { RequestFilePreview } from '../types.ts';

/** A participant a request can be sent to: its id (sent to the node) and the name the operator chooses by. */
export interface Recipient {
  participantId: string;
  /** The participant's name; its id in brackets only when another participant has the same name. */
  label: string;
}

/**
 * The participants with a node, other than this one, by name in the reader's collation (ties by id). The node's
 * session lists the peers of its trust lists, itself included; a request to itself would be an import, which the
 * page already offers.
 */
export function recipientChoices(
  peers: readonly { participantId: string; nodeUrl: string }[],
  self: string,
  nameOf: (participantId: string) => string,
  lang: 'ja' | 'en',
): Recipient[] {
  const others = peers.filter((p) => p.participantId !== self && p.nodeUrl.trim() !== '');
  const unique = [...new Map(others.map((p) => [p.participantId, p])).values()];
  const named = unique.map((p) => ({ participantId: p.participantId, name: nameOf(p.participantId) }));
  const seen = new Map<string, number>();
  for (const r of named) seen.set(r.name, (seen.get(r.name) ?? 0) + 1);
  const collator = new Intl.Collator(lang === 'ja' ? 'ja-JP' : 'en-GB', { sensitivity: 'base', numeric: true });
  return named
    .sort((a, b) => collator.compare(a.name, b.name) || (a.participantId < b.participantId ? -1 : a.participantId > b.participantId ? 1 : 0))
    .map((r) => ({ participantId: r.participantId, label: (seen.get(r.name) ?? 0) > 1 && r.name !== r.participantId ? `${r.name} (${r.participantId})` : r.name }));
}

/** What sending a file would send: each message with its lines, and all lines together. */
export interface SendSummary {
  messages: { messageId: string; lines: number; recall?: { type: 'update' | 'cancel'; messageId: string } }[];
  lines: number;
}

/**
 * What a preview would send, or undefined when it cannot be sent: the node sends RequestResource messages only, so a
 * file holding an answer (CommitResource, deployment status) is not offered, nor one with no message.
 */
export function sendSummary(preview: RequestFilePreview): SendSummary | undefined {
  if (preview.kind !== 'requests' || preview.answers.length > 0 || preview.messages.length === 0) return undefined;
  const messages = preview.messages.map((m) => ({ messageId: m.messageId, lines: m.lines.length, ...(m.recall ? { recall: m.recall } : {}) }));
  return { messages, lines: messages.reduce((n, m) => n + m.lines, 0) };
}
