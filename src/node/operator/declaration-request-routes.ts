// Declaration requests from the console: whom this node may ask (participants that may declare, with their areas),
// the requests it sent and received with their state, sending one (checked against the recipient's listing, then kept
// and queued in the outbox in one transaction) and declining one received. Issuing in answer goes through
// POST /operator/declarations with `answering` (declare-routes.ts), so a declaration is issued one way only.
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Lang, MessageCode, MessageParams } from '../../i18n/index.ts';
import type { Hazard, Phase } from '../../model/codes.ts';
import type { OutboxState } from '../../store/outbox-store.ts';
import type { DeclarationRequestAnswer, DeclarationRequestKey, KeptDeclarationRequest } from '../../store/declaration-request-store.ts';
import type { TransactionOperations } from '../../store/types.ts';
import {
  DECLARATION_REQUEST_ANSWER_KIND,
  DECLARATION_REQUEST_KIND,
  declarationRequestAudit,
  type DeclarationRequestAnswerPayload,
  type DeclarationRequestPayload,
} from '../declaration-requests/request-deliveries.ts';
import { checkRequest, recipientsOf } from '../declaration-requests/request-rules.ts';
import { DeclineBody, OneRequestResponse, REASON_MAX_LENGTH, RecipientsResponse, RequestBody, RequestsResponse, type DeclarationRequestView } from './declaration-request-schemas.ts';
import { problemOf, problemResponse, requestLang, sendProblem } from '../problem.ts';
import { OPERATOR_CONSOLE, type OperatorContext } from './context.ts';
import { nameOf, otherPeers } from './peers.ts';
import { areaNamesOf, LangQuery, unauthorized, type OperatorRouteOptions } from './session-routes.ts';

/** How many of each side the page lists (newest first). */
const LIST_LIMIT = 200;

const deliveryOf = (state: OutboxState | undefined): 'sending' | 'delivered' | 'undelivered' =>
  state === 'delivered' ? 'delivered' : state === 'failed' ? 'undelivered' : 'sending';

/** A kept request as the console shows it, with where its message (or its answer) stands in the outbox. */
export function requestView(context: OperatorContext, r: KeptDeclarationRequest, outbox: OutboxState | undefined, lang: Lang): DeclarationRequestView {
  const areaNames = areaNamesOf(context, r.areas, lang);
  const base = {
    id: r.requestId,
    requester: r.requester,
    requesterName: nameOf(context, r.requester),
    recipient: r.recipient,
    recipientName: nameOf(context, r.recipient),
    hazard: r.hazard,
    phase: r.phase,
    areas: [...r.areas],
    ...(areaNames ? { areaNames } : {}),
    reason: r.reason,
    requestedAt: r.requestedAt,
  };
  if (r.state === 'pending') {
    if (r.direction === 'received') return { ...base, state: 'waiting' };
    const delivery = deliveryOf(outbox);
    return { ...base, state: delivery === 'delivered' ? 'waiting' : delivery };
  }
  const answer = r.state === 'issued' ? { state: 'issued' as const, declarationId: r.declarationId } : { state: 'declined' as const, declineReason: r.declineReason };
  // A received request whose requester ran no node when it was answered has no message queued: it cannot be told.
  const answerDelivery = r.outboxSeq === undefined ? ('undelivered' as const) : deliveryOf(outbox);
  return { ...base, ...answer, answeredAt: r.answeredAt, ...(r.direction === 'received' ? { answerDelivery } : {}) };
}

async function viewsOf(context: OperatorContext, kept: KeptDeclarationRequest[], lang: Lang): Promise<DeclarationRequestView[]> {
  const seqs = kept.flatMap((r) => (r.outboxSeq !== undefined ? [r.outboxSeq] : []));
  const states = await context.store.outbox.states(seqs);
  return kept.map((r) => requestView(context, r, r.outboxSeq !== undefined ? states.get(r.outboxSeq)?.state : undefined, lang));
}

/** Thrown inside a transaction to roll it back when the request was answered meanwhile. */
class AlreadyAnswered extends Error {}

/**
 * Answer a received request (issued or declined) and queue the answer for its requester, in one transaction; false
 * when it was answered meanwhile (nothing then changes). Called by the decline route and by declare-routes.ts.
 */
export async function answerReceivedRequest(context: OperatorContext, key: Omit<DeclarationRequestKey, 'direction'>, answer: DeclarationRequestAnswer): Promise<boolean> {
  const peer = otherPeers(context).find((p) => p.participantId === key.requester);
  const payload: DeclarationRequestAnswerPayload =
    answer.state === 'issued'
      ? { id: key.requestId, outcome: 'issued', declarationId: answer.declarationId, answeredAt: answer.answeredAt }
      : { id: key.requestId, outcome: 'declined', reason: answer.declineReason, answeredAt: answer.answeredAt };
  try {
    await context.store.transaction(async (tx: TransactionOperations) => {
      // A requester no longer running a node cannot be told; the answer is still recorded here.
      const queued = peer
        ? await tx.outbox.enqueue({
            peer: peer.participantId,
            peerUrl: peer.nodeUrl,
            kind: DECLARATION_REQUEST_ANSWER_KIND,
            idempotencyKey: `${DECLARATION_REQUEST_ANSWER_KIND}:${key.requestId}`,
            payload,
            createdAt: answer.answeredAt,
          })
        : undefined;
      if (!(await tx.declarationRequests.answer({ direction: 'received', ...key }, answer, queued?.message.seq))) throw new AlreadyAnswered();
    });
    return true;
  } catch (e) {
    if (e instanceof AlreadyAnswered) return false;
    throw e;
  }
}

