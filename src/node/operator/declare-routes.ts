// GET /operator/declarations/authority and POST /operator/declarations: whether this node may declare and for which
// named areas, and a declaration issued by its operator — checked against the node's own listing, signed with the
// node's key, taken in by the node's own receiving path (verified, audited, kept), then sent to every other node of
// the trust list. A dry run is the console's confirmation step: the same checks, nothing signed, kept or sent.
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AuditEntryDraft } from '../../audit/index.ts';
import { message, type Lang } from '../../i18n/index.ts';
import { participantRoles, type Hazard, type Phase } from '../../model/codes.ts';
import { signDeclaration, verifyDeclaration } from '../../trust/declaration.ts';
import { auditReason } from '../access-audit.ts';
import { problemOf, problemResponse, requestLang, sendProblem } from '../problem.ts';
import { DeclarationOrderBody, DeclaringAuthorityResponse, IssuedDeclarationResponse } from './api-schemas.ts';
import { OPERATOR_CONSOLE, type OperatorContext } from './context.ts';
import { declaringAuthorityOf, draftDeclaration, type DeclaringAuthority } from './declaration-draft.ts';
import { answerReceivedRequest, pendingReceived } from './declaration-request-routes.ts';
import { declarationRequestAudit } from '../declaration-requests/request-deliveries.ts';
import { nameOf, otherPeers, targetOf } from './peers.ts';
import { declarationSummary, LangQuery, unauthorized, type OperatorRouteOptions } from './session-routes.ts';

/** One peer gets this long to take a declaration; a dead one is reported, not waited for. */
export const DECLARATION_DELIVERY_TIMEOUT_MS = 5_000;

type Delivery = { participantId: string; name: { ja: string; en: string }; outcome: 'accepted' | 'refused' | 'unreachable'; detail?: string };

/** Whether this node may declare, the refusal said with the participant's name and role as a person reads them. */
function authorityDetail(authority: DeclaringAuthority, lang: Lang, context: OperatorContext) {
  if (authority.kind === 'may-declare') return { ...authority, jurisdiction: [...authority.jurisdiction] };
  const { participant, role } = authority.params;
  const readable = {
    ...authority.params,
    ...(typeof participant === 'string' ? { participant: nameOf(context, participant)[lang] } : {}),
    ...(typeof role === 'string' && Object.hasOwn(participantRoles, role) ? { role: participantRoles[role as keyof typeof participantRoles][lang] } : {}),
  };
  return { kind: authority.kind, code: authority.code, detail: message(authority.code, readable, lang) };
}

/** Send to one peer and say what came of it, within the deadline; never throws. */
async function deliver(context: OperatorContext, peer: ReturnType<typeof otherPeers>[number], signed: unknown, lang: Lang): Promise<Delivery> {
  const name = nameOf(context, peer.participantId);
  const base = { participantId: peer.participantId, name };
  try {
    const r = await context.client.request(targetOf(peer), 'POST', '/api/v1/declarations', signed, AbortSignal.timeout(DECLARATION_DELIVERY_TIMEOUT_MS));
    if (!r.ok) return { ...base, outcome: 'unreachable', detail: r.reason === 'network' ? r.detail : r.problems.map((p) => p.code).join(', ') };
    if (r.status >= 200 && r.status < 300) return { ...base, outcome: 'accepted' };
    const body = r.body as { detail?: unknown; code?: unknown } | null;
    return { ...base, outcome: 'refused', detail: String(body?.detail ?? body?.code ?? r.status) };
  } catch (e) {
    return { ...base, outcome: 'unreachable', detail: message('OPERATOR_PEER_UNREACHABLE', { node: name[lang], detail: (e as Error).message }, lang) };
  }
}

