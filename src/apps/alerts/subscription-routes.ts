// The console's side of alert subscriptions (behind the operator token): this node asks another node, in a signed
// request, to send it the alerts of its own jurisdiction (topic `alerts`, docs/alerts.md), lists what it holds at
// each node and ends one. The provider decides and audits; this node audits what its operator asked and the answer.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { AreaCodeSchema, PurposeSchema } from '../../model/index.ts';
import {
  isProblem, OPERATOR_CONSOLE, problemResponse, requestLang, sendProblem, withinOf, type ApplicationContext, type FederationResult, type NodeTarget,
} from '../../node/application/index.ts';
import { alertsMessages } from './messages.ts';

const DATASET = 'alerts';
/** The longest a provider grants (SUBSCRIPTION_MAX_DAYS of the node): a standing subscription is renewed, and so re-decided, monthly. */
const MAX_DAYS = 30;
/** A list of subscriptions never waits longer than this for a node that does not answer. */
const LIST_DEADLINE_MS = 5_000;

const SubscribeBody = Type.Object(
  {
    provider: Type.String({ minLength: 1, maxLength: 200, description: 'the participant id of the node whose alerts to receive' }),
    purpose: PurposeSchema,
    areas: Type.Optional(Type.Array(AreaCodeSchema, { minItems: 1, maxItems: 100, uniqueItems: true, description: "within this node's jurisdiction; all of it by default" })),
    within: Type.Optional(
      Type.Unknown({
        description:
          'instead of areas: a GeoJSON Polygon or MultiPolygon, [lon, lat] WGS84. An alert comes when its own polygon or circle meets it, or when it names a ' +
          'municipality whose representative point lies inside it (docs/alerts.md)',
      }),
    ),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_DAYS, default: MAX_DAYS })),
  },
  { additionalProperties: false },
);
const Held = Type.Object({
  provider: Type.String(),
  id: Type.String(),
  purpose: Type.String(),
  areas: Type.Array(Type.String()),
  /** Made with a polygon: `areas` are then the municipalities whose representative points lie inside it. */
  byPolygon: Type.Optional(Type.Literal(true)),
  expiresAt: Type.String(),
});
const ListResponse = Type.Object({
  items: Type.Array(Held),
  unreachable: Type.Array(Type.Object({ provider: Type.String(), detail: Type.String() })),
});
const EndParams = Type.Object({ provider: Type.String({ minLength: 1, maxLength: 200 }), id: Type.String({ minLength: 1, maxLength: 200 }) });

interface SubscriptionAnswer {
  id: string;
  topic: string;
  purpose: string;
  filter: { areas?: string[]; within?: unknown };
  expiresAt: string;
}

const heldOf = (provider: string, s: SubscriptionAnswer): Static<typeof Held> => ({
  provider, id: s.id, purpose: s.purpose, areas: s.filter.areas ?? [], ...(s.filter.within !== undefined ? { byPolygon: true as const } : {}), expiresAt: s.expiresAt,
});

const targetOf = (p: NodeTarget) => ({ participantId: p.participantId, url: p.nodeUrl });

/** The refusal's words as the provider wrote them (its problem's detail), or the HTTP status. */
function detailOf(result: FederationResult): { status: number; detail: string } {
  if (!result.ok) return { status: 502, detail: result.reason === 'network' ? result.detail : result.problems.map((p) => p.code).join(', ') };
  const body = result.body as { detail?: unknown; code?: unknown } | null;
  return { status: result.status, detail: String(body?.detail ?? body?.code ?? result.status).slice(0, 500) };
}

