// Sending a previewed RequestResource file to a participant's node, in the page's terms, pure: whom it can go to (the
// participants with a node that this node knows, by name, never itself), whether a preview can be sent at all, what
// the confirmation says will go (messages, lines, recipient, who asks), and what became of the delivery afterwards.
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

/** One message of this node's outbox as `GET /operator/outbox` shows it (never its payload). */
export interface OutboxEntry {
  seq: number;
  state: 'pending' | 'delivering' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt?: string;
  settledAt?: string;
  lastError?: { code: string; reason: string };
}

/** What became of a request sent, as far as this node's outbox knows. */
export type Delivery =
  | { kind: 'waiting'; attempts: number; nextAttemptAt?: string; lastReason?: string }
  | { kind: 'delivering' }
  /** The recipient's node answered 2xx: it took the requests in (its policy allowed the write). */
  | { kind: 'delivered'; at?: string }
  /** The recipient's node refused it (its policy, its checks): a dead letter, never tried again by itself. */
  | { kind: 'refused'; reason: string; at?: string }
  /** The recipient's node did not answer in all the attempts the outbox makes: a dead letter. */
  | { kind: 'gave-up'; attempts: number; reason: string; at?: string }
  /** Not in the outbox any more (settled messages are purged after a while). */
  | { kind: 'gone' }
  /** More messages to that participant than one look returns, and this one not among them. */
  | { kind: 'unknown' };

/**
 * The delivery of outbox message `seq`, from the outbox's messages to the recipient (oldest first, at most `limit`):
 * found, its state; not found in a complete list, gone; not found in a list cut at the limit, unknown.
 */
export function deliveryOf(seq: number, messages: readonly OutboxEntry[], limit: number): Delivery {
  const m = messages.find((x) => x.seq === seq);
  if (!m) return messages.length >= limit ? { kind: 'unknown' } : { kind: 'gone' };
  const at = m.settledAt !== undefined ? { at: m.settledAt } : {};
  switch (m.state) {
    case 'pending':
      return { kind: 'waiting', attempts: m.attempts, ...(m.nextAttemptAt !== undefined ? { nextAttemptAt: m.nextAttemptAt } : {}), ...(m.lastError ? { lastReason: m.lastError.reason } : {}) };
    case 'delivering':
      return { kind: 'delivering' };
    case 'delivered':
      return { kind: 'delivered', ...at };
    case 'failed':
      return m.lastError?.code === 'OUTBOX_ATTEMPTS_EXHAUSTED'
        ? { kind: 'gave-up', attempts: m.attempts, reason: m.lastError.reason, ...at }
        : { kind: 'refused', reason: m.lastError?.reason ?? '', ...at };
  }
}
