// The node's decision on data an application pushes to another participant (ApplicationAccess.decideRelease): the
// recipient verified from the trust list, the release decided by the node's own policies, the decision audited first.
import type { AuditLogWriter } from '../../audit/index.ts';
import { denialOf, type AccessDecision, type DecisionReason } from '../../policy/index.ts';
import { verifyParticipant, type TrustRegistry } from '../../trust/trust-registry.ts';
import type { Verification, VerifiedParticipant } from '../../trust/verified.ts';
import { accessAuditDraft } from '../access-audit.ts';
import type { AccessGate } from '../access-gate.ts';
import type { OutgoingRelease, ReleaseDecision } from './application.ts';

export interface ReleaseHost {
  /** The node's trust lists; absent on a node without federation, where no recipient can be verified. */
  registry?: TrustRegistry;
  gate: Pick<AccessGate, 'decide'>;
  auditLog: Pick<AuditLogWriter, 'append'>;
  now(): Date;
}

/** The recipient as the trust list vouches for it at `at`, or the trust list's reasons it cannot be. */
function recipientAt(host: ReleaseHost, recipient: string, at: Date): Verification<VerifiedParticipant> {
  if (!host.registry) return { ok: false, problems: [{ code: 'TRUST_PARTICIPANT_UNKNOWN', params: { participant: recipient } }] };
  return verifyParticipant(recipient, host.registry, at);
}

/** Decide one release as the node decides a read: same policies, same declarations, same audit entry shape. */
export function decideRelease(host: ReleaseHost, release: OutgoingRelease): AccessDecision {
  const at = host.now();
  const recipient = recipientAt(host, release.recipient, at);
  const pushed: DecisionReason = { code: 'NODE_RELEASE_PUSHED', params: { recipient: release.recipient, what: release.what.slice(0, 500) } };
  const decided = recipient.ok
    ? host.gate.decide({
        requester: recipient.value, purpose: release.purpose, action: release.action, dataset: release.dataset,
        fields: [...release.fields], recordAreas: release.recordAreas, requestId: release.requestId,
      })
    : denialOf(
        { requestId: release.requestId, dataset: release.dataset, purpose: release.purpose, action: release.action, requester: release.recipient },
        recipient.problems.map((p) => ({ code: p.code, params: p.params, ...(p.field !== undefined ? { field: p.field } : {}) })),
        at,
      );
  // A pushed document is sent whole: the node cannot mask a field or drop a record in it, so a release the policy
  // would only give in part is not given at all.
  const partial = decided.effect === 'allow' ? partialGrant(decided) : undefined;
  const decision: AccessDecision = partial
    ? {
        ...denialOf({ requestId: decided.requestId, dataset: decided.dataset, purpose: decided.purpose, action: decided.action, requester: decided.requester }, [...decided.reasons, partial], at),
        ...(decided.policy ? { policy: decided.policy } : {}),
        areas: decided.areas,
      }
    : decided;
  return { ...decision, reasons: [...decision.reasons, pushed] };
}

/** Why an allowance falls short of the whole push: fields masked, or only some records (a scope, or consent) granted. */
function partialGrant(decision: AccessDecision): DecisionReason | undefined {
  const { maskedFields, recordScope, requireConsent } = decision.obligations;
  if (maskedFields.length > 0) return { code: 'NODE_RELEASE_FIELDS_WITHHELD', params: { fields: maskedFields.join(', ') } };
  if (recordScope || requireConsent) {
    const scope = [...(recordScope?.requesterIdAt.map((r) => r.field) ?? []), ...(recordScope?.quality ? ['quality'] : []), ...(requireConsent ? ['consent'] : [])];
    return { code: 'NODE_RELEASE_RECORDS_LIMITED', params: { scope: scope.join(', ') } };
  }
  return undefined;
}

/** Decide, then write the audit entry and wait until it is durable: only a recorded allowance may be queued. */
export async function decideAndRecordRelease(host: ReleaseHost, release: OutgoingRelease): Promise<ReleaseDecision> {
  const decision = decideRelease(host, release);
  const allowed = decision.effect === 'allow';
  const draft = accessAuditDraft({ decision, requestedFields: release.fields, releasedIds: allowed ? release.recordIds : [] });
  let recorded = false;
  try {
    recorded = (await host.auditLog.append([draft])).ok;
  } catch {
    recorded = false;
  }
  if (!recorded) return { outcome: 'unrecorded', decision };
  return allowed ? { outcome: 'allowed', decision } : { outcome: 'denied', decision };
}
