// The decision point end to end: verify what the requester presents (credential, declarations, delegation)
// through trust, then decide. Every trust failure becomes a denial that names the trust problem; a declaration
// that fails verification is ignored (the area falls back to the phase the valid ones give) and listed.
import {
  verifyCredential,
  verifyDeclaration,
  verifyDelegation,
  verifyParticipant,
  type TrustProblem,
  type TrustRegistry,
  type VerifiedDeclaration,
} from '../trust/index.ts';
import type { CompiledPolicies } from './compile-policies.ts';
import { decideAccess, denialOf, type AccessDecision, type AccessRequest, type DecisionReason } from './decide-access.ts';
import { instantMs, type Instant } from './phase.ts';
import type { Policy } from './policy-schema.ts';

export interface AuthorizationInput {
  /** The requester's signed credential, as presented. */
  credential: unknown;
  /** Signed declarations the node knows of (its own store, the request, the federation). */
  declarations: readonly unknown[];
  /** A signed delegation, when the requester acts for its owner; the owner is looked up in the trust list. */
  delegation?: unknown;
  request: Omit<AccessRequest, 'requester' | 'onBehalfOf'>;
}

function reasonsOf(problems: readonly TrustProblem[]): DecisionReason[] {
  return problems.map((p) => (p.field === undefined ? { code: p.code, params: p.params } : { code: p.code, params: p.params, field: p.field }));
}

function stringAt(doc: unknown, ...path: string[]): string | undefined {
  let v: unknown = doc;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return typeof v === 'string' ? v : undefined;
}

/** Verify, then decide. Pure apart from what `registry` holds; `now` is an input like everything else. */
export function authorize(
  input: AuthorizationInput,
  registry: TrustRegistry,
  policies: readonly Policy[] | CompiledPolicies,
  now: Instant,
): AccessDecision {
  const at = new Date(instantMs(now));
  const { request } = input;
  const subject = (requester: string) => ({
    requestId: request.requestId,
    dataset: request.dataset,
    purpose: request.purpose,
    action: request.action,
    requester,
  });

  const credential = verifyCredential(input.credential, registry, at);
  if (!credential.ok) {
    return denialOf(subject(stringAt(input.credential, 'payload', 'subject', 'id') ?? '(unverified)'), reasonsOf(credential.problems), now);
  }
  const requester = credential.value;
  const notes: DecisionReason[] = reasonsOf(credential.warnings ?? []);

  const declarations: VerifiedDeclaration[] = [];
  for (const doc of input.declarations) {
    const v = verifyDeclaration(doc, registry, at);
    if (v.ok) {
      declarations.push(v.value);
      continue;
    }
    notes.push({
      code: 'POLICY_DECLARATION_IGNORED',
      params: { declaration: stringAt(doc, 'payload', 'id') ?? '(unnamed)', problem: v.problems.map((p) => p.code).join(', ') },
    });
    notes.push(...reasonsOf(v.problems));
  }

  let onBehalfOf: AccessRequest['onBehalfOf'];
  if (input.delegation !== undefined) {
    const delegation = verifyDelegation(input.delegation, registry, at);
    if (!delegation.ok) return denialOf(subject(requester.id), [...reasonsOf(delegation.problems), ...notes], now);
    const owner = verifyParticipant(delegation.value.delegation.owner, registry, at);
    if (!owner.ok) return denialOf(subject(requester.id), [...reasonsOf(owner.problems), ...notes], now);
    onBehalfOf = { owner: owner.value, delegation: delegation.value };
  }

  const decision = decideAccess({ ...request, requester, ...(onBehalfOf ? { onBehalfOf } : {}) }, { policies, declarations, now });
  return notes.length > 0 ? { ...decision, reasons: [...decision.reasons, ...notes] } : decision;
}