export function alertsSubscriptionRoutes(context: ApplicationContext): FastifyPluginAsync {
  const providers = () => context.peers().filter((p) => p.participantId !== context.node.id);

  async function audit(request: FastifyRequest, purpose: string, allowed: boolean, code: string, params: Record<string, string | number>): Promise<boolean> {
    return context.audit.append({
      kind: 'alert-subscription',
      requester: OPERATOR_CONSOLE,
      purpose,
      action: 'subscribe',
      dataset: DATASET,
      fields: [],
      recordCount: 0,
      decision: allowed ? 'allow' : 'deny',
      reasons: [{ code, params }],
      requestId: request.id,
    });
  }

  function unavailable(reply: FastifyReply, request: FastifyRequest) {
    return sendProblem(reply, alertsMessages.problem(503, 'ALERTS_PROVIDER_UNREACHABLE', { provider: context.node.id, detail: 'audit log unavailable' }, requestLang(request), { requestId: request.id }));
  }

  return async (app) => {
    app.post<{ Body: Static<typeof SubscribeBody> }>(
      '/alerts/subscriptions',
      {
        schema: {
          tags: ['alerts'],
          summary: "Subscribe this node to another node's alerts for its jurisdiction (警報の購読)",
          description: 'A signed POST /api/v1/subscriptions (topic alerts) to the provider, called back at this node\'s URL from the trust list. Audited here too.',
          body: SubscribeBody,
          response: {
            201: Type.Object({ provider: Type.String(), subscription: Held }),
            400: problemResponse('areas and a polygon together, or a polygon that is not valid (NODE_WITHIN_INVALID)'),
            404: problemResponse('no such provider in the trust list'),
            409: problemResponse('this node has no URL in the trust list to be called back at'),
            422: problemResponse('the provider refused; `detail` carries its reason'),
            502: problemResponse('the provider could not be reached or its answer did not verify'),
            503: problemResponse('the audit log could not record it'),
          },
        },
      },
      async (request, reply) => {
        const lang = requestLang(request);
        const { provider, purpose } = request.body;
        if (request.body.areas !== undefined && request.body.within !== undefined) {
          return sendProblem(reply, alertsMessages.problem(400, 'ALERTS_SUBSCRIBE_AREAS_AND_POLYGON', {}, lang, { requestId: request.id }));
        }
        // Checked here as the provider will check it, so a bad polygon is named before anything is sent.
        const within = request.body.within === undefined ? undefined : await withinOf({ value: request.body.within }, lang);
        if (isProblem(within)) return sendProblem(reply, { ...within, requestId: request.id });
        const target = providers().find((p) => p.participantId === provider);
        if (!target) return sendProblem(reply, alertsMessages.problem(404, 'ALERTS_PROVIDER_UNKNOWN', { provider }, lang, { requestId: request.id }));
        const self = context.peers().find((p) => p.participantId === context.node.id);
        if (!self) return sendProblem(reply, alertsMessages.problem(409, 'ALERTS_SUBSCRIBE_NO_NODE_URL', {}, lang, { requestId: request.id }));
        const expiresAt = new Date(context.now().getTime() + (request.body.days ?? MAX_DAYS) * 86_400_000 - 60_000).toISOString();
        const result = await context.federation.request(targetOf(target), 'POST', '/api/v1/subscriptions', {
          topic: 'alerts',
          purpose,
          callbackUrl: new URL('federation/deliveries', self.nodeUrl).toString(),
          expiresAt,
          ...(request.body.areas ? { areas: request.body.areas } : {}),
          ...(within ? { within } : {}),
        });
        if (!result.ok || result.status !== 201) {
          const { status, detail } = detailOf(result);
          if (!(await audit(request, purpose, false, 'ALERTS_SUBSCRIBE_FAILED_AUDIT_REASON', { provider, detail }))) return unavailable(reply, request);
          return result.ok
            ? sendProblem(reply, alertsMessages.problem(422, 'ALERTS_SUBSCRIBE_REFUSED', { provider, status, detail }, lang, { requestId: request.id }))
            : sendProblem(reply, alertsMessages.problem(502, 'ALERTS_PROVIDER_UNREACHABLE', { provider, detail }, lang, { requestId: request.id }));
        }
        const s = result.body as SubscriptionAnswer;
        const held = heldOf(provider, s);
        const code = held.byPolygon ? 'ALERTS_SUBSCRIBED_POLYGON_AUDIT_REASON' : 'ALERTS_SUBSCRIBED_AUDIT_REASON';
        if (!(await audit(request, purpose, true, code, { provider, id: s.id, areas: held.areas.join(', '), expiresAt: s.expiresAt }))) return unavailable(reply, request);
        return reply.code(201).send({ provider, subscription: held });
      },
    );

    app.get(
      '/alerts/subscriptions',
      {
        schema: {
          tags: ['alerts'],
          summary: "This node's alert subscriptions at every other node (購読中の警報)",
          description: `Asks each node of the trust list (signed GET /api/v1/subscriptions) within ${LIST_DEADLINE_MS / 1000} s; nodes that did not answer are listed.`,
          response: { 200: ListResponse },
        },
      },
      async () => {
        const answers = await Promise.all(
          providers().map(async (p) => ({ provider: p.participantId, result: await context.federation.request(targetOf(p), 'GET', '/api/v1/subscriptions', undefined, AbortSignal.timeout(LIST_DEADLINE_MS)) })),
        );
        const items: Static<typeof Held>[] = [];
        const unreachable: { provider: string; detail: string }[] = [];
        for (const { provider, result } of answers) {
          if (!result.ok || result.status !== 200) {
            unreachable.push({ provider, detail: detailOf(result).detail });
            continue;
          }
          for (const s of (result.body as { items: SubscriptionAnswer[] }).items) {
            if (s.topic === 'alerts') items.push(heldOf(provider, s));
          }
        }
        return { items, unreachable };
      },
    );

    app.delete<{ Params: Static<typeof EndParams> }>(
      '/alerts/subscriptions/:provider/:id',
      {
        schema: {
          tags: ['alerts'],
          summary: 'End one alert subscription at its provider',
          params: EndParams,
          response: { 404: problemResponse('no such provider'), 422: problemResponse('the provider refused'), 502: problemResponse('the provider could not be reached') },
        },
      },
      async (request, reply) => {
        const lang = requestLang(request);
        const { provider, id } = request.params;
        const target = providers().find((p) => p.participantId === provider);
        if (!target) return sendProblem(reply, alertsMessages.problem(404, 'ALERTS_PROVIDER_UNKNOWN', { provider }, lang, { requestId: request.id }));
        const result = await context.federation.request(targetOf(target), 'DELETE', `/api/v1/subscriptions/${encodeURIComponent(id)}`);
        const ended = result.ok && result.status === 204;
        if (!(await audit(request, 'unknown', ended, 'ALERTS_UNSUBSCRIBED_AUDIT_REASON', { provider, id, status: result.ok ? result.status : 502 }))) return unavailable(reply, request);
        if (ended) return reply.code(204).send();
        const { status, detail } = detailOf(result);
        return result.ok
          ? sendProblem(reply, alertsMessages.problem(422, 'ALERTS_SUBSCRIBE_REFUSED', { provider, status, detail }, lang, { requestId: request.id }))
          : sendProblem(reply, alertsMessages.problem(502, 'ALERTS_PROVIDER_UNREACHABLE', { provider, detail }, lang, { requestId: request.id }));
      },
    );
  };
}
