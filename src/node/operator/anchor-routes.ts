// /operator/anchor/…: the trust anchor's page in the console of the node that serves it — the current list's
// participants, the join requests waiting for a person (exactly what each asks for), revocations, the version history,
// and a named person's approval, decline, suspension, reinstatement or revocation. Every change goes through the same
// anchor operations as `tsunagu trust` (src/node/anchor-operations.ts): same checks, same audit in the anchor's log. The
// anchor's database is opened per request and closed again, so a CLI command can use it in between; while one does,
// the answer is 409 ANCHOR_BUSY ("try again").
import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { message, type Lang, type MessageCode } from '../../i18n/index.ts';
import type { PublicKey } from '../../model/participant.ts';
import type { KeptJoinRequest } from '../../store/anchor-store.ts';
import { StoreError } from '../../store/errors.ts';
import { problem } from '../../trust/problems.ts';
import type { SignedJoinRequest } from '../../trust/join-request.ts';
import type { SignedTrustList, TrustListEntry } from '../../trust/trust-list.ts';
import type { TrustProblem } from '../../trust/verified.ts';
import {
  approveJoinRequest,
  changeParticipantStatus,
  checkJoinRequest,
  declineJoinRequest,
  intentOf,
  JOIN_REQUEST_STANDING_CODES,
  openAnchor,
  pendingRequest,
  takeInbox,
  type AnchorSession,
  type Operated,
} from '../anchor-operations.ts';
import { problemOf, problemResponse, requestLang, sendProblem, type Problem } from '../problem.ts';
import { trustAuditDraft } from '../trust-audit.ts';
import { OPERATOR_CONSOLE } from './context.ts';
import {
  AnchorOperationResponse,
  AnchorOverviewResponse,
  JoinApprovalBody,
  JoinDeclineBody,
  ParticipantStatusBody,
  type AnchorOperationResult,
  type AnchorOverview,
  type ListedParticipantView,
  type WaitingJoinRequestView,
} from './api-schemas.ts';
import { LangQuery, unauthorized, type OperatorRouteOptions } from './session-routes.ts';

/** Versions shown in the history: enough to follow the last weeks of changes on one screen. */
const HISTORY_SHOWN = 50;

/** sha256 of the raw public key, hex in groups of four: what the operator reads out to the organisation on the phone. */
export function keyFingerprint(publicKey: string): string {
  const hex = createHash('sha256').update(Buffer.from(publicKey, 'base64url')).digest('hex');
  return hex.match(/.{4}/g)!.join(' ');
}

const keyViews = (keys: readonly PublicKey[] | undefined) =>
  (keys ?? []).map((k) => ({ kid: k.kid, fingerprint: keyFingerprint(k.publicKey), ...(k.validUntil ? { validUntil: k.validUntil } : {}) }));

function participantView(e: TrustListEntry): ListedParticipantView {
  const p = e.participant;
  return {
    participantId: p.id,
    name: { ...(p.name.ja ? { ja: p.name.ja } : {}), ...(p.name.en ? { en: p.name.en } : {}) },
    role: p.role,
    jurisdiction: [...p.jurisdiction],
    ...(p.nodeUrl ? { nodeUrl: p.nodeUrl } : {}),
    status: e.status,
    validFrom: e.validFrom,
    validUntil: e.validUntil,
    ...(e.revokedAt ? { revokedAt: e.revokedAt } : {}),
    ...(e.declarationAuthority === undefined ? {} : { declarationAuthority: e.declarationAuthority }),
    keys: keyViews(p.keys),
  };
}

const reasonsOf = (problems: readonly TrustProblem[], lang: Lang) => problems.map((p) => ({ code: p.code, message: message(p.code, p.params, lang) }));

