// The node's alerts for other nodes and the public: an Atom feed and each alert or declaration as CAP 1.2, every read
// decided by the node's policies (dataset `alerts`) and audited before it is answered; and pushed alerts from
// participants (signed requests only), decided as writes, stored all-or-nothing and audited, refusals included.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { AlertSchema, alertStatuses, areaCode, codesOf, PurposeSchema, type Purpose } from '../../model/index.ts';
import { builtInDatasets, isPublicRequester, renderDecisionOnce, requesterIdOf, type AccessDecision, type Requester } from '../../policy/index.ts';
import { message, problemOf, problemResponse, requestLang, sendProblem, type ApplicationContext, type Lang } from '../../node/application/index.ts';
import { alertsInForce } from './in-force.ts';
import { alertsMessages } from './messages.ts';

const DATASET = 'alerts';
const ALERT_FIELDS = Object.keys(AlertSchema.properties);
/** The largest document the XML reader takes (docs/alerts.md); a JSON body carries it as one string. */
const MAX_DOCUMENT_CHARS = 1_000_000;

const FeedQuery = Type.Object(
  {
    status: Type.Union(codesOf(alertStatuses).map((s) => Type.Literal(s)), { default: 'actual', description: 'one status only, never mixed' }),
    purpose: Type.Optional(PurposeSchema),
  },
  { additionalProperties: false },
);
const ReadQuery = Type.Object({ purpose: Type.Optional(PurposeSchema) }, { additionalProperties: false });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 300 }) });
const PushBody = Type.Object(
  {
    format: Type.Union([Type.Literal('cap'), Type.Literal('jma')]),
    document: Type.String({ minLength: 1, maxLength: MAX_DOCUMENT_CHARS, description: 'the CAP 1.2 / EDXL-DE or JMA XML text' }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'a file name for lineage' })),
    purpose: Type.Optional(PurposeSchema),
  },
  { additionalProperties: false },
);
const PushResponse = Type.Object({ recordIds: Type.Array(Type.String()), created: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer() });

const readResponses = {
  403: problemResponse("denied by the node's usage policy; `reasons` says why"),
  503: problemResponse('the audit log could not record the read, so nothing was sent'),
};

/** Unauthenticated readers of public warnings most often mean evacuation; the audit records it as stated. */
const DEFAULT_READ_PURPOSE: Purpose = 'evacuation-support';

type Gate = { ok: true; requester: Requester; decision: AccessDecision } | { ok: false };

