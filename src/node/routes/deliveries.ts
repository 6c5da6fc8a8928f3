// The receiving side of other nodes' outboxes: POST /federation/deliveries. Only a participant proven by its request
// signature may deliver; each (sender, idempotency key) is applied at most once and a repeat gets the first answer.
// Kinds come from a registry: the node's own (subscription notifications) and those installed applications handle
// (e.g. the lifeline's safety-status updates). For an application's kind the node validates the payload, asks the
// application what it would touch, decides that by the owner's policies, and only then lets it apply — in one
// transaction — and writes the audit entry itself. Every outcome is audited.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AuditEntryDraft, AuditLogWriter } from '../../audit/index.ts';
import type { MessageCode, MessageParams } from '../../i18n/index.ts';
import { message } from '../../i18n/index.ts';
import { validateYielding } from '../../model/index.ts';
import type { IdempotencyRegistry, OutboxDeliveryBody } from '../../federation/outbox.ts';
import { isPublicRequester, type AccessDecision } from '../../policy/index.ts';
import type { AccessGate } from '../access-gate.ts';
import { accessAuditDraft } from '../access-audit.ts';
import { deniedProblem } from '../access-reply.ts';
import { problemOf, problemResponse, requestLang, sendProblem, type Problem } from '../problem.ts';
import type { Authenticator } from '../requester.ts';
import type { DeliveryKindHandler } from './subscriptions.ts';
import type { ApplicationDeliveryKind, DeliveryRecords } from '../application/application.ts';
import { registeredProblemOf } from '../problem.ts';
import { markAudited } from '../audited-requests.ts';
import { appendDeliveryEntry, auditedReceipts } from '../delivery-receipts.ts';

