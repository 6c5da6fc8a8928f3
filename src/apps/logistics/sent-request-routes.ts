// The answers a request this node sent has received, one by one, for the logistics console's "requests sent and
// answers" view: who sent each (a participant, or a file the operator imported), when, and what each line says.
// Under /operator, behind the operator token; every reading audited.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { OPERATOR_CONSOLE, problemResponse, type ApplicationContext } from '../../node/application/index.ts';
import { sendOutcome } from './outcome-reply.ts';
import { answersReceived, answerView, sentRequestKnown } from './received-answers.ts';
import { langParam } from './rm-routes.ts';
import { LOGISTICS_PURPOSE } from './shipment-flow.ts';

const Params = Type.Object({ messageId: Type.String({ minLength: 1, maxLength: 300 }) });
const Query = Type.Object({ lang: langParam }, { additionalProperties: false });
const AnswerState = Type.Union(['committed', 'declined', 'provisional', 'dispatched', 'in-transit', 'delivered', 'received'].map((s) => Type.Literal(s)));
const ReceivedSchema = Type.Object({
  request: Type.String(),
  items: Type.Array(
    Type.Object({
      messageId: Type.String(),
      type: Type.Union([Type.Literal('CommitResource'), Type.Literal('ReportResourceDeploymentStatus')]),
      sender: Type.String({ description: 'the participant whose node sent it, or operator:console for a file the operator imported' }),
      receivedAt: Type.String(),
      receivedBy: Type.String(),
      lines: Type.Array(
        Type.Object({
          elementId: Type.String(), request: Type.String({ description: 'the requested line (ResourceInfoElementID) it concerns' }), state: AnswerState, at: Type.String(),
          quantity: Type.Number(), unit: Type.String(), reason: Type.Optional(Type.String()), received: Type.Optional(Type.Number()),
        }),
      ),
    }),
  ),
});

export const sentRequestRoutes: FastifyPluginAsync<{ context: ApplicationContext }> = async (app, { context }) => {
  app.get<{ Params: Static<typeof Params>; Querystring: Static<typeof Query> }>(
    '/logistics/edxl-rm/sent/:messageId/answers',
    {
      schema: {
        tags: ['logistics'],
        summary: 'The answers (CommitResource, ReportResourceDeploymentStatus) received to a request this node sent, oldest first (送った要請への答え)',
        description: 'Each with its sender, when and by whom it was taken in, and its lines resolved to the requested line each concerns. Audited.',
        params: Params,
        querystring: Query,
        response: { 200: ReceivedSchema, 404: problemResponse('this node sent no request with that MessageID') },
      },
    },
    async (request, reply) => {
      const { messageId } = request.params;
      if (!(await sentRequestKnown(context.database, messageId))) return sendOutcome(request, reply, { ok: false, status: 404, code: 'LOGISTICS_RM_SENT_UNKNOWN', params: { messageId } });
      const items = (await answersReceived(context.database, messageId)).map(answerView);
      const audited = await context.audit.append({
        kind: 'operator-query', requester: OPERATOR_CONSOLE, purpose: LOGISTICS_PURPOSE, action: 'query', dataset: 'shipments', fields: [],
        recordCount: items.length, recordIds: [messageId], decision: 'allow',
        reasons: [{ code: 'LOGISTICS_RM_ANSWERS_LISTED', params: { messageId, answers: items.length } }], requestId: request.id,
      });
      if (!audited) return sendOutcome(request, reply, { ok: false, status: 503, code: 'NODE_AUDIT_UNAVAILABLE', params: {} });
      return { request: messageId, items };
    },
  );
};
