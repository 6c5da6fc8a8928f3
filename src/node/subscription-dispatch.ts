// Subscriptions between nodes: the pure checks made when a node subscribes, and the dispatch hook that decides every
// notification again when it leaves the outbox — a permission held when subscribing is no permission to be told later.
//
// Notifications are queued by the store in the transaction of the change (src/store/subscription-store.ts) as bare
// references. `createSubscriptionTransport` wraps the outbox transport: for each notification it looks the
// subscription and the record version up, decides the read for the subscriber and purpose as of now, appends the audit
// entry, and only then hands the masked record to the HTTP transport. A notification that may no longer be sent is
// dropped (dead-lettered, never retried) and the drop is audited.
import { randomUUID } from 'node:crypto';
import type { AuditEntryDraft, AuditLogWriter } from '../audit/index.ts';
import type { MessageCode, MessageParams } from '../i18n/index.ts';
import { areaCode, areaContains, type AreaCode, type RecordType } from '../model/index.ts';
import {
  applyObligations,
  builtInDatasets,
  type AccessDecision,
  type AccessRequest,
  type DatasetDefinition,
  type MaskableRecord,
} from '../policy/index.ts';
import { valueAt } from '../policy/field-grants.ts';
import { accessAuditDraft } from './access-audit.ts';
import type { OutboxMessage } from '../store/outbox-store.ts';
import { NOTIFICATION_KIND, type NotificationRef, type Subscription, type SubscriptionTopic } from '../store/subscription-store.ts';
import type { Store } from '../store/types.ts';
import type { SignedCredential } from '../trust/credential.ts';
import type { NodeSigner } from '../trust/keys.ts';
import { verifyParticipant, type TrustRegistry } from '../trust/trust-registry.ts';
import type { CopyDecision } from '../federation/copies.ts';
import { createHttpTransport, OUTBOX_DELIVERY_PATH, type OutboxTransport } from '../federation/outbox.ts';
import { recipientHold } from './recipient-standing.ts';
import { signRequest } from '../trust/http-signatures/request-signature.ts';

export { NOTIFICATION_KIND };
export type { NotificationRef, Subscription, SubscriptionTopic };

export const SUBSCRIPTION_TOPICS: readonly SubscriptionTopic[] = ['declarations', 'shelter-status', 'records-in-area', 'alerts'];

/** The longest a subscription may run: a standing read must be renewed, and so re-decided, at least this often. */
export const SUBSCRIPTION_MAX_DAYS = 30;

/** Alerts (CAP, JMA) of the node's alerts application: decided by the `alerts` policies (docs/alerts.md). */
export const ALERTS_DATASET = 'alerts';

/** Declarations are published openly (GET /api/v1/declarations); no usage policy governs them. */
export const DECLARATIONS_DATASET = 'declarations';

/** The body of a notification as the subscriber receives it. */
export interface NotificationBody {
  subscriptionId: string;
  topic: SubscriptionTopic;
  dataset: string;
  recordType: RecordType;
  version: number;
  /** The record as the decision at dispatch allowed it (masked by its obligations). */
  record: { id: string } & Record<string, unknown>;
  /** The provider's decision at dispatch: the terms a copy is kept under. Absent for declarations (public). */
  access?: CopyDecision;
}

/**
 * Whether `callbackUrl` is the subscriber's node URL from the trust list or a path under it. Only such a URL may be
 * called back: an arbitrary URL would let any participant make this node POST to hosts of its choosing (SSRF into the
 * node's own network) and would send records to a place that is not the participant the policy allowed (exfiltration
 * to a third party under a legitimate participant's name).
 */
export function callbackUnderNode(callbackUrl: string, nodeUrl: string): boolean {
  let cb: URL;
  let node: URL;
  try {
    cb = new URL(callbackUrl);
    node = new URL(nodeUrl);
  } catch {
    return false;
  }
  if (cb.protocol !== 'https:' && cb.protocol !== 'http:') return false;
  if (cb.username !== '' || cb.password !== '' || cb.hash !== '' || cb.search !== '') return false;
  if (cb.origin !== node.origin) return false;
  const base = node.pathname.endsWith('/') ? node.pathname : `${node.pathname}/`;
  // WHATWG parsing has already resolved dot segments, so a path starting with the base stays under it.
  return cb.pathname === node.pathname || cb.pathname.startsWith(base);
}

/** When a requested expiry is acceptable: after now and at most SUBSCRIPTION_MAX_DAYS ahead. */
export function expiryProblem(expiresAt: string, now: Date): string | undefined {
  const t = Date.parse(expiresAt);
  if (!Number.isFinite(t)) return 'expiresAt is not a date-time';
  if (t <= now.getTime()) return 'expiresAt lies in the past';
  if (t > now.getTime() + SUBSCRIPTION_MAX_DAYS * 86_400_000) return `expiresAt lies more than ${SUBSCRIPTION_MAX_DAYS} days ahead`;
  return undefined;
}

