// The node's own audit log and outbox, raw, for `tsunagu audit query|summary --node` and `tsunagu outbox
// list|summary|retry --node`: a running node holds its database, so the CLI goes through the node's operator API,
// behind its token, with the same filters and the same answers as when it opens the database itself. Outbox messages
// never carry their payload here either.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { OPERATOR_CONSOLE } from '../application/application.ts';
import { AuditFilterSchema, type AuditProblem } from '../../audit/index.ts';
import { message } from '../../i18n/index.ts';
import { retryDeadLetters, retryRefusal, type RetryOutcome } from '../../federation/outbox-retry.ts';
import type { OutboxMessage, OutboxState } from '../../store/outbox-store.ts';
import { problemOf, problemResponse, requestLang, sendProblem } from '../problem.ts';
import { LangQuery, unauthorized, type OperatorRouteOptions } from './session-routes.ts';

const Lang = LangQuery.properties.lang;
const Loose = Type.Object({}, { additionalProperties: true });
const OUTBOX_STATES = ['pending', 'delivering', 'delivered', 'failed'] as const;
const OUTBOX_MAX_LIMIT = 10_000;

const EntriesQuery = Type.Object({ ...AuditFilterSchema.properties, lang: Lang }, { additionalProperties: false });
const SummaryQuery = Type.Object(
  (({ limit: _l, cursor: _c, order: _o, ...rest }) => ({ ...rest, lang: Lang }))(AuditFilterSchema.properties),
  { additionalProperties: false },
);
const OutboxQuery = Type.Object(
  {
    state: Type.Optional(Type.Array(Type.Union(OUTBOX_STATES.map((s) => Type.Literal(s))), { maxItems: 4, description: 'comma-separated' })),
    peer: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    limit: Type.Integer({ minimum: 1, maximum: OUTBOX_MAX_LIMIT, default: 100 }),
    lang: Lang,
  },
  { additionalProperties: false },
);

const OutboxRetryBody = Type.Object(
  {
    seq: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'the outbox sequence number of one dead letter' })),
    peer: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "every dead letter to this peer (up to 1,000, the oldest first)" })),
    lang: Lang,
  },
  { additionalProperties: false },
);

/** One message without its payload: what an operator may see of it. */
export function outboxMessageView(m: OutboxMessage) {
  return {
    seq: m.seq,
    peer: m.peer,
    kind: m.kind,
    state: m.state,
    attempts: m.attempts,
    createdAt: m.createdAt,
    ...(m.state === 'pending' ? { nextAttemptAt: m.nextAttemptAt } : {}),
    ...(m.settledAt !== undefined ? { settledAt: m.settledAt } : {}),
    ...(m.lastError !== undefined ? { lastError: m.lastError } : {}),
  };
}

/** A filter the audit query refused, answered 400 with its reasons in the reader's language. */
function refused(request: FastifyRequest, reply: FastifyReply, problems: readonly AuditProblem[]) {
  const lang = requestLang(request);
  const detail = problems.map((p) => message(p.code, p.params, lang)).join('; ');
  return sendProblem(reply, problemOf(400, 'HTTP_VALIDATION_FAILED', { detail }, lang, { requestId: request.id }));
}

