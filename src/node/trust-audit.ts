// The audit entry of a trust administration event — an anchor operation, a join request, a trust list taken or
// refused — with its problems as reasons (each naming its field), so every such event reads the same in the log.
import type { AuditEntryDraft } from '../audit/index.ts';
import { auditReason } from './access-audit.ts';
import type { TrustProblem } from '../trust/verified.ts';

export interface TrustAuditEvent {
  /** Who acted: `operator:cli`, `applicant:<participant>`, `trust-anchor:<anchor>`. */
  requester: string;
  purpose: 'trust-administration' | 'trust-distribution';
  /** What was done: admit, revoke, join-request, trust-list-accept, … */
  action: string;
  decision: 'allow' | 'deny';
  /** The participant or anchor concerned. */
  subject?: string;
  reasons: readonly TrustProblem[];
  requestId: string;
}

export function trustAuditDraft(e: TrustAuditEvent): AuditEntryDraft {
  return {
    kind: 'admin',
    requester: e.requester,
    purpose: e.purpose,
    action: e.action,
    dataset: 'trust-list',
    fields: [],
    recordCount: 0,
    ...(e.subject === undefined ? {} : { recordIds: [e.subject] }),
    decision: e.decision,
    reasons: e.reasons.slice(0, 100).map((p) => auditReason({ code: p.code, params: p.field === undefined ? p.params : { ...p.params, field: p.field } })),
    requestId: e.requestId,
  };
}
