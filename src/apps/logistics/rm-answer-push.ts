// Answers pushed back to the participant whose EDXL-RM request a shipment serves: when this node commits or declines
// the shipment, a CommitResource; when it moves on (dispatched, in transit, delivered, received), a
// ReportResourceDeploymentStatus — each queued in the outbox in the same transaction as the change, for the sender of
// the request only, as delivery kind `logistics-resource-answer` (rm-answer-delivery.ts at the other end). Before
// anything is queued, this node's policy decides releasing the answer to its addressee (context.access.decideRelease:
// dataset `shipments`, action `read`, the answer's fields, the requested lines' areas), audited allowed or denied.
import { createHash } from 'node:crypto';
import { areaCode, type ShipmentState } from '../../model/index.ts';
import { renderDecisionOnce, type AccessDecision } from '../../policy/index.ts';
import { OPERATOR_CONSOLE, type ApplicationContext, type OutboxMessageDraft, type RmHeader, type RmMessage } from '../../node/application/index.ts';
import { RESOURCE_ANSWER, type ResourceAnswer } from './rm-answer-delivery.ts';
import { rmSourcesOf, type RmSource } from './rm-answer-storage.ts';
import { logisticsCatalog, logisticsMessages } from './messages.ts';
import { COMMIT_FIELDS } from './rm-answers.ts';
import { LOGISTICS_PURPOSE } from './shipment-flow.ts';
import type { StoredShipment } from './types.ts';

/** One answer queued: which request, to whom, what kind. */
export interface QueuedAnswer {
  request: string;
  to: string;
  type: RmMessage['type'];
}

/**
 * An answer that does not go: refused by this node's policy (or the addressee is not in good standing in the trust
 * list), the addressee has no node this node knows, or the answer could not be written.
 */
export type UnsentAnswer =
  | { request: string; to: string; why: 'refused'; reasons: string; words: { ja: string; en: string } }
  | { request: string; to: string; why: 'no-node' }
  | { request: string; to: string; why: 'unwritable'; reasons: string };

export interface AnswerDrafts {
  drafts: OutboxMessageDraft[];
  queued: QueuedAnswer[];
  unsent: UnsentAnswer[];
}

/**
 * This node's decision on answering each request (by its MessageID), made and audited before the change; a refusal
 * with its reasons' codes (for the audit entry) and the reasons in words (for the operator).
 */
export type AnswerRelease = { allowed: true } | { allowed: false; reasons: string; words: { ja: string; en: string } };
export type AnswerReleases = ReadonlyMap<string, AnswerRelease>;

/** What deciding the releases came to: the decisions, or the audit log could not record one (then change nothing). */
export type ReleaseOutcome = { ok: true; releases: AnswerReleases } | { ok: false };

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

  /** The requests' lines by MessageID: every line a shipment serves of one request is answered in one message. */
  function byRequest(sources: readonly RmSource[]): Map<string, RmSource[]> {
    const byMessage = new Map<string, RmSource[]>();
    for (const s of sources) byMessage.set(s.messageId, [...(byMessage.get(s.messageId) ?? []), s]);
    return byMessage;
  }

  /**
   * Ask this node to decide releasing the answer about `orderId` reaching `state` to each request's sender (one decision
   * per request, audited allowed or denied). Requests whose sender has no known node are left undecided: nothing could
   * be sent to them.
   */
  async function decide(orderId: string, state: ShipmentState, sources: readonly RmSource[], requestId: string): Promise<ReleaseOutcome> {
    const releases = new Map<string, AnswerRelease>();
    if (state === 'planned' || sources.length === 0) return { ok: true, releases };
    const known = new Set(context.peers().map((p) => p.participantId));
    for (const [request, lines] of byRequest(sources)) {
      const to = lines[0]!.sender;
      if (!known.has(to)) continue;
      const decided = await context.access.decideRelease({
        recipient: to, purpose: LOGISTICS_PURPOSE, action: 'read', dataset: 'shipments', fields: COMMIT_FIELDS,
        recordAreas: [...new Set(lines.map((l) => l.areaCode))].map(areaCode), recordIds: [orderId],
        what: `EDXL-RM answer to request ${request.slice(0, 300)}: dispatch order ${orderId} ${state}`, requestId,
      });
      if (decided.outcome === 'unrecorded') return { ok: false };
      releases.set(request, decided.outcome === 'allowed' ? { allowed: true } : refusalOf(decided.decision));
    }
    return { ok: true, releases };
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

  /** The outbox messages for a shipment's new state, one per request its lines serve that `releases` allowed answering. */
  function drafts(next: StoredShipment, sources: readonly RmSource[], at: string, releases: AnswerReleases): AnswerDrafts {
    const out: AnswerDrafts = { drafts: [], queued: [], unsent: [] };
    if (next.state === 'planned' || sources.length === 0) return out;
    const peers = new Map(context.peers().map((p) => [p.participantId, p.nodeUrl]));
    for (const [request, lines] of byRequest(sources)) {
      const to = lines[0]!.sender;
      const url = peers.get(to);
      const release = releases.get(request);
      if (url === undefined || release === undefined) {
        out.unsent.push({ request, to, why: 'no-node' });
        continue;
      }
      if (!release.allowed) {
        out.unsent.push({ request, to, why: 'refused', reasons: release.reasons, words: release.words });
        continue;
      }
      const elements = new Map(lines.map((l) => [l.demandId, l.elementId]));
      const made = messageFor(next, request, (d) => (d === undefined ? '-' : (elements.get(d) ?? d)), at);
      const xml = made.ok ? context.resourceMessages.write(made.message) : made;
      if (!made.ok || !xml.ok) {
        out.unsent.push({ request, to, why: 'unwritable', reasons: (xml.ok ? [] : xml.problems).map((p) => p.code).join(', ').slice(0, 300) || '-' });
        continue;
      }
      const payload: ResourceAnswer = { document: xml.xml, purpose: LOGISTICS_PURPOSE };
      out.drafts.push({ peer: to, peerUrl: url, kind: RESOURCE_ANSWER, idempotencyKey: answerKey(next, request), payload, createdAt: at });
      out.queued.push({ request, to, type: made.message.type });
    }
    return out;
  }

  return { sourcesOf, decide, drafts };
}

