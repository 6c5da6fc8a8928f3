// The logistics console's look at an EDXL-RM file before it is taken in (docs/logistics.md, "EDXL-RM files in the
// console"): read exactly as the import reads it, its lines shown, and what the import would do now forecast by the
// import's own steps in a transaction rolled back. Stores nothing; under /operator, behind the operator token.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { areaName } from '../../model/area-names.ts';
import { DateTimeSchema, PlaceRefSchema, TextSchema } from '../../model/index.ts';
import { message, OPERATOR_CONSOLE, problemResponse, requestLang, type ApplicationContext, type RmRequestResource } from '../../node/application/index.ts';
import { logisticsMessages } from './messages.ts';
import { sendOutcome } from './outcome-reply.ts';
import { previewMessages } from './request-file-preview.ts';
import { langParam } from './rm-routes.ts';
import { problemErrors, rmTakenOf } from './rm-service.ts';
import type { LogisticsStorage } from './storage.ts';
import type { ImportForecast } from './types.ts';

/** The size the reader accepts (it refuses more itself). */
const MAX_XML_BYTES = 4 * 1024 * 1024;

const PreviewQuery = Type.Object({ lang: langParam }, { additionalProperties: false });
const Errors = Type.Array(Type.Object({ path: Type.String(), message: Type.String() }));
const PreviewSchema = Type.Object({
  messages: Type.Array(
    Type.Object({
      messageId: Type.String(),
      sentAt: DateTimeSchema,
      contact: Type.Optional(Type.String()),
      recall: Type.Optional(Type.Object({ messageId: Type.String(), type: Type.Union([Type.Literal('update'), Type.Literal('cancel')]) })),
      lines: Type.Array(
        Type.Object({
          elementId: Type.String(), category: Type.String(), name: Type.Optional(TextSchema), quantity: Type.Number(), unit: Type.String(),
          destination: PlaceRefSchema, areaCode: Type.String(), areaName: Type.Optional(TextSchema), neededBy: DateTimeSchema, priority: Type.String(),
          freeFrom: Type.Optional(Type.Array(Type.String())),
        }),
      ),
    }),
  ),
  forecast: Type.Union([
    Type.Object({
      ok: Type.Literal(true),
      messages: Type.Array(
        Type.Object({
          messageId: Type.String(),
          result: Type.Union([Type.Literal('stored'), Type.Literal('updated'), Type.Literal('cancelled'), Type.Literal('unchanged')]),
          lines: Type.Integer(), requestIds: Type.Array(Type.String()), withdrawn: Type.Array(Type.String()),
        }),
      ),
    }),
    Type.Object({ ok: Type.Literal(false), code: Type.String(), detail: Type.String(), errors: Type.Optional(Errors) }),
  ]),
});

export interface RequestFileRouteOptions {
  context: ApplicationContext;
  storage: LogisticsStorage;
}

export const requestFileRoutes: FastifyPluginAsync<RequestFileRouteOptions> = async (app, { context, storage }) => {
  // Encapsulated in this plugin: the node's other routes keep taking JSON only.
  app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'buffer', bodyLimit: MAX_XML_BYTES }, (_request, body, done) => done(null, body));

  app.post<{ Querystring: Static<typeof PreviewQuery> }>(
    '/logistics/requests/edxl-rm/preview',
    {
      schema: {
        tags: ['logistics'],
        summary: 'What an EDXL-RM RequestResource file holds and what taking it in would do now, storing nothing (EDXL-RM の要請の確認)',
        description:
          'The body is the XML (`Content-Type: application/xml`), read exactly as `POST /operator/logistics/requests/edxl-rm` reads it. ' +
          'Answers its messages and lines, and the forecast: the import\'s own steps run in a transaction that is rolled back.',
        querystring: PreviewQuery,
        response: { 200: PreviewSchema, 415: problemResponse('no XML body'), 422: problemResponse('the document was refused; `errors` names each element and line') },
      },
    },
    async (request: FastifyRequest<{ Querystring: Static<typeof PreviewQuery> }>, reply: FastifyReply) => {
      const lang = requestLang(request);
      if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
        return sendOutcome(request, reply, { ok: false, status: 415, code: 'LOGISTICS_RM_DOCUMENT_REFUSED', params: { reasons: 'Content-Type: application/xml, with the document as the body' } });
      }
      const read = context.resourceMessages.read(new Uint8Array(request.body));
      if (!read.ok) {
        const reasons = read.problems.map((p) => message(p.code, p.params, lang)).join(lang === 'ja' ? '。' : '; ').slice(0, 2000);
        return sendOutcome(request, reply, { ok: false, status: 422, code: 'LOGISTICS_RM_DOCUMENT_REFUSED', params: { reasons }, errors: problemErrors(read.problems, lang) });
      }
      const other = read.messages.find((m) => m.type !== 'RequestResource');
      if (other) return sendOutcome(request, reply, { ok: false, status: 422, code: 'LOGISTICS_RM_NOT_REQUEST', params: { messageId: other.header.messageId, type: other.type } });
      const requests = read.messages as RmRequestResource[];
      const outcome = await storage.previewRmMessages(requests, { sender: OPERATOR_CONSOLE, requester: context.node.id, by: 'preview', at: context.now().toISOString() });
      let forecast: ImportForecast;
      if (outcome.ok) forecast = { ok: true, messages: rmTakenOf(outcome).messages };
      else {
        const r = outcome.refusal;
        const detail = logisticsMessages.text(r.code, r.params, lang);
        forecast = { ok: false, code: r.code, detail, ...(r.errors ? { errors: r.errors.map((e) => ({ path: requests.length > 1 ? `#${outcome.index + 1} ${e.path}` : e.path, message: e.message })) } : {}) };
      }
      return { messages: previewMessages(requests, areaName), forecast };
    },
  );
};