const DeliveryBody = Type.Object(
  {
    kind: Type.String({ minLength: 1, maxLength: 100 }),
    idempotencyKey: Type.String({ minLength: 1, maxLength: 200 }),
    createdAt: Type.String({ maxLength: 40 }),
    payload: Type.Unknown({ description: "the kind's payload, validated against the kind's schema" }),
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
  /** The node's own kinds by name (subscription notifications), each applying its delivery at most once itself. */
  kinds?: Readonly<Record<string, DeliveryKindHandler>>;
  /** Installed applications' kinds by name, decided and audited here (src/node/application). */
  applicationKinds?: ReadonlyMap<string, ApplicationDeliveryKind>;
}

export const deliveryRoutes: FastifyPluginAsync<DeliveryRouteOptions> = async (app, options) => {
  const { gate, auditLog, authenticate } = options;
  const now = options.now ?? (() => new Date());
  // Every kind, the node's own and the applications', keeps its entry pending with its receipt until it is written.
  const receipts = auditedReceipts({ receipts: options.receipts, auditLog });

  const audit = (request: FastifyRequest, draft: AuditEntryDraft) => appendDeliveryEntry(auditLog, request, draft);

  function refusalDraft(request: FastifyRequest, requester: string, code: string, params: MessageParams): AuditEntryDraft {
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

  /** The change is kept but its entry not yet written: 503, so the sender delivers again and the entry is written then. */
  function auditPending(request: FastifyRequest, reply: FastifyReply): FastifyReply {
    const lang = requestLang(request);
    return sendProblem(reply, { ...problemOf(503, 'NODE_AUDIT_UNAVAILABLE', { requestId: request.id }, lang), requestId: request.id });
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
          'received from the same sender is answered as the first time and applied once. Kinds: ' +
          [
            ...Object.keys(options.kinds ?? {}).map((k) => `${k} (the node's own)`),
            ...[...(options.applicationKinds?.values() ?? [])].map((k) => `${k.kind}: ${k.description}`),
          ].join('; '),
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
        if (answer.kind === 'audit-pending') return auditPending(request, reply);
        if (answer.kind === 'problem') {
          // Audited here (a refusal that kept nothing) or with its receipt; marked so the catch-all hook adds no entry.
          if (answer.audit) await audit(request, answer.audit);
          else markAudited(request);
          return sendProblem(reply, { ...answer.problem, requestId: request.id });
        }
        if (answer.audit) await audit(request, answer.audit);
        if (answer.duplicate) reply.header('tsunagu-duplicate', 'true');
        return reply.code(answer.status).send(answer.body);
      }
      const kind = options.applicationKinds?.get(body.kind);
      if (kind === undefined) {
        const params = { kind: body.kind, known: [...(options.applicationKinds?.keys() ?? []), ...Object.keys(options.kinds ?? {})].join(', ') };
        return refuse(request, reply, sender, problemOf(422, 'NODE_DELIVERY_KIND_UNKNOWN', params, lang), params);
      }
      const parsed = await validateYielding(kind.payload, body.payload);
      const refined = parsed.ok ? kind.refine?.(parsed.value) : undefined;
      if (!parsed.ok || refined !== undefined) {
        const detail = parsed.ok ? refined! : parsed.problems.map((p) => `${p.path} ${p.message}`).join('; ').slice(0, 500);
        return refuse(request, reply, sender, problemOf(422, 'NODE_DELIVERY_INVALID', { detail }, lang), { detail });
      }
      const payload = parsed.value;
      let decision: AccessDecision | undefined;
      let draft: AuditEntryDraft | undefined;
      let refusal: { code: string; params: Record<string, string | number> } | undefined;
      /** Refused before anything was written: the key is not kept, so a retry of it is decided afresh. */
      let appliedNothing = false;

      const applyOnce = async (tx: Parameters<Parameters<IdempotencyRegistry['receive']>[2]>[0]): Promise<StoredAnswer> => {
        const records: DeliveryRecords = { get: tx.get, upsert: tx.upsert, tables: tx.applicationSql };
        const resolved = await kind.resolve(payload, records, { sender });
        if (!resolved.ok) {
          appliedNothing = true;
          refusal = resolved.answer.reason;
          draft = refusalDraft(request, sender, resolved.answer.reason.code, resolved.answer.reason.params);
          // What only the log may keep (never the peer) takes the place of the answer's reason there.
          if (resolved.answer.audit) draft = { ...draft, reasons: resolved.answer.audit.map((r) => ({ code: r.code, params: { ...r.params } })) };
          return { status: resolved.answer.status, body: resolved.answer.body };
        }
        decision = gate.decide({ requester, ...resolved.access, requestId: request.id });
        if (decision.effect === 'deny') {
          appliedNothing = true;
          draft = accessAuditDraft({ decision, requestedFields: resolved.access.fields, releasedIds: [] });
          return { status: 403, body: { result: 'denied', [kind.subjectField]: resolved.subjectId, reasons: decision.reasons.map((r) => r.code) } };
        }
        const answer = await kind.apply(payload, resolved.subject, records, { sender, now: now(), requestId: request.id });
        const base = accessAuditDraft({ decision, requestedFields: resolved.access.fields, releasedIds: answer.status < 300 ? answer.recordIds : [] });
        const applied = answer.status < 300 && kind.auditKind !== undefined ? { kind: kind.auditKind } : {};
        draft = { ...base, ...applied, ...(answer.recordIds.length > 0 ? { recordIds: answer.recordIds } : {}), reasons: [...base.reasons, ...(answer.audit ?? [answer.reason])] };
        return { status: answer.status, body: answer.body };
      };
      const received = await receipts.receive<StoredAnswer>(request, sender, body.idempotencyKey, async (tx) => {
        const answer = await applyOnce(tx);
        return { outcome: answer, audit: draft!, ...(appliedNothing ? { appliedNothing: true as const } : {}) };
      });
      if (received.kind === 'audit-pending') return auditPending(request, reply);
      if (received.kind === 'duplicate') {
        const first = received.outcome;
        reply.header('tsunagu-duplicate', 'true');
        return reply.code(first.status).send({ ...first.body, duplicate: true, firstReceivedAt: received.firstReceivedAt });
      }
      const answer = received.outcome;
      markAudited(request);
      if (answer.status < 300 && kind.afterCommit) {
        // After the commit and its audit entry: the kind's own follow-up (a push decided by policy) may write to the log.
        await kind.afterCommit(payload, { sender, requestId: request.id }).catch((e: unknown) => {
          request.log.warn({ kind: kind.kind, err: (e as Error).message }, 'a delivery kind failed after its delivery committed');
        });
      }
      if (answer.status === 403 && decision) return sendProblem(reply, deniedProblem(decision, lang));
      if (refusal !== undefined) return sendProblem(reply, registeredProblemOf(answer.status, refusal.code, refusal.params, lang, { requestId: request.id }));
      return reply.code(answer.status).send(answer.body);
    },
  );
};