/** Areas a decision concerns for one record: its area, else where the node's data lies. */
export function recordAreasOf(record: MaskableRecord, dataset: DatasetDefinition | undefined, dataAreas: readonly AreaCode[]): AreaCode[] {
  // An alert concerns every municipality it names (validated on import), not one area field.
  const codes = dataset?.name === ALERTS_DATASET ? valueAt(record.data, 'areaCodes') : undefined;
  if (Array.isArray(codes) && codes.length > 0 && codes.every((c) => typeof c === 'string')) return codes as AreaCode[];
  const area = dataset?.areaField ? valueAt(record.data, dataset.areaField) : undefined;
  return typeof area === 'string' ? [area as AreaCode] : [...dataAreas];
}

/** Whether an alert's municipalities overlap a jurisdiction (either contains the other). */
export function alertConcerns(record: MaskableRecord, jurisdiction: readonly AreaCode[]): boolean {
  const codes = valueAt(record.data, 'areaCodes');
  if (!Array.isArray(codes)) return false;
  return codes.some((c) => typeof c === 'string' && jurisdiction.some((j) => areaContains(j, c as AreaCode) || areaContains(c as AreaCode, j)));
}

export interface SubscriptionTransportOptions {
  store: Pick<Store, 'subscriptions' | 'history'>;
  /** The node's decision function (the access gate's `decide`), with the node's policies and declarations in force. */
  decide: (request: AccessRequest) => AccessDecision;
  registry: TrustRegistry;
  auditLog: Pick<AuditLogWriter, 'append'>;
  /** The node's own signer and credential: notifications are signed requests like any other delivery. */
  signer: NodeSigner;
  credential: SignedCredential;
  /** Transport for every other outbox kind (e.g. safety-status updates); notifications never go through it. */
  inner?: OutboxTransport;
  fetch?: typeof fetch;
  datasets?: ReadonlyMap<string, DatasetDefinition>;
  dataAreas?: readonly AreaCode[];
  now?: () => Date;
}

function isNotificationRef(v: unknown): v is NotificationRef {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.subscriptionId === 'string' && typeof r.dataset === 'string' && typeof r.recordType === 'string' &&
    typeof r.recordId === 'string' && typeof r.version === 'number' && typeof r.topic === 'string';
}

/** Outcome of deciding one notification; `send` carries what may leave. */
type Dispatch =
  | { kind: 'send'; body: NotificationBody; subscription: Subscription; audit: AuditEntryDraft }
  | { kind: 'drop'; why: string; audit: AuditEntryDraft };

/**
 * The dispatch hook: wrap the node's outbox transport so that notifications are decided, audited and masked before
 * the HTTP transport sends them. Dropped notifications answer a permanent refusal (the message is dead-lettered with
 * the reason `dropped: …`, which names a code, never record content).
 */
