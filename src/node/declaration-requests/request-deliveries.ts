// The receiving side of declaration requests, as two of the node's own delivery kinds at /federation/deliveries:
// `declaration-request` (a participant asks this node to declare; checked against this node's own listing before it
// is kept) and `declaration-request-answer` (the node asked tells the requester it issued or declined). Each is kept
// in the same transaction as its receipt, so a repeat is answered as the first time and changes nothing; every
// outcome is audited as kind `declaration-request`.
import { Type, type Static } from '@sinclair/typebox';
import type { AuditEntryDraft } from '../../audit/index.ts';
import type { MessageCode, MessageParams } from '../../i18n/index.ts';
import { HazardSchema, IdSchema, PhaseSchema, validate } from '../../model/index.ts';
import type { TrustRegistry } from '../../trust/trust-registry.ts';
import { auditReason } from '../access-audit.ts';
import { problemOf, requestLang } from '../problem.ts';
import type { DeliveryKindAnswer, DeliveryKindHandler } from '../routes/subscriptions.ts';
import type { AuditedReceipt } from '../delivery-receipts.ts';
import type { TransactionOperations } from '../../store/types.ts';
import { REASON_MAX_LENGTH } from '../operator/declaration-request-schemas.ts';
import { checkRequest } from './request-rules.ts';

export const DECLARATION_REQUEST_KIND = 'declaration-request';
export const DECLARATION_REQUEST_ANSWER_KIND = 'declaration-request-answer';
export const DECLARATION_REQUESTS_DATASET = 'declaration-requests';

const AreaList = Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { minItems: 1, maxItems: 100 });
const When = Type.String({ format: 'date-time', maxLength: 40 });

/** What a request carries to the participant asked. */
export const DeclarationRequestPayload = Type.Object(
  {
    id: IdSchema,
    hazard: HazardSchema,
    phase: PhaseSchema,
    areas: AreaList,
    reason: Type.String({ minLength: 1, maxLength: REASON_MAX_LENGTH }),
    requestedAt: When,
  },
  { additionalProperties: false },
);
export type DeclarationRequestPayload = Static<typeof DeclarationRequestPayload>;

/** What the participant asked tells the requester: the declaration it issued, or why it declined. */
export const DeclarationRequestAnswerPayload = Type.Union([
  Type.Object({ id: IdSchema, outcome: Type.Literal('issued'), declarationId: IdSchema, answeredAt: When }, { additionalProperties: false }),
  Type.Object(
    { id: IdSchema, outcome: Type.Literal('declined'), reason: Type.String({ minLength: 1, maxLength: REASON_MAX_LENGTH }), answeredAt: When },
    { additionalProperties: false },
  ),
]);
export type DeclarationRequestAnswerPayload = Static<typeof DeclarationRequestAnswerPayload>;

/** An audit entry of kind `declaration-request`. */
export function declarationRequestAudit(facts: {
  requester: string;
  action: string;
  decision: 'allow' | 'deny';
  code: MessageCode;
  params: MessageParams;
  requestId: string;
  declarationId?: string;
}): AuditEntryDraft {
  return {
    kind: 'declaration-request',
    requester: facts.requester,
    purpose: 'disaster-declaration',
    action: facts.action,
    dataset: DECLARATION_REQUESTS_DATASET,
    fields: [],
    recordCount: facts.decision === 'allow' ? 1 : 0,
    decision: facts.decision,
    reasons: [auditReason({ code: facts.code, params: facts.params })],
    requestId: facts.requestId,
    ...(facts.declarationId ? { declarationId: facts.declarationId } : {}),
  };
}

interface KeptOutcome {
  status: number;
  body: Record<string, unknown>;
  code: MessageCode;
  params: Record<string, string>;
}

export interface DeclarationRequestReceiverOptions {
  participantId: string;
  registry: TrustRegistry;
  now?: () => Date;
}

/**
 * Turn what was kept with the receipt into the answer; its entry was written with the receipt. A repeated refusal is
 * audited again as the refusal it is (it changes nothing).
 */
function answerOf(received: AuditedReceipt<KeptOutcome>, auditOf: (outcome: KeptOutcome) => AuditEntryDraft, lang: 'ja' | 'en', requestId: string): DeliveryKindAnswer {
  if (received.kind === 'audit-pending') return received;
  const outcome = received.outcome;
  const repeat = received.kind === 'duplicate';
  if (outcome.status >= 300) {
    return { kind: 'problem', problem: problemOf(outcome.status, outcome.code, outcome.params, lang, { requestId }), ...(repeat ? { audit: auditOf(outcome) } : {}) };
  }
  if (repeat) return { kind: 'answer', status: outcome.status, body: { ...outcome.body, duplicate: true, firstReceivedAt: received.firstReceivedAt }, duplicate: true };
  return { kind: 'answer', status: outcome.status, body: outcome.body };
}