async function requestView(session: AnchorSession, kept: KeptJoinRequest, now: Date, lang: Lang): Promise<WaitingJoinRequestView> {
  const payload = (kept.document as Partial<SignedJoinRequest> | null)?.payload;
  const applicant = payload?.participant;
  const intent = await intentOf(session, kept, now);
  const checked = await checkJoinRequest(session, kept, intent, now);
  const problems = checked.ok ? [] : checked.problems;
  return {
    seq: kept.seq,
    requestId: kept.requestId,
    source: kept.source,
    receivedAt: kept.receivedAt,
    participantId: kept.participantId,
    ...(applicant?.name ? { name: { ja: applicant.name.ja, en: applicant.name.en } } : {}),
    ...(applicant?.role ? { role: applicant.role } : {}),
    jurisdiction: [...(applicant?.jurisdiction ?? [])],
    ...(applicant?.nodeUrl ? { nodeUrl: applicant.nodeUrl } : {}),
    keys: keyViews(applicant?.keys),
    ...(payload?.requestedAt ? { requestedAt: payload.requestedAt } : {}),
    ...(payload?.expiresAt ? { expiresAt: payload.expiresAt } : {}),
    intent,
    signatureVerified: problems.every((p) => JOIN_REQUEST_STANDING_CODES.has(p.code)),
    problems: reasonsOf(problems, lang),
  };
}

async function overviewOf(session: AnchorSession, now: Date, lang: Lang): Promise<AnchorOverview> {
  await takeInbox(session, now);
  const current = await session.current();
  const list = current.payload;
  const pending = await session.store.anchor.requests('pending');
  const requests = [];
  for (const kept of pending) requests.push(await requestView(session, kept, now, lang));
  const history = (await session.store.anchor.history(HISTORY_SHOWN)).map((v) => ({
    version: v.version,
    issuedAt: v.issuedAt,
    operation: v.operation,
    ...(v.subject === undefined ? {} : { subject: v.subject }),
    participants: (v.document as Partial<SignedTrustList> | null)?.payload?.entries?.length ?? 0,
  }));
  const participants = list.entries.map(participantView);
  const revocations = participants
    .flatMap((p) => (p.status === 'revoked' && p.revokedAt ? [{ participantId: p.participantId, name: p.name, revokedAt: p.revokedAt }] : []))
    .sort((a, b) => Date.parse(b.revokedAt) - Date.parse(a.revokedAt));
  return { anchorId: list.anchor.id, trustListId: list.id, version: list.version ?? 1, issuedAt: list.issuedAt, nextUpdate: list.nextUpdate, participants, requests, revocations, history };
}

/** The HTTP status of a refused anchor operation, by its first problem. */
function statusOf(code: string): number {
  if (code === 'JOIN_REQUEST_PARTICIPANT_TAKEN' || code === 'ANCHOR_STATUS_UNCHANGED' || code === 'ANCHOR_PARTICIPANT_REVOKED_FINAL') return 409;
  if (code === 'TRUST_PARTICIPANT_UNKNOWN' || code === 'JOIN_REQUEST_NOT_FOUND') return 404;
  if (code === 'ANCHOR_NO_SIGNING_KEY') return 503;
  return 422;
}

function refusal(problems: readonly TrustProblem[], lang: Lang, requestId: string): Problem {
  const first = problems[0]!;
  return problemOf(statusOf(first.code), first.code as MessageCode, first.params, lang, {
    requestId,
    errors: problems.map((p) => ({ path: p.field ?? '', message: message(p.code, p.params, lang) })),
  });
}

/** A request named in the audit log before its applicant is known (an id the log accepts; `#7` is how the CLI says it). */
const requestSubject = (seq: number) => `join-request-${seq}`;

