// The audit entry for one decided read: who asked, for what, which fields and records, under which policy, with
// which answer and why — made on the node's side of the access gate, so the policy engine stays data in, decision out. Pure. It names record ids only, never their contents, and fits the entry schema's limits.
import { AuditEntryDraftSchema, type AuditEntryDraft, type AuditReason } from '../audit/index.ts';
import type { AccessDecision, DecisionReason, RequestedFields } from '../policy/index.ts';

const MAX_RECORD_IDS = AuditEntryDraftSchema.properties.recordIds.maxItems ?? 1000;
const MAX_REASONS = AuditEntryDraftSchema.properties.reasons.maxItems ?? 100;
const MAX_PARAM_TEXT = 1000;

export interface AccessAuditFacts {
  /** The decision, with any notes of the node (e.g. an assumed purpose) among its reasons. */
  decision: AccessDecision;
  /** What was asked for; a denial records it, an allowance records what was granted. */
  requestedFields: RequestedFields;
  /** Ids of the records that left the node (after obligations), in answer order. */
  releasedIds: readonly string[];
  /** The delegation a participant acted under, when it did. */
  delegationId?: string;
}

/** A reason (of a decision, or a trust problem) as the audit entry schema holds it: long texts cut, ids kept. */
export function auditReason(r: DecisionReason): AuditReason {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(r.params)) {
    if (v === undefined) continue;
    params[k] = typeof v === 'string' && v.length > MAX_PARAM_TEXT ? `${v.slice(0, MAX_PARAM_TEXT - 1)}…` : v;
  }
  // The owner reading the log wants to know which permit matched, or came nearest for a denial.
  if (r.permitId !== undefined && params.permitId === undefined) params.permitId = r.permitId;
  if (r.policyId !== undefined && params.policyId === undefined) params.policyId = r.policyId;
  return { code: r.code, params };
}

export function accessAuditDraft(facts: AccessAuditFacts): AuditEntryDraft {
  const { decision } = facts;
  const allowed = decision.effect === 'allow';
  const fields = allowed ? [...decision.obligations.grantedFields] : facts.requestedFields === '*' ? ['*'] : [...facts.requestedFields];
  const draft: AuditEntryDraft = {
    kind: 'access-decision',
    requester: decision.requester,
    purpose: decision.purpose,
    action: decision.action,
    dataset: decision.dataset,
    fields,
    recordCount: facts.releasedIds.length,
    decision: decision.effect,
    reasons: decision.reasons.slice(0, MAX_REASONS).map(auditReason),
    requestId: decision.requestId,
  };
  // Listed when few enough to list; the count always tells how many left.
  const ids = [...new Set(facts.releasedIds)]; // a history answer repeats one id per version
  if (ids.length > 0 && ids.length <= MAX_RECORD_IDS) draft.recordIds = ids;
  if (decision.actingFor !== undefined) draft.onBehalfOf = decision.actingFor;
  if (decision.policy) draft.policy = { id: decision.policy.id, version: decision.policy.version };
  if (facts.delegationId !== undefined) draft.delegationId = facts.delegationId;
  return draft;
}
