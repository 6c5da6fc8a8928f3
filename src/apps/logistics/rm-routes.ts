// The logistics application's EDXL-RM 1.0 routes for the node's operator (under /operator, behind its token): take a
// whole RequestResource file in as requests, send one to a participant's node (signed, through the outbox), read the
// answer that node gives, and a plan's commitments or deployment status as EDXL-RM. Bodies are XML (application/xml).
import { createHash } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { areaName } from '../../model/area-names.ts';
import { IdSchema, ParticipantIdSchema, TextSchema } from '../../model/index.ts';
import { OPERATOR_CONSOLE, problemResponse, requestLang, type ApplicationContext } from '../../node/application/index.ts';
import { carriedByRequests, decideReleases, refusalWords, refusedParams } from './outgoing-releases.ts';
import { sendOutcome } from './outcome-reply.ts';
import { RESOURCE_REQUEST, type ResourceRequest } from './rm-delivery.ts';
import { recordAllSent, SentReused } from './rm-answer-storage.ts';
import { createRmService, problemErrors } from './rm-service.ts';
import { LOGISTICS_PURPOSE } from './shipment-flow.ts';
import type { LogisticsStorage } from './storage.ts';

/** The reader refuses more (4 MB); a document sent to a peer must also fit a delivery (1 MB of JSON). */
const MAX_XML_BYTES = 4 * 1024 * 1024;
export const XML_MEDIA_TYPE = 'application/xml; charset=utf-8';

const By = Type.String({ minLength: 1, maxLength: 200, description: 'the operator acting, as named in the console' });
/** The language of problems and texts, as every route of the node takes it (else Accept-Language). */
export const langParam = Type.Optional(Type.Union([Type.Literal('ja'), Type.Literal('en')]));
const ImportQuery = Type.Object({ by: By, lang: langParam }, { additionalProperties: false });
const SendQuery = Type.Object({ to: ParticipantIdSchema, by: By, lang: langParam }, { additionalProperties: false });
const MessageParams = Type.Object({ messageId: Type.String({ minLength: 1, maxLength: 300 }) });
const AnswerQuery = Type.Object({ from: ParticipantIdSchema, lang: langParam }, { additionalProperties: false });
const PlanParams = Type.Object({ planId: IdSchema });
const PlanMessageQuery = Type.Object(
  { type: Type.Union([Type.Literal('commit'), Type.Literal('status')], { description: 'commit: CommitResource; status: ReportResourceDeploymentStatus' }), lang: langParam },
  { additionalProperties: false },
);
const TakenSchema = Type.Object({
  messages: Type.Array(
    Type.Object({
      messageId: Type.String(),
      result: Type.Union([Type.Literal('stored'), Type.Literal('updated'), Type.Literal('cancelled'), Type.Literal('unchanged')]),
      lines: Type.Integer(),
      requestIds: Type.Array(Type.String()),
      withdrawn: Type.Array(Type.String()),
      type: Type.Optional(Type.String({ description: 'an answer: CommitResource or ReportResourceDeploymentStatus' })),
      answers: Type.Optional(Type.String({ description: 'an answer: the MessageID of the request it answers' })),
    }),
  ),
});
const RecordSentQuery = Type.Object(
  { recipient: Type.String({ minLength: 1, maxLength: 200, description: 'who outside the data space the request went to (e.g. DELSA warehouse, Subang)' }), by: By, lang: langParam },
  { additionalProperties: false },
);
const SentLineSchema = Type.Object({
  elementId: Type.String(), category: Type.String(), unit: Type.String(), quantity: Type.Number(), areaCode: Type.String(),
  committed: Type.Number(), declined: Type.Number(), inTransit: Type.Number(), delivered: Type.Number(), received: Type.Number(), provisional: Type.Number(),
});
export const SentRequestSchema = Type.Object({
  messageId: Type.String(),
  sentTo: Type.Optional(Type.String({ description: 'the participant whose node the request went to' })),
  recipient: Type.String(),
  sentAt: Type.String(),
  sentBy: Type.String(),
  answers: Type.Integer({ description: 'answers (CommitResource, ReportResourceDeploymentStatus) stored for it' }),
  lines: Type.Array(SentLineSchema),
});