export const declareRoutes: FastifyPluginAsyncTypebox<OperatorRouteOptions> = async (app, { context }) => {
  const security = [{ operatorToken: [] }];

  app.get(
    '/declarations/authority',
    {
      schema: {
        tags: ['operator'],
        summary: 'Whether this node may declare, and the areas it may name (宣言の権限と対象地域)',
        security,
        querystring: LangQuery,
        response: { 200: DeclaringAuthorityResponse, ...unauthorized },
      },
    },
    async (request) => {
      const lang = requestLang(request);
      if (!context.declaring) return { kind: 'may-not-declare' as const, code: 'OPERATOR_DECLARE_UNAVAILABLE', detail: message('OPERATOR_DECLARE_UNAVAILABLE', {}, lang) };
      return authorityDetail(declaringAuthorityOf(context.declaring.registry, context.participantId, context.now()), lang, context);
    },
  );

  app.post(
    '/declarations',
    {
      schema: {
        tags: ['operator'],
        summary: 'Issue a disaster declaration as this node, or check one first (災害宣言の発出)',
        description:
          'Checked against the node\'s own listing (may it declare, are the areas within its jurisdiction), signed with the ' +
          "node's key, verified and kept by the node as any received declaration, audited (declaration-issued, " +
          'declaration-sent), and sent to every other node of the trust list. With dryRun, only checked. With answering, ' +
          'a declaration request received and still waiting is marked issued and its requester told through the outbox.',
        security,
        querystring: LangQuery,
        body: DeclarationOrderBody,
        response: {
          200: IssuedDeclarationResponse,
          201: IssuedDeclarationResponse,
          ...unauthorized,
          403: problemResponse('this node may not declare, or not for these areas (OPERATOR_MAY_NOT_DECLARE, OPERATOR_DECLARATION_AREA_OUTSIDE_JURISDICTION, …)'),
          404: problemResponse('answering a declaration request this node did not receive (DECLARATION_REQUEST_UNKNOWN)'),
          409: problemResponse('no key and trust list to declare with (OPERATOR_DECLARE_UNAVAILABLE), or the request answered is answered already (DECLARATION_REQUEST_ALREADY_ANSWERED)'),
          422: problemResponse('an area code or title that cannot be used, or a declaration the node itself refused'),
          503: problemResponse('the audit log could not be written; nothing was issued'),
        },
      },
    },
    async (request, reply) => {
      const lang = requestLang(request);
      const b = request.body;
      const action = b.dryRun ? 'preview' : 'declare';
      const audit = (draft: Pick<AuditEntryDraft, 'decision' | 'reasons' | 'recordCount'> & Partial<AuditEntryDraft>) =>
        context.auditLog.append([
          {
            kind: 'declaration-issued',
            requester: OPERATOR_CONSOLE,
            purpose: 'disaster-declaration',
            action,
            dataset: 'declarations',
            fields: [],
            requestId: request.id,
            ...draft,
          },
        ]);
      const declaring = context.declaring;
      if (!declaring) {
        await audit({ decision: 'deny', recordCount: 0, reasons: [{ code: 'OPERATOR_DECLARE_UNAVAILABLE', params: {} }] });
        return sendProblem(reply, problemOf(409, 'OPERATOR_DECLARE_UNAVAILABLE', {}, lang, { requestId: request.id }));
      }
      const now = context.now();
      const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
      const id = `decl-${context.participantId}-${stamp}-${randomBytes(3).toString('hex')}`;
      const authority = declaringAuthorityOf(declaring.registry, context.participantId, now);
      // The body schema admitted only codes of the vocabularies, which its static type does not carry.
      const order = { ...b, hazard: b.hazard as Hazard, phase: b.phase as Phase };
      const drafted = draftDeclaration(order, authority, context.participantId, id, now);
      if (!drafted.ok) {
        await audit({ decision: 'deny', recordCount: 0, reasons: [auditReason({ code: drafted.code, params: drafted.params })] });
        const errors = drafted.field ? [{ path: drafted.field, message: drafted.code }] : [];
        return sendProblem(reply, problemOf(drafted.status, drafted.code, drafted.params, lang, { requestId: request.id, errors }));
      }
      const declaration = drafted.declaration;
      // A request it answers must still be waiting, checked before anything is signed (and in the confirmation step).
      const answering = b.answering ? { requester: b.answering.requester, requestId: b.answering.id } : undefined;
      if (answering) {
        const pending = await pendingReceived(context, answering);
        if (!pending.ok) {
          await audit({ decision: 'deny', recordCount: 0, reasons: [auditReason({ code: pending.code, params: pending.params })] });
          return sendProblem(reply, problemOf(pending.status, pending.code, pending.params, lang, { requestId: request.id }));
        }
      }
      if (b.dryRun) {
        return reply.code(200).send({ issued: false, declaration: declarationSummary(context, declaration, false, lang), deliveries: [] });
      }

      const signed = signDeclaration(declaration, declaring.signer, now);
      // What every peer would refuse (a key the trust list does not name) is refused here, before anything is kept.
      const self = verifyDeclaration(signed, declaring.registry, now);
      if (!self.ok) {
        const reasons = self.problems.map((p) => p.code).join(', ');
        await audit({ decision: 'deny', recordCount: 0, declarationId: id, reasons: [{ code: 'OPERATOR_DECLARATION_NOT_KEPT', params: { reasons } }] });
        return sendProblem(reply, problemOf(422, 'OPERATOR_DECLARATION_NOT_KEPT', { reasons }, lang, { requestId: request.id }));
      }
      const issued = await audit({ decision: 'allow', recordCount: 1, declarationId: id, reasons: [{ code: 'OPERATOR_DECLARATION_ISSUED', params: { declaration: id } }] });
      if (!issued.ok) return sendProblem(reply, problemOf(503, 'NODE_AUDIT_UNAVAILABLE', { requestId: request.id }, lang, { requestId: request.id }));
      const kept = await declaring.receive(signed, context.participantId, request.id);
      if (!kept.ok) {
        const reasons = kept.problems.map((p) => p.code).join(', ');
        return sendProblem(reply, problemOf(kept.status === 503 ? 503 : 422, 'OPERATOR_DECLARATION_NOT_KEPT', { reasons }, lang, { requestId: request.id }));
      }

      if (answering) {
        // The declaration stands whatever comes of this; a request answered meanwhile by another operator keeps that answer.
        const answered = await answerReceivedRequest(context, answering, { state: 'issued', declarationId: id, answeredAt: now.toISOString() });
        const params = { id: answering.requestId, requester: answering.requester, declaration: id };
        await context.auditLog.append([
          answered
            ? declarationRequestAudit({ requester: OPERATOR_CONSOLE, action: 'issue', decision: 'allow', code: 'DECLARATION_REQUEST_ISSUED', params, requestId: request.id, declarationId: id })
            : declarationRequestAudit({ requester: OPERATOR_CONSOLE, action: 'issue', decision: 'deny', code: 'DECLARATION_REQUEST_ALREADY_ANSWERED', params: { id: answering.requestId, state: 'answered' }, requestId: request.id }),
        ]);
      }
      const deliveries = await Promise.all(otherPeers(context).map((peer) => deliver(context, peer, signed, lang)));
      await context.auditLog.append([
        {
          kind: 'declaration-sent',
          requester: OPERATOR_CONSOLE,
          purpose: 'disaster-declaration',
          action: 'send',
          dataset: 'declarations',
          fields: [],
          declarationId: id,
          recordCount: deliveries.filter((d) => d.outcome === 'accepted').length,
          decision: 'allow',
          reasons: deliveries.slice(0, 100).map((d) =>
            d.outcome === 'accepted'
              ? { code: 'OPERATOR_DECLARATION_DELIVERED', params: { node: d.participantId } }
              : auditReason({ code: 'OPERATOR_DECLARATION_NOT_DELIVERED', params: { node: d.participantId, outcome: d.outcome, detail: (d.detail ?? '').slice(0, 500) } }),
          ),
          requestId: request.id,
        },
      ]);
      return reply.code(201).send({ issued: true, declaration: declarationSummary(context, kept.declaration, kept.active, lang), deliveries });
    },
  );
};