export function alertsPublicRoutes(context: ApplicationContext): FastifyPluginAsync {
  const datasetLabel = (lang: Lang) => builtInDatasets.get(DATASET)?.label[lang] ?? DATASET;

  function denied(reply: FastifyReply, request: FastifyRequest, decision: AccessDecision, lang: Lang) {
    const reasons = renderDecisionOnce(decision, lang).join(lang === 'ja' ? '。' : '; ');
    return sendProblem(reply, problemOf(403, 'NODE_ACCESS_DENIED', { dataset: datasetLabel(lang), reasons }, lang, { requestId: request.id }));
  }

  /** Who asks, and the node's decision for them; answers the refusal itself (audited) when there is one. */
  async function decide(request: FastifyRequest, reply: FastifyReply, args: { purpose: Purpose; action: 'read' | 'write'; areas: readonly string[] }): Promise<Gate> {
    const lang = requestLang(request);
    const who = await context.access.requester(request);
    if (!who.ok) {
      sendProblem(reply, who.problem);
      return { ok: false };
    }
    // Alerts' codes were validated on import, so areaCode() does not throw on them. Nothing to name (an empty feed,
    // an alert with only a polygon) concerns the node's own areas, as the node's own reads decide it.
    const recordAreas = args.areas.length > 0 ? args.areas.map(areaCode) : [...context.dataAreas];
    const decision = context.access.decide({ requester: who.requester, purpose: args.purpose, action: args.action, dataset: DATASET, fields: '*', recordAreas, requestId: request.id });
    if (decision.effect === 'deny') {
      if (!(await context.access.record(decision, { requestedFields: '*', releasedIds: [] }))) sendProblem(reply, problemOf(503, 'NODE_AUDIT_UNAVAILABLE', { requestId: request.id }, lang));
      else denied(reply, request, decision, lang);
      return { ok: false };
    }
    return { ok: true, requester: who.requester, decision };
  }

  /** Decide and audit a read of these alerts; false when the refusal was already answered. */
  async function release(request: FastifyRequest, reply: FastifyReply, purpose: Purpose, ids: readonly string[], areas: readonly string[]): Promise<boolean> {
    const lang = requestLang(request);
    const gate = await decide(request, reply, { purpose, action: 'read', areas });
    if (!gate.ok) return false;
    // A CAP document is a warning as a whole: one with fields left out would say something its sender did not.
    const granted = new Set(gate.decision.obligations.grantedFields);
    const withheld = ALERT_FIELDS.filter((f) => !granted.has(f));
    const released = withheld.length === 0 ? ids : [];
    if (!(await context.access.record(gate.decision, { requestedFields: '*', releasedIds: released }))) {
      sendProblem(reply, problemOf(503, 'NODE_AUDIT_UNAVAILABLE', { requestId: request.id }, lang));
      return false;
    }
    if (withheld.length > 0) {
      sendProblem(reply, alertsMessages.problem(403, 'ALERTS_CAP_NEEDS_EVERY_FIELD', { fields: withheld.join(', ') }, lang, { requestId: request.id }));
      return false;
    }
    return true;
  }

  return async (app) => {
    app.get<{ Querystring: Static<typeof FeedQuery> }>(
      '/api/v1/alerts/feed.atom',
      {
        schema: {
          tags: ['alerts'],
          summary: "This node's alerts in force as an Atom feed of CAP 1.2 (警報の Atom フィード)",
          description: 'application/atom+xml; each entry carries its CAP document. One status per feed (default actual). Decided by the node\'s policies and audited.',
          querystring: FeedQuery,
          response: readResponses,
        },
      },
      async (request, reply) => {
        const { status } = request.query;
        const records = alertsInForce(await context.alerts.list(status), status, context.now());
        const areas = [...new Set(records.flatMap((r) => r.data.areaCodes))];
        if (!(await release(request, reply, request.query.purpose ?? DEFAULT_READ_PURPOSE, records.map((r) => r.id), areas))) return reply;
        const feed = context.alerts.atomFeed(
          records.map((r) => r.data),
          { id: `urn:tsunagu:${context.node.id}:alerts:${status}`, title: `${context.node.name.ja} / ${context.node.name.en} (${status})`, author: context.node.id, updated: context.now().toISOString() },
        );
        return reply.type('application/atom+xml; charset=utf-8').send(feed);
      },
    );

    app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof ReadQuery> }>(
      '/api/v1/alerts/:id/cap',
      {
        schema: {
          tags: ['alerts'],
          summary: 'One alert of this node as CAP 1.2 (application/cap+xml)',
          params: IdParams,
          querystring: ReadQuery,
          response: { ...readResponses, 404: problemResponse('no such alert on this node') },
        },
      },
      async (request, reply) => {
        const record = await context.alerts.get(request.params.id);
        // An unknown id is decided and audited too, so probing for ids leaves a trace.
        if (!(await release(request, reply, request.query.purpose ?? DEFAULT_READ_PURPOSE, record ? [record.id] : [], record?.data.areaCodes ?? []))) return reply;
        if (!record) return sendProblem(reply, alertsMessages.problem(404, 'ALERTS_ALERT_UNKNOWN', { id: request.params.id }, requestLang(request), { requestId: request.id }));
        return reply.type('application/cap+xml; charset=utf-8').send(context.alerts.toCap(record.data));
      },
    );

    app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof ReadQuery> }>(
      '/api/v1/alerts/declarations/:id/cap',
      {
        schema: {
          tags: ['alerts'],
          summary: 'A disaster declaration in force on this node as CAP 1.2, from its issuer',
          params: IdParams,
          querystring: ReadQuery,
          response: { ...readResponses, 404: problemResponse('no such declaration in force on this node') },
        },
      },
      async (request, reply) => {
        const found = context.declarations().find((d) => d.declaration.id === request.params.id)?.declaration;
        if (!(await release(request, reply, request.query.purpose ?? DEFAULT_READ_PURPOSE, found ? [found.id] : [], found?.areas ?? []))) return reply;
        if (!found) return sendProblem(reply, alertsMessages.problem(404, 'ALERTS_DECLARATION_UNKNOWN', { id: request.params.id }, requestLang(request), { requestId: request.id }));
        return reply.type('application/cap+xml; charset=utf-8').send(context.alerts.declarationToCap(found));
      },
    );

    app.post<{ Body: Static<typeof PushBody> }>(
      '/api/v1/alerts',
      {
        schema: {
          tags: ['alerts'],
          summary: 'Push one CAP 1.2 / EDXL-DE or JMA XML document (signed requests only)',
          description:
            'The document is read as `tsunagu import cap|jma` reads it: hostile XML refused before parsing, schema-validated, ' +
            'Update/Cancel and 取消/訂正 applied; all of it is stored or nothing. Decided as a write on the alerts dataset and audited, refusals included.',
          body: PushBody,
          response: {
            200: PushResponse,
            401: problemResponse('not a signed request of a participant'),
            403: problemResponse("denied by the node's usage policy"),
            422: problemResponse('the document was refused; `reasons` gives every problem'),
            503: problemResponse('the audit log could not record the receipt'),
          },
        },
      },
      async (request, reply) => {
        const lang = requestLang(request);
        const who = await context.access.requester(request);
        if (!who.ok) return sendProblem(reply, who.problem);
        if (isPublicRequester(who.requester)) {
          return sendProblem(reply, alertsMessages.problem(401, 'ALERTS_PUSH_SIGNATURE_REQUIRED', {}, lang, { requestId: request.id }));
        }
        const { format } = request.body;
        const purpose = request.body.purpose ?? 'life-saving';
        const sender = requesterIdOf(who.requester);
        const document = { name: request.body.name ?? `pushed-by-${sender}`, bytes: new TextEncoder().encode(request.body.document) };
        // Read first (nothing stored), so the write is decided for the areas the document concerns.
        const read = context.alerts.read(format, document);
        const areas = read.ok ? [...new Set(read.alerts.flatMap((a) => a.areaCodes))] : [];
        const gate = await decide(request, reply, { purpose, action: 'write', areas });
        if (!gate.ok) return reply;
        const receipt = read.ok ? await context.alerts.receive(format, document) : read;
        const reason: { code: string; params: Record<string, string | number> } = receipt.ok
          ? { code: 'ALERTS_PUSH_AUDIT_REASON', params: { sender, format, count: receipt.recordIds.length } }
          : { code: 'ALERTS_PUSH_REFUSED_AUDIT_REASON', params: { sender, format, codes: [...new Set(receipt.problems.map((p) => p.code))].join(', ').slice(0, 1000) } };
        const audited = await context.audit.append({
          kind: 'alert-received',
          requester: sender,
          purpose,
          action: 'write',
          dataset: DATASET,
          fields: receipt.ok ? [...gate.decision.obligations.grantedFields] : ['*'],
          recordCount: receipt.ok ? receipt.recordIds.length : 0,
          ...(receipt.ok && receipt.recordIds.length > 0 ? { recordIds: receipt.recordIds.slice(0, 1000) } : {}),
          ...(gate.decision.policy ? { policy: gate.decision.policy } : {}),
          decision: receipt.ok ? 'allow' : 'deny',
          reasons: [reason],
          requestId: request.id,
        });
        if (!audited) return sendProblem(reply, problemOf(503, 'NODE_AUDIT_UNAVAILABLE', { requestId: request.id }, lang));
        if (!receipt.ok) {
          const reasons = receipt.problems.map((p) => ({ code: p.code, message: message(p.code, p.params, lang), ...(p.row !== undefined ? { row: p.row } : {}) }));
          const problem = alertsMessages.problem(422, 'ALERTS_DOCUMENT_REFUSED', { reasons: reasons.map((r) => r.message).join(lang === 'ja' ? '。' : '; ') }, lang, { requestId: request.id });
          return sendProblem(reply, { ...problem, reasons });
        }
        return { recordIds: receipt.recordIds, created: receipt.created, updated: receipt.updated, unchanged: receipt.unchanged };
      },
    );
  };
}