const xmlBody = 'The body is the XML (`Content-Type: application/xml`): one message alone, or messages in an EDXL-DE 1.0 envelope.';
const tags = ['logistics'];

/** The outbox key of a document sent: its MessageIDs, or their digest when too long for a key (never cut: two documents could share a prefix). */
function sendKey(messageIds: readonly string[]): string {
  const key = `logistics-rm:${messageIds.join('+')}`;
  return key.length <= 200 ? key : `logistics-rm:h-${createHash('sha256').update(messageIds.join('\n')).digest('hex')}`;
}

export interface RmRouteOptions {
  context: ApplicationContext;
  storage: LogisticsStorage;
}

export const rmOperatorRoutes: FastifyPluginAsync<RmRouteOptions> = async (app, { context, storage }) => {
  const rm = createRmService(context, storage);
  // Encapsulated in this plugin: the node's other routes keep taking JSON only.
  app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'buffer', bodyLimit: MAX_XML_BYTES }, (_request, body, done) => done(null, body));


  /** An XML body, or the refusal (answered) when the request carried none. */
  function xmlOf(request: FastifyRequest, reply: FastifyReply): Uint8Array | undefined {
    if (Buffer.isBuffer(request.body) && request.body.length > 0) return new Uint8Array(request.body);
    sendOutcome(request, reply, { ok: false, status: 415, code: 'LOGISTICS_RM_DOCUMENT_REFUSED', params: { reasons: 'Content-Type: application/xml, with the document as the body' } });
    return undefined;
  }

  const auditExport = (request: FastifyRequest, what: string, format: string, lines: number, recordIds: readonly string[]) =>
    context.audit.append({
      kind: 'operator-query', requester: OPERATOR_CONSOLE, purpose: LOGISTICS_PURPOSE, action: 'query', dataset: 'shipments', fields: [],
      recordCount: recordIds.length, ...(recordIds.length > 0 ? { recordIds: recordIds.slice(0, 1000) } : {}), decision: 'allow',
      reasons: [{ code: 'LOGISTICS_EXPORTED', params: { what, format, lines } }], requestId: request.id,
    });
  const unaudited = (request: FastifyRequest, reply: FastifyReply) => sendOutcome(request, reply, { ok: false, status: 503, code: 'NODE_AUDIT_UNAVAILABLE', params: {} });

  app.post<{ Querystring: Static<typeof ImportQuery> }>(
    '/logistics/requests/edxl-rm',
    {
      schema: {
        tags,
        summary: 'Take whole EDXL-RM 1.0 messages in: RequestResource as requests, or CommitResource / ReportResourceDeploymentStatus as answers to requests this node sent, all or none (EDXL-RM の取り込み)',
        description:
          `${xmlBody} Decided by message type. RequestResource: every ResourceInformation becomes a request in one transaction; any problem (named by element and line) stores nothing. ` +
          'The same MessageID again changes nothing (`unchanged`); a MessageRecall (Update/Cancel) replaces or withdraws the requests of the message it names. ' +
          'CommitResource, ReportResourceDeploymentStatus (a partner outside the data space): stored against the request this node sent that OriginatingMessageID (or a CommitResource\'s PrecedingMessageID) names, ' +
          'each line against the requested line its PrecedingResourceInfoElementID names; shown in `GET /logistics/edxl-rm/sent` and the needs. Audited.',
        querystring: ImportQuery,
        response: {
          201: TakenSchema,
          200: TakenSchema,
          409: problemResponse('the MessageID was used for other content, the recall cannot apply, or an answer names a request this node never sent (named)'),
          415: problemResponse('no XML body'),
          422: problemResponse('the document was refused, or mixes requests and answers; `errors` names each element and line'),
        },
      },
    },
    async (request, reply) => {
      const bytes = xmlOf(request, reply);
      if (!bytes) return reply;
      const outcome = await rm.importDocument(bytes, request.query.by, request.id, requestLang(request));
      const unchanged = outcome.ok && outcome.value.messages.every((m) => m.result === 'unchanged');
      return sendOutcome(request, reply, outcome, unchanged ? 200 : 201);
    },
  );

  app.post<{ Querystring: Static<typeof SendQuery> }>(
    '/logistics/edxl-rm/send',
    {
      schema: {
        tags,
        summary: "Send EDXL-RM RequestResource messages to a participant's node, signed, through the outbox (EDXL-RM の要請の送信)",
        description:
          `${xmlBody} Read and checked here first; then this node's own policy decides releasing the requests to the participant (dataset \`demands\`, ` +
          'action `read`, purpose supply-logistics, the fields the lines carry, their areas; audited allowed or denied as `access-decision` with `NODE_RELEASE_PUSHED`); ' +
          `only then are they recorded and queued for the participant's node as a \`${RESOURCE_REQUEST}\` delivery (idempotency key ` +
          '`logistics-rm:<MessageID>`), which that node decides by its policy on `demands` (write, supply-logistics) and audits. Audited here.',
        querystring: SendQuery,
        response: {
          202: Type.Object({ to: Type.String(), messageIds: Type.Array(Type.String()), seq: Type.Integer(), duplicate: Type.Boolean() }),
          403: problemResponse("this node's policy (or the trust list) does not release the requests to that participant (LOGISTICS_RM_SEND_REFUSED, with the reasons): nothing recorded, nothing queued"),
          409: problemResponse('a MessageID was already sent with other content or to another party'),
          422: problemResponse('the document was refused, or the participant has no node'),
          503: problemResponse('the audit log could not record the decision (NODE_AUDIT_UNAVAILABLE): nothing recorded, nothing queued'),
        },
      },
    },
    async (request, reply) => {
      const lang = requestLang(request);
      const bytes = xmlOf(request, reply);
      if (!bytes) return reply;
      const read = context.resourceMessages.read(bytes);
      if (!read.ok) {
        const reasons = read.problems.map((p) => p.code).join(', ');
        return sendOutcome(request, reply, { ok: false, status: 422, code: 'LOGISTICS_RM_DOCUMENT_REFUSED', params: { reasons }, errors: problemErrors(read.problems, lang) });
      }
      const other = read.messages.find((m) => m.type !== 'RequestResource');
      if (other) return sendOutcome(request, reply, { ok: false, status: 422, code: 'LOGISTICS_RM_NOT_REQUEST', params: { messageId: other.header.messageId, type: other.type } });
      const peer = context.peers().find((p) => p.participantId === request.query.to && p.participantId !== context.node.id);
      if (!peer) return sendOutcome(request, reply, { ok: false, status: 422, code: 'LOGISTICS_PEER_UNKNOWN', params: { participant: request.query.to } });
      const messageIds = read.messages.map((m) => m.header.messageId);
      // Decided by this node's policy before anything is recorded or queued: the recipient reading the requests.
      const carried = carriedByRequests(read.messages);
      const release = {
        recipient: peer.participantId, dataset: 'demands' as const, fields: carried.fields, recordAreas: carried.areas, recordIds: messageIds,
        what: `EDXL-RM RequestResource ${messageIds.join(', ').slice(0, 300)} to ${peer.participantId}`,
      };
      const released = await decideReleases(context, [release], request.id);
      if (released.outcome === 'unrecorded') return unaudited(request, reply);
      if (released.outcome === 'refused') {
        const params = { messageId: messageIds.join(', ').slice(0, 300), ...refusedParams(context, released.refusals) };
        return sendOutcome(request, reply, { ok: false, status: 403, code: 'LOGISTICS_RM_SEND_REFUSED', params, errors: [{ path: '/to', message: refusalWords(context, released.refusals[0]!) }] });
      }
      const payload: ResourceRequest = { document: new TextDecoder().decode(bytes), purpose: LOGISTICS_PURPOSE };
      const at = context.now().toISOString();
      // What was asked is kept with the queued message, so that the answers coming back can be placed and checked.
      const queued = await context.database
        .transaction(async (tx) => {
          await recordAllSent(tx, read.messages, { sentTo: peer.participantId, recipient: peer.participantId }, request.query.by, at);
          return tx.outbox.enqueue({ peer: peer.participantId, peerUrl: peer.nodeUrl, kind: RESOURCE_REQUEST, idempotencyKey: sendKey(messageIds), payload, createdAt: at });
        })
        .catch((e: unknown) => (e instanceof SentReused ? e : Promise.reject(e)));
      if (queued instanceof SentReused) {
        return sendOutcome(request, reply, { ok: false, status: 409, code: 'LOGISTICS_RM_SENT_REUSED', params: { messageId: queued.messageId, recipient: queued.recipient } });
      }
      const lines = read.messages.reduce((n, m) => n + m.lines.length, 0);
      const audited = await context.audit.append({
        kind: 'logistics-request', requester: OPERATOR_CONSOLE, purpose: LOGISTICS_PURPOSE, action: 'write', dataset: 'demands', fields: [],
        recordCount: lines, decision: 'allow',
        reasons: [{ code: 'LOGISTICS_RM_SENT', params: { messageId: messageIds.join(', ').slice(0, 900), lines, to: peer.participantId, by: request.query.by } }],
        requestId: request.id,
      });
      if (!audited) return unaudited(request, reply);
      return reply.code(202).send({ to: peer.participantId, messageIds, seq: queued.message.seq, duplicate: queued.kind === 'duplicate' });
    },
  );

  app.post<{ Querystring: Static<typeof RecordSentQuery> }>(
    '/logistics/edxl-rm/sent',
    {
      schema: {
        tags,
        summary: 'Record RequestResource messages sent outside the data space, so that the partner\'s answers can be imported against them (データスペース外へ送った要請の記録)',
        description: `${xmlBody} Nothing is sent: the operator sent the file by other means (e-mail, the partner's own system). The same MessageID again with the same content and recipient changes nothing. Audited.`,
        querystring: RecordSentQuery,
        response: {
          201: Type.Object({ messageIds: Type.Array(Type.String()), result: Type.Union([Type.Literal('recorded'), Type.Literal('unchanged')]) }),
          200: Type.Object({ messageIds: Type.Array(Type.String()), result: Type.Union([Type.Literal('recorded'), Type.Literal('unchanged')]) }),
          409: problemResponse('a MessageID was already sent with other content or to another party'),
          415: problemResponse('no XML body'),
          422: problemResponse('the document was refused, or holds other messages than RequestResource'),
        },
      },
    },
    async (request, reply) => {
      const bytes = xmlOf(request, reply);
      if (!bytes) return reply;
      const outcome = await rm.recordSentOutside(bytes, request.query.recipient, request.query.by, request.id, requestLang(request));
      return sendOutcome(request, reply, outcome, outcome.ok && outcome.value.result === 'unchanged' ? 200 : 201);
    },
  );

  app.get(
    '/logistics/edxl-rm/sent',
    {
      schema: {
        tags,
        summary: 'The RequestResource messages this node sent, and per line what the answers say: committed, declined, in transit, delivered, received (送った要請と答え)',
        description: 'Answers come pushed from the participant\'s node (`logistics-resource-answer`) or imported by the operator. The newest state of each consignment counts. Audited.',
        response: { 200: Type.Object({ items: Type.Array(SentRequestSchema), areaNames: Type.Optional(Type.Record(Type.String(), TextSchema, { description: 'the names of the lines\' areas, by code (from the bundled code tables)' })) }) },
      },
    },
    async (request, reply) => {
      const items = await rm.sentRequests();
      if (!(await auditExport(request, 'requests sent', 'JSON', items.length, items.map((i) => i.messageId)))) return unaudited(request, reply);
      const codes = [...new Set(items.flatMap((i) => i.lines.map((l) => l.areaCode)))];
      return { items, areaNames: Object.fromEntries(codes.flatMap((c) => { const n = areaName(c); return n ? [[c, n]] : []; })) };
    },
  );

  app.get<{ Params: Static<typeof MessageParams>; Querystring: Static<typeof AnswerQuery> }>(
    '/logistics/edxl-rm/answers/:messageId',
    {
      schema: {
        tags,
        summary: 'The answer (EDXL-RM CommitResource) a participant gives to a RequestResource this node sent it (要請への答え)',
        description: 'Asked of the participant\'s node by a signed request; that node decides and audits it, and this node audits that its operator read it. Answers application/xml.',
        params: MessageParams,
        querystring: AnswerQuery,
        response: { 404: problemResponse('no such message at that node'), 409: problemResponse('no line answered yet'), 502: problemResponse('no verified answer from that node') },
      },
    },
    async (request, reply) => {
      const { messageId } = request.params;
      const from = request.query.from;
      const peer = context.peers().find((p) => p.participantId === from);
      if (!peer) return sendOutcome(request, reply, { ok: false, status: 422, code: 'LOGISTICS_PEER_UNKNOWN', params: { participant: from } });
      const r = await context.federation.request({ participantId: peer.participantId, url: peer.nodeUrl }, 'GET', `/api/v1/logistics/edxl-rm/requests/${encodeURIComponent(messageId)}/commit-resource`);
      if (!r.ok || r.status !== 200 || typeof r.body !== 'string') {
        const status = r.ok ? r.status : r.reason;
        const detail = r.ok ? String((r.body as { detail?: unknown } | undefined)?.detail ?? '') : r.reason === 'network' ? r.detail : r.problems.map((p) => p.code).join(', ');
        const code = r.ok && (r.status === 404 || r.status === 409) ? r.status : 502;
        return sendOutcome(request, reply, { ok: false, status: code, code: 'LOGISTICS_RM_ANSWER_UNAVAILABLE', params: { messageId, from, status, detail: detail.slice(0, 500) } });
      }
      const audited = await context.audit.append({
        kind: 'operator-query', requester: OPERATOR_CONSOLE, purpose: LOGISTICS_PURPOSE, action: 'query', dataset: 'shipments', fields: [], recordCount: 1,
        decision: 'allow', reasons: [{ code: 'LOGISTICS_RM_ANSWER_READ', params: { messageId, from } }], requestId: request.id,
      });
      if (!audited) return unaudited(request, reply);
      return reply.type(XML_MEDIA_TYPE).send(r.body);
    },
  );

  app.get<{ Params: Static<typeof PlanParams>; Querystring: Static<typeof PlanMessageQuery> }>(
    '/logistics/plans/:planId/edxl-rm',
    {
      schema: {
        tags,
        summary: "A plan's commitments (CommitResource) or deployment status (ReportResourceDeploymentStatus) as EDXL-RM 1.0 (計画の EDXL-RM)",
        description: 'Answers application/xml, written by the same writer as `tsunagu logistics edxl-rm write`. Audited.',
        params: PlanParams,
        querystring: PlanMessageQuery,
        response: { 404: problemResponse('no such plan'), 409: problemResponse('no shipment of the plan can go into that message yet') },
      },
    },
    async (request, reply) => {
      const made = await rm.planMessage(request.params.planId, request.query.type);
      if (!made.ok) return sendOutcome(request, reply, made);
      const format = request.query.type === 'commit' ? 'EDXL-RM CommitResource' : 'EDXL-RM ReportResourceDeploymentStatus';
      if (!(await auditExport(request, `plan ${request.params.planId}`, format, made.value.lines, made.value.shipments))) return unaudited(request, reply);
      return reply.type(XML_MEDIA_TYPE).send(made.value.xml);
    },
  );
};
