// The receiving side of other nodes' outboxes: POST /federation/deliveries. Only a participant proven by its request
// signature may deliver; each (sender, idempotency key) is applied at most once and a repeat gets the first answer.
// A safety-status update is decided as `write-status` on the persons dataset; an update older than the stored one is
// a conflict — recorded and answered, never applied over the newer report. Every outcome is audited.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AuditEntryDraft, AuditLogWriter } from '../../audit/index.ts';
import type { MessageCode, MessageParams } from '../../i18n/index.ts';
import { message } from '../../i18n/index.ts';
import { IdSchema, PurposeSchema, SafetySchema, validate, type AreaCode, type Purpose, type Safety } from '../../model/index.ts';
import type { IdempotencyRegistry, OutboxDeliveryBody } from '../../federation/outbox.ts';
import { isPublicRequester, type AccessDecision } from '../../policy/index.ts';
import type { AccessGate } from '../access-gate.ts';
import { accessAuditDraft } from '../access-audit.ts';
import { deniedProblem } from '../access-reply.ts';
import { problemOf, problemResponse, requestLang, sendProblem, type Problem } from '../problem.ts';
import type { Authenticator } from '../requester.ts';
import type { DeliveryKindHandler } from './subscriptions.ts';

export const SAFETY_STATUS_UPDATE = 'safety-status-update';

const DeliveryBody = Type.Object(
  {
    kind: Type.String({ minLength: 1, maxLength: 100 }),
    idempotencyKey: Type.String({ minLength: 1, maxLength: 200 }),
    createdAt: Type.String({ maxLength: 40 }),
    payload: Type.Unknown(),
  },
  { additionalProperties: false },
);

/** A safety-status update; the purpose defaults to life-saving (the reason safety is reported in an emergency). */
export const SafetyStatusUpdateSchema = Type.Object(
  {
    personId: IdSchema,
    safety: SafetySchema,
    purpose: Type.Optional(PurposeSchema),
  },
  { additionalProperties: false },
);

/** What the first delivery was answered, kept with its idempotency key so a repeat is answered the same. */
interface StoredAnswer {
  status: number;
  body: Record<string, unknown>;
}

export interface DeliveryRouteOptions {
  gate: AccessGate;
  receipts: IdempotencyRegistry;
  auditLog: Pick<AuditLogWriter, 'append'>;
  authenticate: Authenticator;
  now?: () => Date;
  /** Further kinds by name (e.g. subscription notifications), each applying its delivery at most once itself. */
  kinds?: Readonly<Record<string, DeliveryKindHandler>>;
}

function lineOf(code: MessageCode, params: MessageParams) {
  return { code, message: message(code, params, 'en') };
}

