// Emergency delegations: signing and verifying an owner's advance delegation, and whether a verified
// delegation is active, i.e. inside its validity and under a declaration in alert or emergency phase.
import type { AreaCode } from '../model/area-code.ts';
import { DelegationSchema, type Delegation } from '../model/declaration.ts';
import { validate } from '../model/validate.ts';
import { activeDeclarations } from './declaration.ts';
import { areasOutside } from './jurisdiction.ts';
import type { NodeSigner } from './keys.ts';
import { checkSignedDocument, problem, refused, time } from './problems.ts';
import { documentTypes, signDocument, SignedSchema, type Signed } from './signed-document.ts';
import { checkParticipantSignature, listedParticipant, type TrustRegistry } from './trust-registry.ts';
import { markVerified, type TrustProblem, type Verification, type VerifiedDeclaration, type VerifiedDelegation } from './verified.ts';

export const SignedDelegationSchema = SignedSchema(DelegationSchema);
export type SignedDelegation = Signed<Delegation>;

/** Sign a delegation as its owner. Throws on a delegation that would not pass the schema check. */
export function signDelegation(delegation: Delegation, signer: NodeSigner, now: Date): SignedDelegation {
  const v = validate(DelegationSchema, delegation);
  if (!v.ok) throw new Error(`invalid delegation: ${v.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
  if (signer.participantId !== delegation.owner) throw new Error(`delegation ${delegation.id} must be signed by its owner ${delegation.owner}`);
  return signDocument(delegation, signer, now, documentTypes.delegation);
}

function uniqueByCode(problems: readonly TrustProblem[]): TrustProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.code}\n${JSON.stringify(p.params)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Verify a delegation: well-formed, signed by its owner with a listed key, owner and delegate listed and in
 * good standing, every area inside the owner's jurisdiction, a sound and unexpired period. A delegation that
 * starts later verifies (delegations are made in advance); whether it is active is `delegationActivation`'s call.
 */
export function verifyDelegation(doc: unknown, registry: TrustRegistry, now: Date): Verification<VerifiedDelegation> {
  const shape = checkSignedDocument(SignedDelegationSchema, doc, documentTypes.delegation);
  if (!shape.ok) return shape;
  const signed = shape.value;
  const d = signed.payload;
  const owner = checkParticipantSignature(signed, registry, now, d.owner, 'payload.owner');
  if (!owner.ok) return owner;

  const problems: TrustProblem[] = [];
  if (d.delegate === d.owner) problems.push(problem('DELEGATION_TO_SELF', { delegation: d.id, participant: d.owner }, 'payload.delegate'));
  const delegate = listedParticipant(registry, d.delegate, now, 'payload.delegate');
  if (!delegate.ok) problems.push(...delegate.problems);
  const outside = new Set(areasOutside(d.areas, owner.value.entry.participant.jurisdiction));
  d.areas.forEach((area, i) => {
    if (outside.has(area)) problems.push(problem('DELEGATION_AREA_OUTSIDE_JURISDICTION', { area, participant: d.owner }, `payload.areas[${i}]`));
  });
  if (time(d.validUntil) <= time(d.validFrom)) {
    problems.push(problem('DELEGATION_INVALID_PERIOD', { validFrom: d.validFrom, validUntil: d.validUntil }, 'payload.validUntil'));
  } else if (now.getTime() >= time(d.validUntil)) {
    problems.push(problem('DELEGATION_EXPIRED', { delegation: d.id, validUntil: d.validUntil }, 'payload.validUntil'));
  }
  if (problems.length > 0) return refused(...problems);
  const value = markVerified({ delegation: d });
  const warnings = uniqueByCode([...(owner.warnings ?? []), ...((delegate.ok && delegate.warnings) || [])]);
  return warnings.length > 0 ? { ok: true, value, warnings } : { ok: true, value };
}

export type DelegationActivation =
  | {
      active: true;
      /** The declarations (alert or emergency) that cover the areas concerned. */
      declarations: VerifiedDeclaration[];
    }
  | { active: false; reason: 'not-yet-valid' | 'expired'; declarations?: undefined }
  | { active: false; reason: 'area-not-delegated'; area: string; declarations?: undefined }
  | { active: false; reason: 'no-covering-declaration'; uncovered: string[]; declarations?: undefined };

/**
 * Whether a verified delegation is active at `now`. It is active only inside its validity period and while
 * declarations in phase `alert` or `emergency` (of a hazard the delegation names, if it names any) cover the
 * areas concerned: with `area` (the area of the records at hand), that one area, which must lie inside the
 * delegated areas; without it, every delegated area. Superseded, closed and expired declarations never count,
 * whatever list is passed in.
 */
export function delegationActivation(
  verified: VerifiedDelegation,
  declarations: readonly VerifiedDeclaration[],
  now: Date,
  area?: AreaCode | string,
): DelegationActivation {
  const d = verified.delegation;
  const t = now.getTime();
  if (t < time(d.validFrom)) return { active: false, reason: 'not-yet-valid' };
  if (t >= time(d.validUntil)) return { active: false, reason: 'expired' };
  if (area !== undefined && areasOutside([area], d.areas).length > 0) return { active: false, reason: 'area-not-delegated', area };

  const activating = activeDeclarations(declarations, now).filter(
    (v) => (v.declaration.phase === 'alert' || v.declaration.phase === 'emergency') && (d.hazards === undefined || d.hazards.includes(v.declaration.hazard)),
  );
  const targets = area === undefined ? d.areas : [area];
  const uncovered = targets.filter((a) => !activating.some((v) => areasOutside([a], v.declaration.areas).length === 0));
  if (uncovered.length > 0) return { active: false, reason: 'no-covering-declaration', uncovered };
  const used = activating.filter((v) => targets.some((a) => areasOutside([a], v.declaration.areas).length === 0));
  return { active: true, declarations: used };
}

/** `delegationActivation(...).active`, for callers that need only the answer. */
export function delegationActive(
  verified: VerifiedDelegation,
  declarations: readonly VerifiedDeclaration[],
  now: Date,
  area?: AreaCode | string,
): boolean {
  return delegationActivation(verified, declarations, now, area).active;
}
