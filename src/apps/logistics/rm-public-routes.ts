// The answer to a participant's EDXL-RM RequestResource, for that participant's node (signed requests only): the
// CommitResource of what this node's approved plans did with the message's lines. Only the sender of the message may
// read it; the read is decided by this node's policy on `shipments` (read, supply-logistics) and audited, refusals too.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { areaCode, PurposeSchema } from '../../model/index.ts';
import { builtInDatasets, isPublicRequester, renderDecisionOnce, requesterIdOf } from '../../policy/index.ts';
import { problemOf, problemResponse, requestLang, sendProblem, type ApplicationContext } from '../../node/application/index.ts';
import { logisticsMessages } from './messages.ts';
import { langParam, XML_MEDIA_TYPE } from './rm-routes.ts';
import { COMMIT_FIELDS } from './rm-answers.ts';
import { createRmService } from './rm-service.ts';
import { LOGISTICS_PURPOSE } from './shipment-flow.ts';
import type { LogisticsStorage } from './storage.ts';

const Params = Type.Object({ messageId: Type.String({ minLength: 1, maxLength: 300 }) });
const Query = Type.Object({ purpose: Type.Optional(PurposeSchema), lang: langParam }, { additionalProperties: false });

// Kept beside the answers it describes; exported here too, where the demo's policies and the tests have read it.
export { COMMIT_FIELDS };

export function rmPublicRoutes(context: ApplicationContext, storage: LogisticsStorage): FastifyPluginAsync {
  const rm = createRmService(context, storage);
  return async (app) => {
    app.get<{ Params: Static<typeof Params>; Querystring: Static<typeof Query> }>(
      '/api/v1/logistics/edxl-rm/requests/:messageId/commit-resource',
      {
        schema: {
          tags: ['logistics'],
          summary: 'The answer (EDXL-RM 1.0 CommitResource) to a RequestResource the asking participant sent this node (signed requests only)',
          description: "Answers application/xml. Only the message's sender; decided by this node's policy on `shipments` (read) and audited, refusals included.",
          params: Params,
          querystring: Query,
          response: {
            401: problemResponse('not a signed request of a participant'),
            403: problemResponse("denied by the node's usage policy"),
            404: problemResponse('this node has no such message from the asking participant'),
            409: problemResponse('no line of the message is committed or declined yet'),
            503: problemResponse('the audit log could not record the read'),
          },
        },
      },
      async (request, reply) => {
        const lang = requestLang(request);
        const { messageId } = request.params;
        const who = await context.access.requester(request);
        if (!who.ok) return sendProblem(reply, who.problem);
        if (isPublicRequester(who.requester)) return sendProblem(reply, logisticsMessages.problem(401, 'LOGISTICS_RM_SIGNATURE_REQUIRED', {}, lang, { requestId: request.id }));
        const reader = requesterIdOf(who.requester);
        const purpose = request.query.purpose ?? LOGISTICS_PURPOSE;
        const found = await rm.requestMessage(messageId);
        // Another participant's message is as unknown as none: its existence is the sender's business.
        if (!found || found.sender !== reader) {
          const audited = await context.audit.append({
            kind: 'access-decision', requester: reader, purpose, action: 'read', dataset: 'shipments', fields: [], recordCount: 0, decision: 'deny',
            reasons: [{ code: 'LOGISTICS_RM_MESSAGE_UNKNOWN', params: { messageId: messageId.slice(0, 300) } }], requestId: request.id,
          });
          if (!audited) return sendProblem(reply, problemOf(503, 'NODE_AUDIT_UNAVAILABLE', { requestId: request.id }, lang));
          return sendProblem(reply, logisticsMessages.problem(404, 'LOGISTICS_RM_MESSAGE_UNKNOWN', { messageId }, lang, { requestId: request.id }));
        }
        const areas = [...new Set(found.lines.map((l) => l.demand.areaCode))].map(areaCode);
        const decision = context.access.decide({
          requester: who.requester, purpose, action: 'read', dataset: 'shipments', fields: COMMIT_FIELDS,
          recordAreas: areas.length > 0 ? areas : [...context.dataAreas], requestId: request.id,
        });
        const answer = decision.effect === 'allow' ? await rm.commitAnswer(messageId) : undefined;
        const released = answer?.ok ? answer.value.shipments : [];
        if (!(await context.access.record(decision, { requestedFields: COMMIT_FIELDS, releasedIds: released }))) {
          return sendProblem(reply, problemOf(503, 'NODE_AUDIT_UNAVAILABLE', { requestId: request.id }, lang));
        }
        if (decision.effect === 'deny') {
          const reasons = renderDecisionOnce(decision, lang).join(lang === 'ja' ? '。' : '; ');
          const dataset = builtInDatasets.get('shipments')?.label[lang] ?? 'shipments';
          return sendProblem(reply, problemOf(403, 'NODE_ACCESS_DENIED', { dataset, reasons }, lang, { requestId: request.id }));
        }
        if (!answer!.ok) {
          const a = answer as Extract<typeof answer, { ok: false }>;
          return sendProblem(reply, logisticsMessages.problem(a.status, a.code as keyof typeof logisticsMessages.catalog, a.params, lang, { requestId: request.id }));
        }
        return reply.type(XML_MEDIA_TYPE).send(answer!.value.xml);
      },
    );
  };
}