/** A received request still waiting for an answer, or the problem to answer instead. */
export async function pendingReceived(context: OperatorContext, key: Omit<DeclarationRequestKey, 'direction'>) {
  const kept = await context.store.declarationRequests.get({ direction: 'received', ...key });
  if (!kept) return { ok: false as const, status: 404, code: 'DECLARATION_REQUEST_UNKNOWN' as const, params: { id: key.requestId, requester: key.requester } };
  if (kept.state !== 'pending') return { ok: false as const, status: 409, code: 'DECLARATION_REQUEST_ALREADY_ANSWERED' as const, params: { id: key.requestId, state: kept.state } };
  return { ok: true as const, request: kept };
}

export const declarationRequestRoutes: FastifyPluginAsyncTypebox<OperatorRouteOptions> = async (app, { context }) => {
  const security = [{ operatorToken: [] }];
  const unavailable = problemResponse('this node has no trust list (DECLARATION_REQUEST_UNAVAILABLE)');

  app.get(
    '/declaration-requests/recipients',
    {
      schema: {
        tags: ['operator'],
        summary: 'The participants this node may ask for a declaration, with their areas (宣言の依頼先)',
        security,
        querystring: LangQuery,
        response: { 200: RecipientsResponse, ...unauthorized, 409: unavailable },
      },
    },
    async (request, reply) => {
      const lang = requestLang(request);
      if (!context.declaring) return sendProblem(reply, problemOf(409, 'DECLARATION_REQUEST_UNAVAILABLE', {}, lang));
      const withNode = new Set(otherPeers(context).map((p) => p.participantId));
      return { recipients: recipientsOf(context.declaring.registry, context.participantId, context.now(), (id) => withNode.has(id)) };
    },
  );

  app.get(
    '/declaration-requests',
    {
      schema: {
        tags: ['operator'],
        summary: 'Declaration requests this node sent and received, newest first, with their state (宣言の依頼)',
        security,
        querystring: LangQuery,
        response: { 200: RequestsResponse, ...unauthorized },
      },
    },
    async (request) => {
      const lang = requestLang(request);
      const [sent, received] = await Promise.all([
        context.store.declarationRequests.list('sent', LIST_LIMIT),
        context.store.declarationRequests.list('received', LIST_LIMIT),
      ]);
      return { sent: await viewsOf(context, sent, lang), received: await viewsOf(context, received, lang) };
    },
  );

  app.post(
    '/declaration-requests',
    {
      schema: {
        tags: ['operator'],
        summary: 'Ask a participant that may declare to issue a declaration (宣言の依頼)',
        description:
          "Checked against the recipient's listing in the trust list (it may declare now, runs a node, the areas lie in " +
          'its jurisdiction), audited (declaration-request, send), then kept and queued in the outbox in one transaction; ' +
          "the recipient checks it again against its own listing when it arrives. The recipient's operator issues or declines it.",
        security,
        querystring: LangQuery,
        body: RequestBody,
        response: {
          201: OneRequestResponse,
          ...unauthorized,
          403: problemResponse('the recipient may not declare, or not for these areas (DECLARATION_REQUEST_RECIPIENT_MAY_NOT_DECLARE, DECLARATION_REQUEST_AREA_OUTSIDE_JURISDICTION)'),
          409: unavailable,
          422: problemResponse('an area code that cannot be read, no reason, the node itself, or a recipient without a node'),
          503: problemResponse('the audit log could not be written; nothing was kept or sent'),
        },
      },
    },
    async (request, reply) => {
      const lang = requestLang(request);
      const b = request.body;
      const audit = (decision: 'allow' | 'deny', code: MessageCode, params: Record<string, string>) =>
        context.auditLog.append([declarationRequestAudit({ requester: OPERATOR_CONSOLE, action: 'send', decision, code, params, requestId: request.id })]);
      if (!context.declaring) {
        await audit('deny', 'DECLARATION_REQUEST_UNAVAILABLE', {});
        return sendProblem(reply, problemOf(409, 'DECLARATION_REQUEST_UNAVAILABLE', {}, lang, { requestId: request.id }));
      }
      const now = context.now();
      const refuse = async (r: { status: number; code: MessageCode; params: MessageParams; field?: string }) => {
        await audit('deny', r.code, { recipient: b.recipient, ...Object.fromEntries(Object.entries(r.params).map(([k, v]) => [k, String(v)])) });
        const errors = r.field ? [{ path: r.field, message: r.code }] : [];
        return sendProblem(reply, problemOf(r.status, r.code, r.params, lang, { requestId: request.id, errors }));
      };
      const check = checkRequest(b, { registry: context.declaring.registry, requester: context.participantId, now, lang });
      if (!check.ok) return refuse(check);
      const peer = otherPeers(context).find((p) => p.participantId === b.recipient);
      if (!peer) return refuse({ status: 422, code: 'DECLARATION_REQUEST_RECIPIENT_NO_NODE', params: { recipient: nameOf(context, b.recipient)[lang] }, field: 'recipient' });
      const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
      const id = `dreq-${context.participantId}-${stamp}-${randomBytes(3).toString('hex')}`;
      const audited = await audit('allow', 'DECLARATION_REQUEST_SENT', { id, recipient: b.recipient });
      if (!audited.ok) return sendProblem(reply, problemOf(503, 'NODE_AUDIT_UNAVAILABLE', { requestId: request.id }, lang, { requestId: request.id }));
      // The body schema admitted only codes of the vocabularies, which its static type does not carry.
      const payload: DeclarationRequestPayload = { id, hazard: b.hazard as Hazard, phase: b.phase as Phase, areas: check.areas, reason: check.reason, requestedAt: now.toISOString() };
      await context.store.transaction(async (tx) => {
        const queued = await tx.outbox.enqueue({
          peer: peer.participantId,
          peerUrl: peer.nodeUrl,
          kind: DECLARATION_REQUEST_KIND,
          idempotencyKey: `${DECLARATION_REQUEST_KIND}:${id}`,
          payload,
          createdAt: payload.requestedAt,
        });
        await tx.declarationRequests.keep({
          direction: 'sent',
          requester: context.participantId,
          requestId: id,
          recipient: peer.participantId,
          hazard: b.hazard as Hazard,
          phase: b.phase as Phase,
          areas: check.areas,
          reason: check.reason,
          requestedAt: payload.requestedAt,
          outboxSeq: queued.message.seq,
        });
      });
      const kept = await context.store.declarationRequests.get({ direction: 'sent', requester: context.participantId, requestId: id });
      return reply.code(201).send({ request: requestView(context, kept!, 'pending', lang) });
    },
  );

  app.post(
    '/declaration-requests/decline',
    {
      schema: {
        tags: ['operator'],
        summary: 'Decline a declaration request received, with the reason the requester is told (宣言の依頼を見送る)',
        security,
        querystring: LangQuery,
        body: DeclineBody,
        response: {
          200: OneRequestResponse,
          ...unauthorized,
          404: problemResponse('no such request from that requester (DECLARATION_REQUEST_UNKNOWN)'),
          409: problemResponse('already answered (DECLARATION_REQUEST_ALREADY_ANSWERED)'),
          422: problemResponse('no reason given (DECLARATION_REQUEST_DECLINE_REASON_REQUIRED)'),
          503: problemResponse('the audit log could not be written; nothing was changed'),
        },
      },
    },
    async (request, reply) => {
      const lang = requestLang(request);
      const b = request.body;
      const key = { requester: b.requester, requestId: b.id };
      const audit = (decision: 'allow' | 'deny', code: MessageCode, params: Record<string, string>) =>
        context.auditLog.append([declarationRequestAudit({ requester: OPERATOR_CONSOLE, action: 'decline', decision, code, params, requestId: request.id })]);
      const reason = b.reason.trim();
      const pending = await pendingReceived(context, key);
      const refusal = !pending.ok ? pending : reason === '' ? { status: 422, code: 'DECLARATION_REQUEST_DECLINE_REASON_REQUIRED' as const, params: {} } : undefined;
      if (refusal) {
        await audit('deny', refusal.code, { id: b.id, requester: b.requester, ...Object.fromEntries(Object.entries(refusal.params).map(([k, v]) => [k, String(v)])) });
        return sendProblem(reply, problemOf(refusal.status, refusal.code, refusal.params, lang, { requestId: request.id }));
      }
      const audited = await audit('allow', 'DECLARATION_REQUEST_DECLINED', { id: b.id, requester: b.requester });
      if (!audited.ok) return sendProblem(reply, problemOf(503, 'NODE_AUDIT_UNAVAILABLE', { requestId: request.id }, lang, { requestId: request.id }));
      const answer = { state: 'declined' as const, declineReason: reason.slice(0, REASON_MAX_LENGTH), answeredAt: context.now().toISOString() };
      if (!(await answerReceivedRequest(context, key, answer))) {
        const params = { id: b.id, state: 'answered' };
        return sendProblem(reply, problemOf(409, 'DECLARATION_REQUEST_ALREADY_ANSWERED', params, lang, { requestId: request.id }));
      }
      const kept = await context.store.declarationRequests.get({ direction: 'received', ...key });
      const [view] = await viewsOf(context, [kept!], lang);
      return { request: view! };
    },
  );
};

