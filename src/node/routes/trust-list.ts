// The trust anchor's public routes, on the anchor's own node: GET /api/v1/trust-list serves the list its operator last
// published (nodes fetch it on a schedule and verify it themselves), and POST /api/v1/join-requests takes a signed join
// request sent online — checked, audited, and left waiting for a person at the anchor (never admitted here).
import { readFile, readdir } from 'node:fs/promises';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AuditEntryDraft, AuditLogWriter } from '../../audit/index.ts';
import { message } from '../../i18n/index.ts';
import { anchorPaths, dropIntoInbox } from '../../trust/anchor-files.ts';
import { verifyJoinRequest } from '../../trust/join-request.ts';
import { declarationDocumentHash } from '../../store/declaration-store.ts';
import type { SignedTrustList } from '../../trust/trust-list.ts';
import type { TrustProblem } from '../../trust/verified.ts';
import { problemOf, problemResponse, requestLang, sendProblem } from '../problem.ts';
import { trustAuditDraft } from '../trust-audit.ts';

/** Most online requests waiting at once: beyond that the anchor's operator must first work through them. */
const MAX_WAITING = 500;

export interface TrustPublicationOptions {
  /** The anchor's directory (tsunagu trust init): its trust-list.json is served, its inbox receives requests. */
  anchorDir: string;
  auditLog: Pick<AuditLogWriter, 'append'>;
  now?: () => Date;
}

const JoinAccepted = Type.Object({
  status: Type.Literal('pending'),
  request: Type.String(),
  participant: Type.String(),
  message: Type.String(),
});

function draft(requestId: string, participant: string, decision: 'allow' | 'deny', reasons: readonly TrustProblem[]): AuditEntryDraft {
  return trustAuditDraft({ requester: `applicant:${participant}`, purpose: 'trust-administration', action: 'join-request', decision, subject: participant, reasons, requestId });
}

export const trustListRoutes: FastifyPluginAsync<TrustPublicationOptions> = async (app, options) => {
  const paths = anchorPaths(options.anchorDir);
  const now = options.now ?? (() => new Date());
  const published = async (): Promise<SignedTrustList | undefined> => {
    try {
      return JSON.parse(await readFile(paths.trustListFile, 'utf8')) as SignedTrustList;
    } catch {
      return undefined;
    }
  };

  app.get(
    '/api/v1/trust-list',
    {
      schema: {
        tags: ['trust'],
        summary: "The anchor's signed trust list (トラストリスト), as last published",
        description: 'Verify it with the anchor keys you pin; never take a version older than the one you hold.',
        response: { 200: Type.Object({ payload: Type.Unknown(), proof: Type.Unknown() }, { additionalProperties: false }), 404: problemResponse('this node publishes no trust list') },
      },
    },
    async (request, reply) => {
      const list = await published();
      if (!list) return sendProblem(reply, problemOf(404, 'TRUST_LIST_NOT_PUBLISHED', {}, requestLang(request)));
      reply.header('cache-control', 'no-cache');
      return list;
    },
  );

  app.post(
    '/api/v1/join-requests',
    {
      bodyLimit: 64 * 1024,
      schema: {
        tags: ['trust'],
        summary: 'Send a signed join request (参加申請) to this anchor; a person at the anchor approves or declines it',
        body: Type.Unknown(),
        response: {
          202: JoinAccepted,
          400: problemResponse('malformed, wrongly signed, expired, outside the anchor\'s areas (TRUST_DOCUMENT_MALFORMED, JOIN_REQUEST_…)'),
          409: problemResponse('the participant id is taken (JOIN_REQUEST_PARTICIPANT_TAKEN)'),
          503: problemResponse('too many requests are waiting, or no list is published'),
        },
      },
    },
    async (request, reply) => {
      const lang = requestLang(request);
      const list = await published();
      if (!list) return sendProblem(reply, problemOf(503, 'TRUST_LIST_NOT_PUBLISHED', {}, lang));
      const v = verifyJoinRequest(request.body, { list: list.payload, intent: 'add' }, now());
      const claimed = (request.body as { payload?: { participant?: { id?: unknown } } } | null)?.payload?.participant?.id;
      const participant = typeof claimed === 'string' && /^[a-z0-9][a-z0-9-]{1,98}[a-z0-9]$/.test(claimed) ? claimed : 'unknown';
      if (!v.ok) {
        await options.auditLog.append([draft(request.id, participant, 'deny', v.problems)]);
        const first = v.problems[0]!;
        const status = first.code === 'JOIN_REQUEST_PARTICIPANT_TAKEN' ? 409 : 400;
        return sendProblem(
          reply,
          problemOf(status, first.code, first.params, lang, {
            requestId: request.id,
            errors: v.problems.map((p) => ({ path: p.field ?? '', message: message(p.code, p.params, lang) })),
          }),
        );
      }
      const waiting = (await readdir(paths.inboxDir).catch(() => [] as string[])).length;
      if (waiting >= MAX_WAITING) return sendProblem(reply, problemOf(503, 'JOIN_REQUESTS_BACKLOG', { waiting }, lang));
      const sha = declarationDocumentHash(request.body);
      await dropIntoInbox(paths, sha, request.body);
      const id = v.value.payload.id;
      const received = { code: 'JOIN_REQUEST_RECEIVED' as const, params: { request: id, participant } };
      await options.auditLog.append([draft(request.id, participant, 'allow', [received])]);
      return reply.code(202).send({ status: 'pending' as const, request: id, participant, message: message(received.code, received.params, lang) });
    },
  );
};
