// Subscriptions of other nodes to this node's changes: POST/GET/DELETE /api/v1/subscriptions, signed requests only,
// every outcome audited; and the receiving side of notifications (kind `notification` at /federation/deliveries),
// kept as copies under the provider's terms.
//
// A subscription is granted only for what the subscriber may read for that purpose NOW (decided by the same policies
// and declarations in force as a read). Not "what it could read in some emergency": a standing read must never exist
// without a permission that holds when it is made. Every notification is decided again at dispatch
// (src/node/subscription-dispatch.ts), so a permission that lapses stops the flow without anyone deleting anything.
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AuditEntryDraft, AuditLogWriter } from '../../audit/index.ts';
import type { MessageCode, MessageParams } from '../../i18n/index.ts';
import { IdSchema, municipalitiesInside, nationalMunicipalityPoints, PurposeSchema, validate, validateYielding, type AreaCode, type AreaGeometry, type RecordType } from '../../model/index.ts';
import { storeCopies } from '../../federation/copies.ts';
import type { AuditedReceipts } from '../delivery-receipts.ts';
import { ALERTS_DATASET, callbackUnderNode, DECLARATIONS_DATASET, expiryProblem, SUBSCRIPTION_MAX_DAYS } from '../subscription-dispatch.ts';
import { areasOutside } from '../../trust/jurisdiction.ts';
import { isPublicRequester } from '../../policy/index.ts';
import type { Store } from '../../store/types.ts';
import type { Subscription, SubscriptionFilter } from '../../store/subscription-store.ts';
import type { TrustRegistry } from '../../trust/trust-registry.ts';
import type { AccessGate } from '../access-gate.ts';
import { accessAuditDraft } from '../access-audit.ts';
import { deniedProblem } from '../access-reply.ts';
import { isProblem, problemOf, problemResponse, requestLang, sendProblem, type Problem } from '../problem.ts';
import { withinOf } from '../read-params.ts';
import type { Authenticator } from '../requester.ts';
import { datasetRecordTypes } from './datasets.ts';

const SubscribeBody = Type.Object(
  {
    topic: Type.Union([Type.Literal('declarations'), Type.Literal('shelter-status'), Type.Literal('records-in-area'), Type.Literal('alerts')]),
    dataset: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'records-in-area: persons, shelters, facilities or stock' })),
    areas: Type.Optional(
      Type.Array(Type.String({ format: 'area-code' }), {
        minItems: 1,
        maxItems: 100,
        description: "alerts: within the subscriber's jurisdiction (default: all of it); an alert is sent when its areas overlap them",
      }),
    ),
    bbox: Type.Optional(Type.Array(Type.Number(), { minItems: 4, maxItems: 4, description: '[west, south, east, north]' })),
    within: Type.Optional(
      Type.Unknown({
        description:
          'GeoJSON Polygon or MultiPolygon, [lon, lat] WGS84. alerts: instead of areas; an alert is sent when its own polygon or circle meets it, ' +
          "or when an area it names overlaps a municipality whose representative point lies inside it (within the subscriber's jurisdiction)",
      }),
    ),
    purpose: PurposeSchema,
    callbackUrl: Type.String({ minLength: 1, maxLength: 500, description: "the subscriber's node URL from the trust list, or a path under it" }),
    expiresAt: Type.String({ format: 'date-time', maxLength: 40, description: `at most ${SUBSCRIPTION_MAX_DAYS} days ahead` }),
  },
  { additionalProperties: false },
);
type SubscribeBody = Static<typeof SubscribeBody>;

const SubscriptionView = Type.Object({
  id: Type.String(),
  topic: Type.String(),
  dataset: Type.String(),
  filter: Type.Object({}, { additionalProperties: true }),
  purpose: Type.String(),
  callbackUrl: Type.String(),
  createdAt: Type.String(),
  expiresAt: Type.String(),
});

const IdParams = Type.Object({ id: IdSchema });

/** What the subscriber sees of a subscription (not its id as subscriber, nor the internal record type). */
function viewOf(s: Subscription) {
  return { id: s.id, topic: s.topic, dataset: s.dataset, filter: s.filter, purpose: s.purpose, callbackUrl: s.callbackUrl, createdAt: s.createdAt, expiresAt: s.expiresAt };
}

