// Answers pushed back to the participant whose EDXL-RM request a shipment serves: when this node commits or declines
// the shipment, a CommitResource; when it moves on (dispatched, in transit, delivered, received), a
// ReportResourceDeploymentStatus — each queued in the outbox in the same transaction as the change, for the sender of
// the request only, as delivery kind `logistics-resource-answer` (rm-answer-delivery.ts at the other end).
import { createHash } from 'node:crypto';
import { OPERATOR_CONSOLE, type ApplicationContext, type OutboxMessageDraft, type RmHeader, type RmMessage } from '../../node/application/index.ts';
import { RESOURCE_ANSWER, type ResourceAnswer } from './rm-answer-delivery.ts';
import { rmSourcesOf, type RmSource } from './rm-answer-storage.ts';
import { LOGISTICS_PURPOSE } from './shipment-flow.ts';
import type { StoredShipment } from './types.ts';

/** One answer queued: which request, to whom, what kind. */
export interface QueuedAnswer {
  request: string;
  to: string;
  type: RmMessage['type'];
}

export interface AnswerDrafts {
  drafts: OutboxMessageDraft[];
  queued: QueuedAnswer[];
  /** Requests whose answer could not go: the sender has no node this node knows, or the answer could not be written. */
  unsent: { request: string; to: string; reason: string }[];
}

export type { RmSource };

/** One answer per (order, state, request): the request's MessageID as a digest, since MessageIDs are free text. */
const answerKey = (next: StoredShipment, request: string) =>
  `logistics-rm-answer:${next.orderId}:${next.state}:${createHash('sha256').update(request).digest('hex').slice(0, 32)}`;

export function rmAnswerPush(context: ApplicationContext) {
  const self = context.node.id;

  /** The participants' requests a shipment's lines serve (read before the change; a request's message never changes). */
  async function sourcesOf(orderId: string): Promise<RmSource[]> {
    // A file the operator took in has no node to answer to; the node's own requests need no answer.
    return (await rmSourcesOf(context.database, orderId)).filter((x) => x.sender !== OPERATOR_CONSOLE && x.sender !== self);
  }

  function header(messageId: string, request: string, role: 'RespondingOrg' | 'Sender', at: string): RmHeader {
    return { messageId, sentAt: at, originatingMessageId: request, precedingMessageId: request, contact: { role, description: context.node.name.en ?? context.node.name.ja ?? self } };
  }

  /** The message telling a request's sender what became of the shipment, with its lines answering the requested lines. */
  function messageFor(next: StoredShipment, request: string, elementOf: (demand: string | undefined) => string, at: string) {
    const id = `${self}/rm-answer/${next.orderId}/${next.state}`;
    const rm = context.resourceMessages;
    if (next.state === 'committed' || next.state === 'declined') {
      return rm.commitResourceOf(header(id, request, 'RespondingOrg', at), [
        { shipmentId: next.orderId, shipment: next.shipment, respondsTo: (l) => elementOf(next.shipment.lines[l]?.demand), order: next.orderId },
      ]);
    }
    const made = rm.deploymentStatusOf(header(id, request, 'Sender', at), [{ shipmentId: next.orderId, shipment: next.shipment, order: next.orderId }]);
    // Each status line names the requested line it concerns, so the requester needs no earlier commitment to place it.
    return made.ok ? { ok: true as const, message: { ...made.message, lines: made.message.lines.map((l, i) => ({ ...l, respondsTo: elementOf(next.shipment.lines[i]?.demand) })) } } : made;
  }

  /** The outbox messages for a shipment's new state, one per request its lines serve. */
  function drafts(next: StoredShipment, sources: readonly RmSource[], at: string): AnswerDrafts {
    const out: AnswerDrafts = { drafts: [], queued: [], unsent: [] };
    if (next.state === 'planned' || sources.length === 0) return out;
    const peers = new Map(context.peers().map((p) => [p.participantId, p.nodeUrl]));
    const byMessage = new Map<string, RmSource[]>();
    for (const s of sources) byMessage.set(s.messageId, [...(byMessage.get(s.messageId) ?? []), s]);
    for (const [request, lines] of byMessage) {
      const to = lines[0]!.sender;
      const url = peers.get(to);
      if (url === undefined) {
        out.unsent.push({ request, to, reason: 'no node known' });
        continue;
      }
      const elements = new Map(lines.map((l) => [l.demandId, l.elementId]));
      const made = messageFor(next, request, (d) => (d === undefined ? '-' : (elements.get(d) ?? d)), at);
      const xml = made.ok ? context.resourceMessages.write(made.message) : made;
      if (!made.ok || !xml.ok) {
        out.unsent.push({ request, to, reason: (xml.ok ? [] : xml.problems).map((p) => p.code).join(', ').slice(0, 300) || 'unwritable' });
        continue;
      }
      const payload: ResourceAnswer = { document: xml.xml, purpose: LOGISTICS_PURPOSE };
      out.drafts.push({ peer: to, peerUrl: url, kind: RESOURCE_ANSWER, idempotencyKey: answerKey(next, request), payload, createdAt: at });
      out.queued.push({ request, to, type: made.message.type });
    }
    return out;
  }

  return { sourcesOf, drafts };
}

export type RmAnswerPush = ReturnType<typeof rmAnswerPush>;