function invalid(request: { id: string }, sender: string, action: string, lang: 'ja' | 'en', detail: string): DeliveryKindAnswer {
  return {
    kind: 'problem',
    problem: problemOf(422, 'NODE_DELIVERY_INVALID', { detail }, lang, { requestId: request.id }),
    audit: declarationRequestAudit({ requester: sender, action, decision: 'deny', code: 'NODE_DELIVERY_INVALID', params: { detail }, requestId: request.id }),
  };
}

const problemsText = (problems: readonly { path: string; message: string }[]) => problems.map((p) => `${p.path} ${p.message}`).join('; ').slice(0, 500);

/** Kind `declaration-request`: a participant asks this node to declare. */
export function declarationRequestReceiver(options: DeclarationRequestReceiverOptions): DeliveryKindHandler {
  const now = options.now ?? (() => new Date());
  return async ({ request, sender, idempotencyKey, payload, receipts }) => {
    const lang = requestLang(request);
    const parsed = validate(DeclarationRequestPayload, payload);
    if (!parsed.ok) return invalid(request, sender, 'receive', lang, problemsText(parsed.problems));
    const r = parsed.value;
    // The requester checked this before sending; the trust list may have changed since, so this node checks itself.
    const check = checkRequest({ recipient: options.participantId, areas: r.areas, reason: r.reason }, { registry: options.registry, requester: sender, now: now(), lang });
    if (!check.ok) {
      return {
        kind: 'problem',
        problem: problemOf(check.status, check.code, check.params, lang, { requestId: request.id }),
        audit: declarationRequestAudit({ requester: sender, action: 'receive', decision: 'deny', code: check.code, params: { id: r.id, ...check.params }, requestId: request.id }),
      };
    }
    const auditOf = (outcome: KeptOutcome) =>
      declarationRequestAudit({ requester: sender, action: 'receive', decision: 'allow', code: outcome.code, params: outcome.params, requestId: request.id });
    const received = await receipts.receive<KeptOutcome>(request, sender, idempotencyKey, async (tx) => {
      const kept = await tx.declarationRequests.keep({
        direction: 'received',
        requester: sender,
        requestId: r.id,
        recipient: options.participantId,
        hazard: r.hazard,
        phase: r.phase,
        areas: check.areas,
        reason: check.reason,
        requestedAt: r.requestedAt,
      });
      // The same request under a new key (a requester that lost its outbox) is taken as the first one, not kept twice.
      const outcome: KeptOutcome = { status: kept.kept ? 201 : 200, body: { result: 'received', id: r.id }, code: 'DECLARATION_REQUEST_RECEIVED', params: { id: r.id, requester: sender } };
      return { outcome, audit: auditOf(outcome) };
    });
    return answerOf(received, auditOf, lang, request.id);
  };
}

/** Kind `declaration-request-answer`: the participant this node asked says what it did. */
export function declarationRequestAnswerReceiver(options: DeclarationRequestReceiverOptions): DeliveryKindHandler {
  return async ({ request, sender, idempotencyKey, payload, receipts }) => {
    const lang = requestLang(request);
    const parsed = validate(DeclarationRequestAnswerPayload, payload);
    if (!parsed.ok) return invalid(request, sender, 'receive-answer', lang, problemsText(parsed.problems));
    const a = parsed.value;
    const key = { direction: 'sent' as const, requester: options.participantId, requestId: a.id };
    const auditOf = (outcome: KeptOutcome) =>
      declarationRequestAudit({
        requester: sender,
        action: 'receive-answer',
        decision: outcome.status < 300 ? 'allow' : 'deny',
        code: outcome.code,
        params: outcome.params,
        requestId: request.id,
        ...(a.outcome === 'issued' && outcome.status < 300 ? { declarationId: a.declarationId } : {}),
      });
    const received = await receipts.receive<KeptOutcome>(request, sender, idempotencyKey, async (tx) => {
      const outcome = await recordAnswer(tx);
      return { outcome, audit: auditOf(outcome) };
    });
    return answerOf(received, auditOf, lang, request.id);

    async function recordAnswer(tx: TransactionOperations): Promise<KeptOutcome> {
      const sent = await tx.declarationRequests.get(key);
      // Only the participant asked may answer; anyone else is told there is no such request, as for an unknown id.
      if (!sent || sent.recipient !== sender) {
        return { status: 404, body: {}, code: 'DECLARATION_REQUEST_UNKNOWN', params: { id: a.id, requester: options.participantId } };
      }
      const answer =
        a.outcome === 'issued'
          ? { state: 'issued' as const, declarationId: a.declarationId, answeredAt: a.answeredAt }
          : { state: 'declined' as const, declineReason: a.reason, answeredAt: a.answeredAt };
      if (!(await tx.declarationRequests.answer(key, answer))) {
        return { status: 409, body: {}, code: 'DECLARATION_REQUEST_ALREADY_ANSWERED', params: { id: a.id, state: sent.state } };
      }
      return { status: 200, body: { result: 'recorded', id: a.id, state: answer.state }, code: 'DECLARATION_REQUEST_ANSWER_RECEIVED', params: { id: a.id, state: answer.state, recipient: sender } };
    }
  };
}