export const logRoutes: FastifyPluginAsyncTypebox<OperatorRouteOptions> = async (app, { context }) => {
  const security = [{ operatorToken: [] }];
  const malformed = problemResponse('a filter the audit query refuses (AUDIT_FILTER_INVALID, …)');

  app.get(
    '/audit/entries',
    {
      schema: {
        tags: ['operator'],
        summary: "This node's audit entries as kept, one page (監査ログの記録, CLI 用)",
        description: 'The filter of `tsunagu audit query` (from, to, requester, onBehalfOf, purpose, dataset, decision, requestId, kind, recordId, limit, cursor, order); entries exactly as the log keeps them.',
        security,
        querystring: EntriesQuery,
        response: { 200: Type.Object({ entries: Type.Array(Loose), nextCursor: Type.Optional(Type.String()) }), 400: malformed, ...unauthorized },
      },
    },
    async (request, reply) => {
      const { lang: _lang, ...filter } = request.query;
      const r = await context.store.audit.query(filter);
      if (!r.ok) return refused(request, reply, r.problems);
      return { entries: r.page.entries, ...(r.page.nextCursor ? { nextCursor: r.page.nextCursor } : {}) };
    },
  );

  app.get(
    '/audit/summary',
    {
      schema: {
        tags: ['operator'],
        summary: 'Counts per requester, purpose and decision over a filter (監査ログの集計, CLI 用)',
        security,
        querystring: SummaryQuery,
        response: { 200: Type.Object({ summary: Loose }), 400: malformed, ...unauthorized },
      },
    },
    async (request, reply) => {
      const { lang: _lang, ...filter } = request.query;
      const r = await context.store.audit.summarize(filter);
      if (!r.ok) return refused(request, reply, r.problems);
      return { summary: r.summary };
    },
  );

  app.get(
    '/audit/export',
    {
      schema: {
        tags: ['operator'],
        summary: "This node's whole audit log as JSON Lines, to verify elsewhere (監査ログの書き出し, CLI 用)",
        description:
          'The format of `tsunagu audit export`: a header line (the node, the head at export), then every entry and ' +
          'checkpoint. `tsunagu audit verify --node` and `tsunagu audit export --node` read it; the export itself is ' +
          'recorded in the log (kind `admin`, action `audit-export`).',
        security,
        querystring: Type.Object({ lang: Lang }, { additionalProperties: false }),
        produces: ['application/jsonl'],
        response: { 200: Type.Unknown({ description: 'JSON Lines: the header, then each entry and checkpoint' }), ...unauthorized },
      },
    },
    async (request, reply) => {
      // Who read the whole log is itself worth knowing: recorded before the first line leaves.
      await context.auditLog.append([{
        kind: 'admin',
        requester: OPERATOR_CONSOLE,
        purpose: 'audit-verification',
        action: 'audit-export',
        dataset: 'audit-log',
        fields: [],
        recordCount: 0,
        decision: 'allow',
        reasons: [],
        requestId: request.id,
      }]);
      return reply.header('cache-control', 'no-store').type('application/jsonl; charset=utf-8').send(Readable.from(context.store.audit.export()));
    },
  );

  app.get(
    '/outbox',
    {
      schema: {
        tags: ['operator'],
        summary: 'Messages this node still has to deliver, and dead letters, oldest first, never their payload (アウトボックス)',
        security,
        querystring: OutboxQuery,
        response: { 200: Type.Object({ messages: Type.Array(Loose) }), ...unauthorized },
      },
    },
    async (request) => {
      const q = request.query;
      const states = q.state as OutboxState[] | undefined;
      const messages = await context.store.outbox.list({ ...(states && states.length > 0 ? { states } : {}), ...(q.peer ? { peer: q.peer } : {}), limit: q.limit });
      return { messages: messages.map(outboxMessageView) };
    },
  );

  app.post(
    '/outbox/retry',
    {
      schema: {
        tags: ['operator'],
        summary: 'Send dead letters again under their own idempotency keys (配送不能メッセージの再送)',
        description:
          'Puts one message (seq) or every dead letter to a peer back to pending, due now, keeping its idempotency key so ' +
          'that a receiver which did apply it answers it as seen. Audited (admin, purpose outbox-retry) before anything ' +
          'changes; a refusal is audited too. Messages delivered, pending or being delivered are refused.',
        security,
        body: OutboxRetryBody,
        response: {
          200: Type.Object({ requeued: Type.Array(Loose) }),
          ...unauthorized,
          400: problemResponse('neither seq nor peer, or both (OUTBOX_RETRY_TARGET_REQUIRED)'),
          404: problemResponse('no such message, or no dead letter to that peer (OUTBOX_RETRY_UNKNOWN, OUTBOX_RETRY_NONE_FAILED)'),
          409: problemResponse('the message is delivered, pending or being delivered (OUTBOX_RETRY_NOT_FAILED)'),
          503: problemResponse('the audit log did not take the entry; nothing changed (OUTBOX_RETRY_NOT_AUDITED)'),
        },
      },
    },
    async (request, reply) => {
      const lang = requestLang(request);
      const { seq, peer } = request.body;
      if ((seq === undefined) === (peer === undefined)) return sendProblem(reply, problemOf(400, 'OUTBOX_RETRY_TARGET_REQUIRED', {}, lang, { requestId: request.id }));
      const outcome: RetryOutcome = await retryDeadLetters(seq !== undefined ? { seq } : { peer: peer! }, {
        storage: context.store.outbox,
        auditLog: context.auditLog,
        requester: OPERATOR_CONSOLE,
        now: context.now(),
        requestId: request.id,
      });
      if (outcome.kind === 'requeued') return { requeued: outcome.messages.map(outboxMessageView) };
      const refusal = retryRefusal(outcome);
      return sendProblem(reply, problemOf(refusal.status, refusal.code, refusal.params, lang, { requestId: request.id }));
    },
  );

  app.get(
    '/outbox/counts',
    {
      schema: {
        tags: ['operator'],
        summary: 'How many messages each peer has in each state (アウトボックスの件数)',
        security,
        querystring: LangQuery,
        response: { 200: Type.Object({ counts: Type.Array(Type.Object({ peer: Type.String(), state: Type.String(), count: Type.Integer() })) }), ...unauthorized },
      },
    },
    async () => ({ counts: await context.store.outbox.counts() }),
  );
};
