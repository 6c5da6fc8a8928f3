// The logistics console's look at an EDXL-RM file before it is taken in (docs/logistics.md, "EDXL-RM files in the
// console"): read exactly as the import reads it, requests or answers to requests this node sent, and what the import
// would do now forecast by the import's own steps in a transaction rolled back. Stores nothing, audits nothing; under
// /operator, behind the operator token.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { areaName } from '../../model/area-names.ts';
import { DateTimeSchema, PlaceRefSchema, TextSchema } from '../../model/index.ts';
import { message, OPERATOR_CONSOLE, problemResponse, requestLang, type ApplicationContext, type Lang, type RmMessage, type RmRequestResource } from '../../node/application/index.ts';
import { previewAnswer, sentLineChanges } from './answer-file-preview.ts';
import { logisticsMessages } from './messages.ts';
import { sendOutcome } from './outcome-reply.ts';
import { answersReceived, type ReceivedAnswer } from './received-answers.ts';
import { rehearse } from './rehearsal.ts';
import { previewMessages } from './request-file-preview.ts';
import { requestAnswered, takeAnswersIn } from './rm-answer-storage.ts';
import { answerMessagesOf, type RmAnswerMessage, type SentRequest } from './rm-answers.ts';
import { langParam } from './rm-routes.ts';
import { problemErrors, rmTakenOf } from './rm-service.ts';
import type { LogisticsStorage } from './storage.ts';
import type { ImportForecast, RequestFilePreview } from './types.ts';

/** The size the reader accepts (it refuses more itself). */
const MAX_XML_BYTES = 4 * 1024 * 1024;

const PreviewQuery = Type.Object({ lang: langParam }, { additionalProperties: false });
const Errors = Type.Array(Type.Object({ path: Type.String(), message: Type.String() }));
const AnswerState = Type.Union(['committed', 'declined', 'provisional', 'dispatched', 'in-transit', 'delivered', 'received'].map((s) => Type.Literal(s)));
const RequestedLineSchema = Type.Object({
  elementId: Type.String(), category: Type.String(), unit: Type.String(), quantity: Type.Number(), areaCode: Type.String(), areaName: Type.Optional(TextSchema),
});
const CountsSchema = Type.Object({
  committed: Type.Number(), declined: Type.Number(), inTransit: Type.Number(), delivered: Type.Number(), received: Type.Number(), provisional: Type.Number(),
});
const PreviewSchema = Type.Object({
  kind: Type.Union([Type.Literal('requests'), Type.Literal('answers')], { description: 'what the import takes the file as: decided by its first message\'s type' }),
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
    { description: 'the RequestResource messages' },
  ),
  answers: Type.Array(
    Type.Object({
      messageId: Type.String(),
      type: Type.Union([Type.Literal('CommitResource'), Type.Literal('ReportResourceDeploymentStatus')]),
      sentAt: DateTimeSchema,
      contact: Type.Optional(Type.String()),
      names: Type.Array(Type.String(), { description: 'the MessageIDs it says it answers' }),
      request: Type.Optional(
        Type.Object({ messageId: Type.String(), sentTo: Type.Optional(Type.String()), recipient: Type.String(), sentAt: Type.String(), sentBy: Type.String() }, { description: 'the request this node sent that it answers' }),
      ),
      lines: Type.Array(
        Type.Object({
          elementId: Type.String(), respondsTo: Type.Optional(Type.String()), state: AnswerState, at: DateTimeSchema,
          quantity: Type.Optional(Type.Number()), unit: Type.Optional(Type.String()), reason: Type.Optional(Type.String()),
          receipt: Type.Optional(Type.Object({ received: Type.Number(), damaged: Type.Number(), lost: Type.Number() })),
          requested: Type.Optional(RequestedLineSchema),
        }),
      ),
    }),
    { description: 'the CommitResource and ReportResourceDeploymentStatus messages' },
  ),
  forecast: Type.Union([
    Type.Object({
      ok: Type.Literal(true),
      messages: Type.Array(
        Type.Object({
          messageId: Type.String(),
          result: Type.Union([Type.Literal('stored'), Type.Literal('updated'), Type.Literal('cancelled'), Type.Literal('unchanged')]),
          lines: Type.Integer(), requestIds: Type.Array(Type.String()), withdrawn: Type.Array(Type.String()),
          type: Type.Optional(Type.String()), answers: Type.Optional(Type.String()),
        }),
      ),
    }),
    Type.Object({ ok: Type.Literal(false), code: Type.String(), detail: Type.String(), errors: Type.Optional(Errors) }),
  ]),
  changes: Type.Array(Type.Intersect([RequestedLineSchema, Type.Object({ request: Type.String(), before: CountsSchema, after: CountsSchema })]), {
    description: 'answers: the requested lines whose committed, declined, in-transit, delivered, received or provisional quantities the import would change',
  }),
});

export interface RequestFileRouteOptions {
  context: ApplicationContext;
  storage: LogisticsStorage;
}

/** The import's refusal as the forecast says it: in words, each problem's path numbered by message when there are several. */
function refusalForecast(r: { code: Parameters<typeof logisticsMessages.text>[0]; params: Record<string, string | number>; errors?: { path: string; message: string }[] }, index: number, count: number, lang: Lang): ImportForecast {
  // A message taken in from a file earlier names its sender as the console's id: the operator reads words instead.
  const operator = logisticsMessages.text('LOGISTICS_RM_SENDER_OPERATOR_FILE', {}, lang);
  const params = Object.fromEntries(Object.entries(r.params).map(([k, v]) => [k, v === OPERATOR_CONSOLE ? operator : v]));
  const detail = logisticsMessages.text(r.code, params, lang);
  return { ok: false, code: r.code, detail, ...(r.errors ? { errors: r.errors.map((e) => ({ path: count > 1 ? `#${index + 1} ${e.path}` : e.path, message: e.message })) } : {}) };
}