export type RmAnswerPush = ReturnType<typeof rmAnswerPush>;

/** The reasons for the answers a change queued for the senders of EDXL-RM requests, and for those it did not. */
export function answerReasons(s: StoredShipment, answered: AnswerDrafts | undefined): { code: keyof typeof logisticsCatalog; params: Record<string, string | number> }[] {
  const base = { orderId: s.orderId, state: s.state };
  return [
    ...(answered?.queued ?? []).map((q) => ({ code: 'LOGISTICS_RM_ANSWER_QUEUED' as const, params: { ...base, request: q.request.slice(0, 300), type: q.type, to: q.to } })),
    ...(answered?.unsent ?? []).map((u) =>
      u.why === 'refused'
        ? { code: 'LOGISTICS_RM_ANSWER_REFUSED' as const, params: { ...base, request: u.request.slice(0, 300), to: u.to, reasons: u.reasons } }
        : { code: 'LOGISTICS_RM_ANSWER_NOT_QUEUED' as const, params: { ...base, request: u.request.slice(0, 300), to: u.to, reason: u.why === 'no-node' ? 'no node known' : u.reasons } },
    ),
  ];
}

/**
 * What became of each answer of a change, kept with its transition so the operator sees it with the shipment: sent
 * (queued), or not sent and why — in words, in both languages.
 */
export function answerStates(s: StoredShipment, answered: AnswerDrafts) {
  const requests: { request: string; to: string; sent: boolean; words?: { ja: string; en: string } }[] = [
    ...answered.queued.map((q) => ({ request: q.request, to: q.to, sent: true })),
    ...answered.unsent.map((u) => ({ request: u.request, to: u.to, sent: false, ...(u.why === 'refused' ? { words: u.words } : {}) })),
  ];
  return answerReasons(s, answered).map((r, i) => {
    const { words, ...answer } = requests[i]!;
    // A refusal is told with the policy's reasons in words, in each language, where the audit entry keeps their codes.
    const text = (lang: 'ja' | 'en') => logisticsMessages.text(r.code, words ? { ...r.params, reasons: words[lang] } : r.params, lang);
    return { ...answer, code: r.code, message: { ja: text('ja'), en: text('en') } };
  });
}

/** A denied release as the answer's state keeps it: the policy's or trust list's reasons, without the node's note that it is a push. */
export function refusalOf(decision: AccessDecision): AnswerRelease {
  const why = { ...decision, reasons: decision.reasons.filter((r) => r.code !== 'NODE_RELEASE_PUSHED') };
  return {
    allowed: false,
    reasons: why.reasons.map((r) => r.code).join(', ').slice(0, 300) || '-',
    words: { ja: renderDecisionOnce(why, 'ja').join('。').slice(0, 900), en: renderDecisionOnce(why, 'en').join('; ').slice(0, 900) },
  };
}