/** What a notification delivery carries (src/node/subscription-dispatch.ts NotificationBody). */
const NotificationPayload = Type.Object(
  {
    subscriptionId: IdSchema,
    topic: Type.String({ maxLength: 50 }),
    dataset: IdSchema,
    recordType: Type.String({ maxLength: 50 }),
    version: Type.Integer({ minimum: 1 }),
    record: Type.Object({ id: IdSchema }, { additionalProperties: true }),
    access: Type.Optional(
      Type.Object(
        {
          effect: Type.Literal('allow'),
          dataset: IdSchema,
          purpose: PurposeSchema,
          policy: Type.Optional(Type.Object({ id: Type.String(), version: Type.Integer({ minimum: 1 }) })),
          obligations: Type.Object(
            { retention: Type.String({ maxLength: 50 }), retentionSeconds: Type.Number({ minimum: 0 }), onwardSharing: Type.Boolean() },
            { additionalProperties: true },
          ),
          requestId: Type.String({ maxLength: 200 }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export interface SubscriptionRouteOptions {
  store: Store;
  gate: AccessGate;
  registry: TrustRegistry;
  auditLog: Pick<AuditLogWriter, 'append'>;
  authenticate: Authenticator;
  published: ReadonlySet<string>;
  dataAreas: readonly AreaCode[];
  now?: () => Date;
}

function subscriptionAudit(request: FastifyRequest, requester: string, decision: 'allow' | 'deny', dataset: string, purpose: string, code: MessageCode, params: MessageParams): AuditEntryDraft {
  const clean: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined) clean[k] = typeof v === 'string' ? v.slice(0, 500) : Number(v);
  return { kind: 'access-decision', requester, purpose, action: 'subscribe', dataset, fields: [], recordCount: 0, decision, reasons: [{ code, params: clean }], requestId: request.id };
}

/** The dataset and record type a topic watches, or why the body does not name one. */
function watched(body: SubscribeBody, published: ReadonlySet<string>): { dataset: string; recordType: RecordType } | string {
  if (body.topic === 'declarations') return { dataset: DECLARATIONS_DATASET, recordType: 'declaration' };
  if (body.topic === 'alerts') {
    if (body.dataset !== undefined && body.dataset !== ALERTS_DATASET) return `alerts watches the dataset ${ALERTS_DATASET}`;
    if (body.bbox !== undefined) return 'alerts are matched by area codes or a polygon (within), not by bbox';
    if (body.areas !== undefined && body.within !== undefined) return 'alerts take areas or within, not both';
    return { dataset: ALERTS_DATASET, recordType: 'alert' };
  }
  if (body.topic === 'shelter-status') {
    if (body.dataset !== undefined && body.dataset !== 'shelters') return 'shelter-status watches the dataset shelters';
    return published.has('shelters') ? { dataset: 'shelters', recordType: 'shelter' } : 'this node does not publish shelters';
  }
  const type = body.dataset === undefined ? undefined : datasetRecordTypes[body.dataset];
  if (body.dataset === undefined || type === undefined || !published.has(body.dataset)) {
    return `records-in-area needs a dataset this node publishes (${[...published].sort().join(', ')})`;
  }
  if (body.areas === undefined && body.bbox === undefined && body.within === undefined) return 'records-in-area needs areas, bbox or within';
  return { dataset: body.dataset, recordType: type };
}

/** The filter a subscription keeps; `within` is the polygon already checked by `withinOf`. */
function filterOf(body: SubscribeBody, within: AreaGeometry | undefined): SubscriptionFilter | string {
  const filter: SubscriptionFilter = {};
  if (body.areas) filter.areas = body.areas as AreaCode[];
  if (body.bbox) {
    const [west, south, east, north] = body.bbox as [number, number, number, number];
    if (!(west >= -180 && east <= 180 && south >= -90 && north <= 90 && west <= east && south <= north)) return 'bbox must be [west, south, east, north] in WGS84 degrees';
    filter.bbox = { west, south, east, north };
  }
  if (within !== undefined) filter.within = within;
  return filter;
}

export const subscriptionRoutes: FastifyPluginAsync<SubscriptionRouteOptions> = async (app, options) => {
  const { store, gate, registry, auditLog, authenticate, published } = options;
  const now = options.now ?? (() => new Date());

  async function audited(request: FastifyRequest, draft: AuditEntryDraft): Promise<boolean> {
    try {
      const r = await auditLog.append([draft]);
      if (r.ok) return true;
      request.log.error({ requestId: request.id, problems: r.problems.map((p) => p.code) }, 'subscription not audited');
    } catch (e) {
      request.log.error({ requestId: request.id, err: e }, 'subscription not audited');
    }
    return false;
  }

  /**
   * The signed participant, or the refusal to send (an unsigned request is refused 401 and audited). A value, not the
   * sent reply: a FastifyReply is thenable, so an async function returning one resolves to undefined once it is sent.
   */
  async function subscriber(
    request: FastifyRequest,
  ): Promise<{ kind: 'subscriber'; id: string; requester: Parameters<AccessGate['decide']>[0]['requester'] } | { kind: 'refused'; problem: Problem }> {
    const who = await authenticate(request);
    if (!who.ok) return { kind: 'refused', problem: who.problem };
    const requester = who.value.requester;
    if (isPublicRequester(requester)) {
      await audited(request, subscriptionAudit(request, 'public:anonymous', 'deny', 'subscriptions', 'unknown', 'SUBSCRIPTION_UNAUTHENTICATED', {}));
      return { kind: 'refused', problem: problemOf(401, 'SUBSCRIPTION_UNAUTHENTICATED', {}, requestLang(request), { requestId: request.id }) };
    }
    return { kind: 'subscriber', id: requester.id, requester };
  }

  async function refuse(request: FastifyRequest, reply: FastifyReply, draft: AuditEntryDraft, problem: Problem): Promise<FastifyReply> {
    await audited(request, draft);
    return sendProblem(reply, { ...problem, requestId: request.id });
  }

  app.post<{ Body: SubscribeBody }>(
    '/api/v1/subscriptions',
    {
      schema: {
        tags: ['subscriptions'],
        summary: 'Subscribe to changes (変更の購読)',
        description:
          'Signed requests only. Granted only for what the subscriber may read for the purpose now; every notification ' +
          `is decided again when it is sent. callbackUrl must lie under the subscriber's node URL in the trust list; expiresAt at most ${SUBSCRIPTION_MAX_DAYS} days ahead.`,
        body: SubscribeBody,
        response: {
          201: SubscriptionView,
          400: problemResponse('an invalid subscription'),
          401: problemResponse('unsigned, or a signature that did not verify'),
          403: problemResponse("denied by the owner's usage policy, or a callback outside the subscriber's node"),
        },
      },
    },
    async (request, reply) => {
      const lang = requestLang(request);
      const who = await subscriber(request);
      if (who.kind === 'refused') return sendProblem(reply, who.problem);
      const body = request.body;
      const invalid = (detail: string) =>
        refuse(request, reply, subscriptionAudit(request, who.id, 'deny', body.dataset ?? body.topic, body.purpose, 'SUBSCRIPTION_INVALID', { detail }), problemOf(400, 'SUBSCRIPTION_INVALID', { detail }, lang));
      const target = watched(body, published);
      if (typeof target === 'string') return invalid(target);
      // The polygon is checked as every polygon-taking route checks it (shape, closed rings that do not cross, size).
      const within = body.within === undefined ? undefined : await withinOf({ value: body.within }, lang);
      if (isProblem(within)) {
        const detail = within.detail ?? within.title;
        return refuse(request, reply, subscriptionAudit(request, who.id, 'deny', target.dataset, body.purpose, 'NODE_WITHIN_INVALID', { detail }), within);
      }
      const filter = filterOf(body, within);
      if (typeof filter === 'string') return invalid(filter);
      const at = now();
      const expiry = expiryProblem(body.expiresAt, at);
      if (expiry) return invalid(expiry);

      const listed = registry.participants.get(who.id)?.entry.participant;
      const nodeUrl = listed?.nodeUrl;
      if (nodeUrl === undefined || !callbackUnderNode(body.callbackUrl, nodeUrl)) {
        const params = { callbackUrl: body.callbackUrl.slice(0, 300), nodeUrl: nodeUrl ?? '-' };
        return refuse(request, reply, subscriptionAudit(request, who.id, 'deny', target.dataset, body.purpose, 'SUBSCRIPTION_CALLBACK_OUTSIDE_NODE', params), problemOf(403, 'SUBSCRIPTION_CALLBACK_OUTSIDE_NODE', params, lang));
      }
      let decidedAreas: AreaCode[] | undefined;
      if (body.topic === 'alerts') {
        // A node is told of the alerts for its own area: the trust list's jurisdiction, or a part of it.
        const jurisdiction: readonly string[] = listed?.jurisdiction ?? [];
        // A polygon stands for the municipalities whose representative points lie inside it (docs/alerts.md).
        if (filter.within !== undefined) filter.areas = municipalitiesInside(filter.within, nationalMunicipalityPoints);
        const outside = areasOutside(filter.areas ?? [], jurisdiction);
        if (outside.length > 0) {
          const params = { areas: outside.join(', ').slice(0, 300), jurisdiction: jurisdiction.join(', ').slice(0, 300) };
          return refuse(request, reply, subscriptionAudit(request, who.id, 'deny', target.dataset, body.purpose, 'SUBSCRIPTION_AREAS_OUTSIDE_JURISDICTION', params), problemOf(403, 'SUBSCRIPTION_AREAS_OUTSIDE_JURISDICTION', params, lang));
        }
        filter.areas ??= [...jurisdiction] as AreaCode[];
        // A polygon over no municipality the points table knows is decided for the whole jurisdiction: the most it can receive.
        if (filter.areas.length === 0) decidedAreas = [...jurisdiction] as AreaCode[];
      }

      const id = `sub-${randomUUID()}`;
      const created: { code: MessageCode; params: Record<string, string> } = { code: 'SUBSCRIPTION_CREATED', params: { id, topic: body.topic, expiresAt: new Date(body.expiresAt).toISOString() } };
      let draft: AuditEntryDraft;
      if (target.dataset === DECLARATIONS_DATASET) {
        draft = { ...subscriptionAudit(request, who.id, 'allow', target.dataset, body.purpose, created.code, created.params) };
      } else {
        const decision = gate.decide({
          requester: who.requester,
          purpose: body.purpose,
          action: 'read',
          dataset: target.dataset,
          fields: '*',
          recordAreas: decidedAreas ?? filter.areas ?? options.dataAreas,
          requestId: request.id,
        });
        const base = accessAuditDraft({ decision, requestedFields: '*', releasedIds: [] });
        if (decision.effect === 'deny') {
          await audited(request, { ...base, action: 'subscribe', reasons: [...base.reasons, { code: 'SUBSCRIPTION_DENIED', params: { dataset: target.dataset, purpose: body.purpose } }].slice(0, 20) });
          return sendProblem(reply, { ...deniedProblem(decision, lang), requestId: request.id });
        }
        draft = { ...base, action: 'subscribe', reasons: [...base.reasons, created].slice(0, 20) };
      }
      if (!(await audited(request, draft))) return sendProblem(reply, problemOf(503, 'NODE_AUDIT_UNAVAILABLE', { requestId: request.id }, lang, { requestId: request.id }));
      const subscription: Subscription = {
        id,
        subscriber: who.id,
        topic: body.topic,
        dataset: target.dataset,
        recordType: target.recordType,
        filter,
        purpose: body.purpose,
        peerUrl: nodeUrl,
        callbackUrl: body.callbackUrl,
        createdAt: at.toISOString(),
        expiresAt: new Date(body.expiresAt).toISOString(),
      };
      await store.subscriptions.create(subscription);
      return reply.code(201).send(viewOf(subscription));
    },
  );

  app.get(
    '/api/v1/subscriptions',
    {
      schema: {
        tags: ['subscriptions'],
        summary: "The requester's own subscriptions (自ノードの購読一覧)",
        response: { 200: Type.Object({ items: Type.Array(SubscriptionView) }), 401: problemResponse('unsigned') },
      },
    },
    async (request, reply) => {
      const who = await subscriber(request);
      if (who.kind === 'refused') return sendProblem(reply, who.problem);
      const items = await store.subscriptions.listBySubscriber(who.id);
      return { items: items.map(viewOf) };
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/api/v1/subscriptions/:id',
    {
      schema: {
        tags: ['subscriptions'],
        summary: 'End a subscription (購読の削除)',
        params: IdParams,
        response: { 401: problemResponse('unsigned'), 404: problemResponse('no such subscription of the requester') },
      },
    },
    async (request, reply) => {
      const lang = requestLang(request);
      const who = await subscriber(request);
      if (who.kind === 'refused') return sendProblem(reply, who.problem);
      const { id } = request.params;
      const deleted = await store.subscriptions.delete(id, who.id);
      const code: MessageCode = deleted ? 'SUBSCRIPTION_DELETED' : 'SUBSCRIPTION_UNKNOWN';
      await audited(request, subscriptionAudit(request, who.id, deleted ? 'allow' : 'deny', 'subscriptions', 'unknown', code, { id }));
      if (!deleted) return sendProblem(reply, problemOf(404, 'SUBSCRIPTION_UNKNOWN', { id }, lang, { requestId: request.id }));
      return reply.code(204).send();
    },
  );
};

// ---- Receiving side ----------------------------------------------------------------------------------------------

/**
 * What a delivery-kind handler answers: a body, or a problem, with the entry to append for an outcome that kept nothing
 * (a refusal before the receipt, a repeat); what a delivery kept is audited with its receipt (src/node/delivery-receipts.ts),
 * and `audit-pending` says its entry is not written yet (answered 503, so the sender delivers again).
 */
export type DeliveryKindAnswer =
  | { kind: 'answer'; status: number; body: Record<string, unknown>; audit?: AuditEntryDraft; duplicate?: boolean }
  | { kind: 'problem'; problem: Problem; audit?: AuditEntryDraft }
  | { kind: 'audit-pending' };

export interface DeliveryKindInput {
  request: FastifyRequest;
  sender: string;
  idempotencyKey: string;
  payload: unknown;
  receipts: AuditedReceipts;
}

export type DeliveryKindHandler = (input: DeliveryKindInput) => Promise<DeliveryKindAnswer>;

/**
 * Kind `notification`: the record is kept as a copy under the terms the provider's decision at dispatch set (its
 * retention and onward sharing), then the key is recorded, so a repeat is answered as the first time. The copy is
 * written before the receipt (PGlite runs one transaction at a time, and copies are not part of a record transaction);
 * a repeat therefore rewrites the same copy, which changes nothing but its receipt time.
 */
export function notificationReceiver(options: {
  store: Pick<Store, 'copies'>;
  now?: () => Date;
  /** Told of each new (not repeated) notification once its record is kept as a copy (installed applications listen here). */
  onReceived?: (n: { provider: string; dataset: string; recordId: string; subscriptionId: string }) => Promise<void>;
}): DeliveryKindHandler {
  const now = options.now ?? (() => new Date());
  return async ({ request, sender, idempotencyKey, payload, receipts }) => {
    const lang = requestLang(request);
    const parsed = await validateYielding(NotificationPayload, payload);
    if (!parsed.ok) {
      const detail = parsed.problems.map((p) => `${p.path} ${p.message}`).join('; ').slice(0, 500);
      return {
        kind: 'problem',
        problem: problemOf(422, 'NODE_DELIVERY_INVALID', { detail }, lang, { requestId: request.id }),
        audit: subscriptionAudit(request, sender, 'deny', 'deliveries', 'unknown', 'NODE_DELIVERY_INVALID', { detail }),
      };
    }
    const n = parsed.value;
    let stored = 0;
    if (n.access) {
      const { policy, ...terms } = n.access;
      const decision = {
        ...terms,
        ...(policy ? { policy } : {}),
        // Only retention and onward sharing govern a copy; the rest of the provider's obligations stay with it.
        obligations: { grantedFields: [], maskedFields: [], sensitiveFields: [], requireConsent: false, audit: true as const, ...n.access.obligations },
      };
      const kept = await storeCopies(options.store, { provider: sender, decision, records: [n.record], receivedAt: now() });
      if (kept.ok) stored = kept.stored;
    }
    const params = { id: n.subscriptionId, provider: sender, recordId: n.record.id, stored };
    const body = { result: 'received', subscriptionId: n.subscriptionId, recordId: n.record.id, stored };
    const audit: AuditEntryDraft = {
      kind: 'access-decision',
      requester: sender,
      purpose: n.access?.purpose ?? 'unknown',
      action: 'receive-notification',
      dataset: n.dataset,
      fields: [],
      recordCount: 1,
      recordIds: [n.record.id],
      decision: 'allow',
      reasons: [{ code: 'SUBSCRIPTION_NOTIFICATION_RECEIVED', params }],
      requestId: request.id,
    };
    const received = await receipts.receive(request, sender, idempotencyKey, async () => ({ outcome: { status: 200, body }, audit }));
    if (received.kind === 'duplicate') {
      const first = received.outcome;
      return { kind: 'answer', status: first.status, body: { ...first.body, duplicate: true, firstReceivedAt: received.firstReceivedAt }, duplicate: true };
    }
    // Kept even when its entry is still pending: the redelivery is a repeat, so applications hear of it now or never.
    if (options.onReceived) await options.onReceived({ provider: sender, dataset: n.dataset, recordId: n.record.id, subscriptionId: n.subscriptionId });
    return received.kind === 'audit-pending' ? received : { kind: 'answer', status: 200, body };
  };
}