const isAnswer = (m: RmMessage): m is RmAnswerMessage => m.type === 'CommitResource' || m.type === 'ReportResourceDeploymentStatus';

export const requestFileRoutes: FastifyPluginAsync<RequestFileRouteOptions> = async (app, { context, storage }) => {
  // Encapsulated in this plugin: the node's other routes keep taking JSON only.
  app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'buffer', bodyLimit: MAX_XML_BYTES }, (_request, body, done) => done(null, body));

  /** A file of requests: the import's own intake steps, rolled back. */
  async function previewRequests(messages: readonly RmMessage[], lang: Lang): Promise<RequestFilePreview> {
    const outcome = await storage.previewRmMessages(messages, { sender: OPERATOR_CONSOLE, requester: context.node.id, by: 'preview', at: context.now().toISOString() });
    const forecast: ImportForecast = outcome.ok ? { ok: true, messages: rmTakenOf(outcome).messages } : refusalForecast(outcome.refusal, outcome.index, messages.length, lang);
    const requests = messages.filter((m): m is RmRequestResource => m.type === 'RequestResource');
    return { kind: 'requests', messages: previewMessages(requests, areaName), answers: messages.filter(isAnswer).map((m) => previewAnswer(m, undefined, undefined, areaName)), forecast, changes: [] };
  }

  /**
   * A file of answers: the requests they answer and the answers stored so far read, the import's own steps run
   * (`takeAnswersIn`, as the operator's import runs them) and the answers read again — all rolled back.
   */
  async function previewAnswers(messages: readonly RmMessage[], lang: Lang): Promise<RequestFilePreview> {
    const answers = messages.filter(isAnswer);
    const found = answerMessagesOf(messages);
    const rehearsed = await rehearse(context.database, async (tx) => {
      const sent: (SentRequest | undefined)[] = [];
      for (const m of answers) sent.push(await requestAnswered(tx, m));
      const requests = [...new Map(sent.flatMap((s) => (s ? [[s.messageId, s] as const] : []))).values()];
      const stored = async () => new Map(await Promise.all(requests.map(async (r) => [r.messageId, await answersReceived(tx, r.messageId)] as const)));
      const before = await stored();
      if (!found.ok) return { sent, requests, before, after: before, outcome: undefined };
      const outcome = await takeAnswersIn(tx, found.answers, { sender: OPERATOR_CONSOLE, signed: false, by: 'preview', at: context.now().toISOString() });
      return { sent, requests, before, after: outcome.ok ? await stored() : before, outcome };
    });
    const { sent, requests, outcome } = rehearsed;
    const linesOf = (answers: ReadonlyMap<string, ReceivedAnswer[]>, request: string) => (answers.get(request) ?? []).flatMap((a) => a.lines);
    const forecast: ImportForecast = !found.ok
      ? refusalForecast({ code: 'LOGISTICS_RM_NOT_ANSWER', params: { messageId: found.messageId, type: found.type } }, 0, 1, lang)
      : outcome?.ok === false
        ? refusalForecast(outcome.refusal, outcome.index, messages.length, lang)
        : {
            ok: true,
            messages: (outcome?.steps ?? []).map((s, i) => ({
              messageId: s.messageId, result: s.kind === 'store' ? 'stored' : 'unchanged', lines: s.kind === 'store' ? s.lines.length : 0, requestIds: [], withdrawn: [],
              type: answers[i]!.type, answers: s.answers,
            })),
          };
    const steps = outcome?.ok ? outcome.steps : [];
    return {
      kind: 'answers',
      messages: previewMessages(messages.filter((m): m is RmRequestResource => m.type === 'RequestResource'), areaName),
      answers: answers.map((m, i) => {
        const step = steps[i];
        const request = sent[i]?.messageId ?? '';
        // Lines placed as the import places them: those it would store, or those it stored before under this MessageID.
        const same = rehearsed.before.get(request)?.find((a) => a.messageId === m.header.messageId);
        const resolved = step?.kind === 'store' ? step.lines.map((l) => l.request) : same?.lines.map((l) => l.request);
        return previewAnswer(m, sent[i], resolved, areaName, linesOf(rehearsed.before, request));
      }),
      forecast,
      changes: requests.flatMap((r) => sentLineChanges(r, linesOf(rehearsed.before, r.messageId), linesOf(rehearsed.after, r.messageId), areaName)),
    };
  }

  app.post<{ Querystring: Static<typeof PreviewQuery> }>(
    '/logistics/requests/edxl-rm/preview',
    {
      schema: {
        tags: ['logistics'],
        summary: 'What an EDXL-RM file holds — requests, or answers to requests this node sent — and what taking it in would do now, storing nothing (EDXL-RM ファイルの確認)',
        description:
          'The body is the XML (`Content-Type: application/xml`), read exactly as `POST /operator/logistics/requests/edxl-rm` reads it and, as there, decided by its first message\'s type. ' +
          'RequestResource: its messages and lines. CommitResource, ReportResourceDeploymentStatus: per message the request this node sent that it answers and per line the requested line it concerns and what it says; ' +
          '`changes`, the requested lines whose quantities the import would change. The forecast is the import\'s own steps run in a transaction that is rolled back: nothing is stored, nothing audited.',
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
      // Decided as the import decides (rm-service.ts): a document whose first message is an answer is a document of answers.
      return read.messages[0]!.type === 'RequestResource' ? previewRequests(read.messages, lang) : previewAnswers(read.messages, lang);
    },
  );
};