export const deliveryRoutes: FastifyPluginAsync<DeliveryRouteOptions> = async (app, options) => {
  const { gate, receipts, auditLog, authenticate } = options;
  const now = options.now ?? (() => new Date());

  async function audit(request: FastifyRequest, draft: AuditEntryDraft): Promise<void> {
    try {
      const r = await auditLog.append([draft]);
      if (!r.ok) request.log.error({ requestId: request.id, problems: r.problems.map((p) => p.code) }, 'delivery not audited');
    } catch (e) {
      request.log.error({ requestId: request.id, err: e }, 'delivery not audited');
    }
  }

  function refusalDraft(request: FastifyRequest, requester: string, code: MessageCode, params: MessageParams): AuditEntryDraft {
    const clean: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(params)) if (v !== undefined) clean[k] = typeof v === 'string' ? v.slice(0, 1000) : v;
    return {
      kind: 'access-decision',
      requester,
      purpose: 'unknown',
      action: 'deliver',
      dataset: 'deliveries',
      fields: [],
      recordCount: 0,
      decision: 'deny',
      reasons: [{ code, params: clean }],
      requestId: request.id,
    };
  }

  async function refuse(request: FastifyRequest, reply: FastifyReply, requester: string, problem: Problem, params: MessageParams): Promise<FastifyReply> {
    await audit(request, refusalDraft(request, requester, problem.code, params));
    return sendProblem(reply, { ...problem, requestId: request.id });
  }

  app.post<{ Body: Static<typeof DeliveryBody> }>(
    '/federation/deliveries',
    {
      schema: {
        tags: ['federation'],
        summary: "Receive a delivery from another node's outbox (他ノードからの配信の受信)",
        description:
          'Signed requests only. The Idempotency-Key header must equal the body\'s idempotencyKey; a key already ' +
          `received from the same sender is answered as the first time and applied once. Kinds: ${SAFETY_STATUS_UPDATE} ` +
          '{ personId, safety: { status, whereabouts?, shelter?, reportedBy, reportedAt, note? }, purpose? }.',
        body: DeliveryBody,
        response: {
          401: problemResponse('unsigned, or a signature that did not verify'),
          403: problemResponse("denied by the owner's usage policy (write-status)"),
          404: problemResponse('no such person on this node'),
          422: problemResponse('an unknown kind or a malformed payload'),
        },
      },
    },
    async (request, reply) => {
      const lang = requestLang(request);
      const who = await authenticate(request);
      if (!who.ok) return sendProblem(reply, who.problem);
      const requester = who.value.requester;
      if (isPublicRequester(requester)) {
        return refuse(request, reply, 'public:anonymous', problemOf(401, 'NODE_DELIVERY_UNAUTHENTICATED', {}, lang), {});
      }
      const sender = requester.id;
      const body: OutboxDeliveryBody = request.body;
      const headerKey = request.headers['idempotency-key'];
      if (headerKey !== body.idempotencyKey) {
        const params = { detail: 'the Idempotency-Key header differs from the body idempotencyKey' };
        return refuse(request, reply, sender, problemOf(400, 'NODE_DELIVERY_INVALID', params, lang), params);
      }
      const handler = Object.hasOwn(options.kinds ?? {}, body.kind) ? options.kinds![body.kind] : undefined;
      if (handler) {
        const answer = await handler({ request, sender, idempotencyKey: body.idempotencyKey, payload: body.payload, receipts });
        if (answer.kind === 'problem') {
          await audit(request, answer.audit);
          return sendProblem(reply, { ...answer.problem, requestId: request.id });
        }
        if (answer.audit) await audit(request, answer.audit);
        if (answer.duplicate) reply.header('tsunagu-duplicate', 'true');
        return reply.code(answer.status).send(answer.body);
      }
      if (body.kind !== SAFETY_STATUS_UPDATE) {
        const params = { kind: body.kind, known: [SAFETY_STATUS_UPDATE, ...Object.keys(options.kinds ?? {})].join(', ') };
        return refuse(request, reply, sender, problemOf(422, 'NODE_DELIVERY_KIND_UNKNOWN', params, lang), params);
      }
      const parsed = validate(SafetyStatusUpdateSchema, body.payload);
      const missing = parsed.ok && (!parsed.value.safety.reportedAt || !parsed.value.safety.reportedBy);
      if (!parsed.ok || missing) {
        const detail = parsed.ok ? 'safety.reportedBy and safety.reportedAt are required' : parsed.problems.map((p) => `${p.path} ${p.message}`).join('; ').slice(0, 500);
        return refuse(request, reply, sender, problemOf(422, 'NODE_DELIVERY_INVALID', { detail }, lang), { detail });
      }
      const update = parsed.value;
      const purpose: Purpose = update.purpose ?? 'life-saving';
      const safety: Safety = update.safety;
      let decision: AccessDecision | undefined;
      let draft: AuditEntryDraft | undefined;

      const received = await receipts.receive<StoredAnswer>(sender, body.idempotencyKey, async (tx) => {
        const person = await tx.get('person', update.personId);
        if (!person) {
          const params = { id: update.personId };
          draft = refusalDraft(request, sender, 'NODE_PERSON_UNKNOWN', params);
          return { status: 404, body: { result: 'unknown-person', personId: update.personId, ...lineOf('NODE_PERSON_UNKNOWN', params) } };
        }
        decision = gate.decide({
          requester,
          purpose,
          action: 'write-status',
          dataset: 'persons',
          fields: ['safety'],
          recordAreas: [person.data.areaCode as AreaCode],
          requestId: request.id,
        });
        if (decision.effect === 'deny') {
          draft = accessAuditDraft({ decision, requestedFields: ['safety'], releasedIds: [] });
          return { status: 403, body: { result: 'denied', personId: person.id, reasons: decision.reasons.map((r) => r.code) } };
        }
        const stored = person.data.safety.reportedAt;
        if (stored !== undefined && Date.parse(safety.reportedAt!) < Date.parse(stored)) {
          const params = { id: person.id, stored, received: safety.reportedAt! };
          const base = accessAuditDraft({ decision, requestedFields: ['safety'], releasedIds: [] });
          draft = { ...base, recordIds: [person.id], reasons: [...base.reasons, { code: 'NODE_STATUS_CONFLICT', params }] };
          return { status: 409, body: { result: 'conflict', personId: person.id, storedReportedAt: stored, receivedReportedAt: safety.reportedAt!, ...lineOf('NODE_STATUS_CONFLICT', params) } };
        }
        const [outcome] = await tx.upsert([
          {
            id: person.id,
            type: 'person',
            sourceNode: person.sourceNode,
            observedAt: safety.reportedAt!,
            quality: person.quality,
            lineage: [...person.lineage, { activity: 'federated', sourceNode: sender, recordId: person.id, at: now().toISOString() }],
            data: { ...person.data, safety },
          },
        ]);
        const version = outcome!.version;
        const params = { id: person.id, version };
        const base = accessAuditDraft({ decision, requestedFields: ['safety'], releasedIds: [person.id] });
        draft = { ...base, reasons: [...base.reasons, { code: 'NODE_STATUS_APPLIED', params }] };
        return { status: 200, body: { result: 'applied', personId: person.id, version, ...lineOf('NODE_STATUS_APPLIED', params) } };
      });

      if (received.kind === 'duplicate') {
        const first = received.outcome as StoredAnswer;
        reply.header('tsunagu-duplicate', 'true');
        return reply.code(first.status).send({ ...first.body, duplicate: true, firstReceivedAt: received.firstReceivedAt });
      }
      if (draft) await audit(request, draft);
      const answer = received.outcome;
      if (answer.status === 403 && decision) return sendProblem(reply, deniedProblem(decision, lang));
      if (answer.status === 404) return sendProblem(reply, problemOf(404, 'NODE_PERSON_UNKNOWN', { id: update.personId }, lang, { requestId: request.id }));
      return reply.code(answer.status).send(answer.body);
    },
  );
};