export function createSubscriptionTransport(options: SubscriptionTransportOptions): OutboxTransport {
  const now = options.now ?? (() => new Date());
  const datasets = options.datasets ?? builtInDatasets;
  const dataAreas = options.dataAreas ?? [areaCode('JP')];
  const inner = options.inner ?? createHttpTransport({ ...(options.fetch ? { fetch: options.fetch } : {}), headers: (m, body) => sign(m, new URL(OUTBOX_DELIVERY_PATH.slice(1), m.peerUrl.endsWith('/') ? m.peerUrl : `${m.peerUrl}/`), body) });

  function sign(m: OutboxMessage, url: URL, body: string): Record<string, string> {
    return signRequest({ method: 'POST', url, body, credential: options.credential, signer: options.signer, audience: m.peer, now: now() });
  }

  function dropDraft(ref: NotificationRef, subscriber: string, purpose: string, requestId: string, why: string): AuditEntryDraft {
    const params: MessageParams = { id: ref.subscriptionId, recordId: ref.recordId, version: ref.version, why };
    return {
      kind: 'access-decision',
      requester: subscriber,
      purpose,
      action: 'notify',
      dataset: ref.dataset,
      fields: [],
      recordCount: 0,
      decision: 'deny',
      reasons: [{ code: 'SUBSCRIPTION_NOTIFICATION_DROPPED' satisfies MessageCode, params: params as Record<string, string | number> }],
      requestId,
    };
  }

  async function decideOne(m: OutboxMessage, ref: NotificationRef): Promise<Dispatch> {
    const at = now();
    const requestId = randomUUID();
    const sub = await options.store.subscriptions.get(ref.subscriptionId);
    if (!sub || Date.parse(sub.expiresAt) <= at.getTime()) {
      return { kind: 'drop', why: 'SUBSCRIPTION_ENDED', audit: dropDraft(ref, sub?.subscriber ?? m.peer, sub?.purpose ?? 'unknown', requestId, 'SUBSCRIPTION_ENDED') };
    }
    const record = (await options.store.history(ref.recordType, ref.recordId)).find((r) => r.version === ref.version);
    if (!record) return { kind: 'drop', why: 'RECORD_VERSION_GONE', audit: dropDraft(ref, sub.subscriber, sub.purpose, requestId, 'RECORD_VERSION_GONE') };
    const participant = verifyParticipant(sub.subscriber, options.registry, at);
    if (!participant.ok) {
      const why = participant.problems[0]?.code ?? 'TRUST_PARTICIPANT_UNKNOWN';
      return { kind: 'drop', why, audit: dropDraft(ref, sub.subscriber, sub.purpose, requestId, why) };
    }
    const base = { subscriptionId: sub.id, topic: sub.topic, dataset: sub.dataset, recordType: ref.recordType, version: ref.version };
    const notified = { code: 'SUBSCRIPTION_NOTIFIED' satisfies MessageCode, params: { id: sub.id, recordId: record.id, version: record.version } };

    if (sub.topic === 'declarations') {
      const audit: AuditEntryDraft = {
        kind: 'access-decision',
        requester: sub.subscriber,
        purpose: sub.purpose,
        action: 'notify',
        dataset: DECLARATIONS_DATASET,
        fields: ['*'],
        recordCount: 1,
        recordIds: [record.id],
        decision: 'allow',
        reasons: [notified],
        requestId,
      };
      return { kind: 'send', subscription: sub, audit, body: { ...base, record: { ...record } } };
    }

    const definition = datasets.get(sub.dataset);
    if (sub.topic === 'alerts' && !alertConcerns(record, participant.value.jurisdiction)) {
      // The subscriber's jurisdiction in the trust list may have changed since it subscribed.
      return { kind: 'drop', why: 'OUTSIDE_JURISDICTION', audit: dropDraft(ref, sub.subscriber, sub.purpose, requestId, 'OUTSIDE_JURISDICTION') };
    }
    const decision = options.decide({
      requester: participant.value,
      purpose: sub.purpose as AccessRequest['purpose'],
      action: 'read',
      dataset: sub.dataset,
      fields: '*',
      recordAreas: recordAreasOf(record, definition, dataAreas),
      requestId,
    });
    const masked = decision.effect === 'allow' ? applyObligations(record, decision, datasets) : undefined;
    if (!masked) {
      const why = decision.effect === 'allow' ? 'WITHHELD_BY_OBLIGATIONS' : (decision.reasons[0]?.code ?? 'DENIED');
      const denied = accessAuditDraft({ decision, requestedFields: '*', releasedIds: [] });
      const dropped = dropDraft(ref, sub.subscriber, sub.purpose, requestId, why);
      const audit: AuditEntryDraft = { ...denied, action: 'notify', decision: 'deny', recordCount: 0, reasons: [...denied.reasons, ...dropped.reasons].slice(0, 20) };
      return { kind: 'drop', why, audit };
    }
    const allowed = accessAuditDraft({ decision, requestedFields: '*', releasedIds: [record.id] });
    const access: CopyDecision = {
      effect: decision.effect,
      dataset: decision.dataset,
      purpose: decision.purpose,
      obligations: decision.obligations,
      requestId: decision.requestId,
      ...(decision.policy ? { policy: decision.policy } : {}),
    };
    return {
      kind: 'send',
      subscription: sub,
      audit: { ...allowed, action: 'notify', reasons: [...allowed.reasons, notified].slice(0, 20) },
      body: { ...base, record: masked as NotificationBody['record'], access },
    };
  }

  return async (m, signal) => {
    if (m.kind !== NOTIFICATION_KIND) return recipientHold(options.registry, m.peer, now()) ?? inner(m, signal);
    if (!isNotificationRef(m.payload)) return { ok: false, retry: false, reason: 'dropped: malformed notification' };
    const d = await decideOne(m, m.payload);
    // Nothing leaves before its decision is durable in the audit log; an unrecorded one is retried, not sent.
    try {
      const appended = await options.auditLog.append([d.audit]);
      if (!appended.ok) return { ok: false, retry: true, reason: 'audit log unavailable' };
    } catch {
      return { ok: false, retry: true, reason: 'audit log unavailable' };
    }
    if (d.kind === 'drop') return { ok: false, retry: false, reason: `dropped: ${d.why}` };
    const callback = new URL(d.subscription.callbackUrl);
    const http = createHttpTransport({
      path: callback.pathname,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      headers: (msg, body) => sign(msg, callback, body),
    });
    return http({ ...m, peerUrl: callback.origin, payload: d.body }, signal);
  };
}