type Opened<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export const anchorRoutes: FastifyPluginAsyncTypebox<OperatorRouteOptions> = async (app, { context }) => {
  const security = [{ operatorToken: [] }];
  const anchorDir = context.anchorDir;
  // One console operation at a time: a second open of the anchor's database in this process would be refused as busy.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  /**
   * Open the anchor as the console (naming the person), run `fn`, close it. A refusal before the anchor's log could be
   * opened (no anchor here, its database held by a CLI command) is audited in the node's own log.
   */
  const withAnchor = <T>(action: string, subject: string, by: string | undefined, requestId: string, lang: Lang, fn: (s: AnchorSession) => Promise<Opened<T>>): Promise<Opened<T>> =>
    serially(async () => {
      const refuse = async (status: number, p: TrustProblem): Promise<Opened<T>> => {
        const reasons = by === undefined ? [p] : [p, problem('ANCHOR_ACTED_BY', { by: by.slice(0, 200), via: OPERATOR_CONSOLE })];
        const audited = await context.auditLog.append([trustAuditDraft({ requester: OPERATOR_CONSOLE, purpose: 'trust-administration', action, decision: 'deny', subject, reasons, requestId })]);
        if (!audited.ok) throw new Error(`refusal not audited: ${audited.problems.map((x) => x.code).join(', ')}`);
        return { ok: false, problem: problemOf(status, p.code as MessageCode, p.params, lang, { requestId }) };
      };
      if (!anchorDir) return refuse(409, problem('ANCHOR_NOT_SERVED', {}));
      let opened;
      try {
        opened = await openAnchor(anchorDir, { requester: OPERATOR_CONSOLE, ...(by === undefined ? {} : { by }) });
      } catch (e) {
        if (e instanceof StoreError && e.code === 'STORE_DATA_DIR_LOCKED') return refuse(409, problem('ANCHOR_BUSY', {}));
        throw e;
      }
      if (!opened.ok) return refuse(409, opened.problem);
      try {
        return await fn(opened.session);
      } finally {
        await opened.session.close();
      }
    });

  const send = <T>(reply: Parameters<typeof sendProblem>[0], opened: Opened<T>, status = 200) => (opened.ok ? reply.code(status).send(opened.value) : sendProblem(reply, opened.problem));

  /** After a new version: the node takes it at once rather than at its next scheduled fetch. */
  const published = async (outcome: Operated) => {
    if (outcome.ok) await context.refreshTrust?.().catch(() => undefined);
  };

  const errors = {
    404: problemResponse('no such pending join request or listed participant (JOIN_REQUEST_NOT_FOUND, TRUST_PARTICIPANT_UNKNOWN)'),
    409: problemResponse('this node serves no anchor (ANCHOR_NOT_SERVED), a tsunagu trust command holds its database — try again (ANCHOR_BUSY), the id is taken or the status already so'),
    422: problemResponse('refused by the anchor\'s checks: expired, outside the anchor\'s areas, wrongly signed, revocation not confirmed, …'),
    503: problemResponse('the anchor has no signing key valid now'),
  };

  app.get(
    '/anchor',
    {
      schema: {
        tags: ['operator'],
        summary: "The anchor's list: participants, join requests waiting, revocations, version history (トラストアンカー)",
        security,
        querystring: LangQuery,
        response: { 200: AnchorOverviewResponse, 409: errors[409], ...unauthorized },
      },
    },
    async (request, reply) => {
      const lang = requestLang(request);
      const opened = await withAnchor('view', context.participantId, undefined, request.id, lang, async (s) => ({ ok: true, value: await overviewOf(s, context.now(), lang) }));
      return send(reply, opened);
    },
  );

  app.post(
    '/anchor/requests/:seq/approve',
    {
      schema: {
        tags: ['operator'],
        summary: 'Approve a join request: admit its applicant in a new version of the list, or check first (参加申請の承認)',
        description: 'The same checks and audit as `tsunagu trust requests approve`. With dryRun, only checked: nothing published, decided or audited.',
        security,
        querystring: LangQuery,
        params: Type.Object({ seq: Type.Integer({ minimum: 1 }) }),
        body: JoinApprovalBody,
        response: { 200: AnchorOperationResponse, 201: AnchorOperationResponse, ...errors, ...unauthorized },
      },
    },
    async (request, reply) => {
      const lang = requestLang(request);
      const { by, validDays, dryRun } = request.body;
      const seq = request.params.seq;
      const opened = await withAnchor<AnchorOperationResult>('admit', requestSubject(seq), by, request.id, lang, async (s) => {
        const now = context.now();
        await takeInbox(s, now);
        const kept = await pendingRequest(s, seq);
        if (!kept) {
          const missing = problem('JOIN_REQUEST_NOT_FOUND', { request: `#${seq}` });
          if (!dryRun) await s.audit('admit', requestSubject(seq), 'deny', [missing]);
          return { ok: false, problem: refusal([missing], lang, request.id) };
        }
        const intent = await intentOf(s, kept, now);
        if (dryRun) {
          const checked = await checkJoinRequest(s, kept, intent, now);
          if (!checked.ok) return { ok: false, problem: refusal(checked.problems, lang, request.id) };
          const text = message('ANCHOR_APPROVAL_CHECKED', { participant: kept.participantId, version: ((await s.current()).payload.version ?? 1) + 1 }, lang);
          return { ok: true, value: { done: false, participantId: kept.participantId, message: text } };
        }
        const outcome = await approveJoinRequest(s, kept, { intent, validDays: validDays ?? 365, overlapDays: 7 }, now);
        await published(outcome);
        if (!outcome.ok) return { ok: false, problem: refusal(outcome.problems, lang, request.id) };
        const l = outcome.list.payload;
        const text = message('ANCHOR_LIST_PUBLISHED', { trustList: l.id, version: l.version ?? 1, file: s.paths.trustListFile, participants: l.entries.length, nextUpdate: l.nextUpdate }, lang);
        return { ok: true, value: { done: true, participantId: kept.participantId, version: l.version ?? 1, message: text } };
      });
      return send(reply, opened, opened.ok && opened.value.done ? 201 : 200);
    },
  );

  app.post(
    '/anchor/requests/:seq/decline',
    {
      schema: {
        tags: ['operator'],
        summary: 'Decline a join request with a reason (参加申請の却下)',
        security,
        querystring: LangQuery,
        params: Type.Object({ seq: Type.Integer({ minimum: 1 }) }),
        body: JoinDeclineBody,
        response: { 200: AnchorOperationResponse, ...errors, ...unauthorized },
      },
    },
    async (request, reply) => {
      const lang = requestLang(request);
      const { by, reason } = request.body;
      const seq = request.params.seq;
      const opened = await withAnchor<AnchorOperationResult>('decline', requestSubject(seq), by, request.id, lang, async (s) => {
        const now = context.now();
        await takeInbox(s, now);
        const kept = await pendingRequest(s, seq);
        if (!kept || !(await declineJoinRequest(s, kept, reason, now))) {
          const missing = problem('JOIN_REQUEST_NOT_FOUND', { request: `#${seq}` });
          await s.audit('decline', requestSubject(seq), 'deny', [missing]);
          return { ok: false, problem: refusal([missing], lang, request.id) };
        }
        return { ok: true, value: { done: true, participantId: kept.participantId, message: message('JOIN_REQUEST_DECLINED', { request: kept.requestId, reason }, lang) } };
      });
      return send(reply, opened);
    },
  );

  app.post(
    '/anchor/participants/:participantId/status',
    {
      schema: {
        tags: ['operator'],
        summary: 'Suspend, reinstate or revoke (final) a listed participant (一時停止・再開・失効)',
        description: 'The same checks and audit as `tsunagu trust suspend|reinstate|revoke`. Revoke needs `confirm` equal to the participant id.',
        security,
        querystring: LangQuery,
        params: Type.Object({ participantId: Type.String({ minLength: 3, maxLength: 100, pattern: '^[a-z0-9][a-z0-9-]*[a-z0-9]$' }) }),
        body: ParticipantStatusBody,
        response: { 200: AnchorOperationResponse, ...errors, ...unauthorized },
      },
    },
    async (request, reply) => {
      const lang = requestLang(request);
      const { by, change, confirm } = request.body;
      const participantId = request.params.participantId;
      const opened = await withAnchor<AnchorOperationResult>(change, participantId, by, request.id, lang, async (s) => {
        if (change === 'revoke' && confirm !== participantId) {
          const unconfirmed = problem('ANCHOR_REVOKE_NOT_CONFIRMED', { participant: participantId }, 'confirm');
          await s.audit(change, participantId, 'deny', [unconfirmed]);
          return { ok: false, problem: refusal([unconfirmed], lang, request.id) };
        }
        const outcome = await changeParticipantStatus(s, participantId, change, context.now());
        await published(outcome);
        if (!outcome.ok) return { ok: false, problem: refusal(outcome.problems, lang, request.id) };
        const l = outcome.list.payload;
        const text = message('ANCHOR_LIST_PUBLISHED', { trustList: l.id, version: l.version ?? 1, file: s.paths.trustListFile, participants: l.entries.length, nextUpdate: l.nextUpdate }, lang);
        return { ok: true, value: { done: true, participantId, version: l.version ?? 1, message: text } };
      });
      return send(reply, opened);
    },
  );
};

