// Disaster declarations: signing, verification against the trust registry (who may declare, for which areas,
// when), and which verified declarations are in force once supersessions and closures are applied.
import { DeclarationSchema, type Declaration } from '../model/declaration.ts';
import type { ParticipantRole } from '../model/codes.ts';
import { validate } from '../model/validate.ts';
import { areasOutside } from './jurisdiction.ts';
import type { NodeSigner } from './keys.ts';
import { finish, type Steps } from '../model/steps.ts';
import { checkSignedDocumentSteps, CLOCK_SKEW_MS, problem, refused, time } from './problems.ts';
import { documentTypes, signDocument, SignedSchema, type Signed } from './signed-document.ts';
import type { TrustListEntry } from './trust-list.ts';
import { checkParticipantSignature, type TrustRegistry } from './trust-registry.ts';
import { markVerified, type TrustProblem, type Verification, type VerifiedDeclaration } from './verified.ts';

export const SignedDeclarationSchema = SignedSchema(DeclarationSchema);
export type SignedDeclaration = Signed<Declaration>;

/** Roles that may declare a disaster for their own jurisdiction unless their listing says otherwise. */
export const declaringRoles: readonly ParticipantRole[] = [
  'national-agency',
  'prefecture',
  'municipality',
  'national-disaster-agency',
  'regional-coordinator',
];

/** A listing's `declarationAuthority`, when present, overrides the role's default either way. */
export function mayDeclare(entry: TrustListEntry): boolean {
  return entry.declarationAuthority ?? declaringRoles.includes(entry.participant.role);
}

/** Sign a declaration as its issuer. Throws on a declaration that would not pass the schema check. */
export function signDeclaration(declaration: Declaration, signer: NodeSigner, now: Date): SignedDeclaration {
  const v = validate(DeclarationSchema, declaration);
  if (!v.ok) throw new Error(`invalid declaration: ${v.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
  if (signer.participantId !== declaration.issuer) throw new Error(`declaration ${declaration.id} must be signed by its issuer ${declaration.issuer}`);
  return signDocument(declaration, signer, now, documentTypes.declaration);
}

/**
 * Verify a declaration: well-formed, signed by its issuer with a listed key, the issuer in good standing and
 * allowed to declare, every area inside the issuer's listed jurisdiction, in force now. A `closed` declaration
 * verifies like any other; it marks the end of what it supersedes.
 */
export function verifyDeclaration(doc: unknown, registry: TrustRegistry, now: Date): Verification<VerifiedDeclaration> {
  return finish(verifyDeclarationSteps(doc, registry, now));
}

/**
 * `verifyDeclaration` as steps (src/model/steps.ts): a declaration received over HTTP may carry an area of up to
 * MAX_AREA_VERTICES positions, whose ring checks a node runs in slices with its event loop free in between.
 */
export function* verifyDeclarationSteps(doc: unknown, registry: TrustRegistry, now: Date): Steps<Verification<VerifiedDeclaration>> {
  const shape = yield* checkSignedDocumentSteps(SignedDeclarationSchema, doc, documentTypes.declaration);
  if (!shape.ok) return shape;
  const signed = shape.value;
  const d = signed.payload;
  const issuer = checkParticipantSignature(signed, registry, now, d.issuer, 'payload.issuer');
  if (!issuer.ok) return issuer;
  const entry = issuer.value.entry;

  const problems: TrustProblem[] = [];
  if (!mayDeclare(entry)) {
    problems.push(problem('DECLARATION_NOT_AUTHORISED', { participant: d.issuer, role: entry.participant.role }, 'payload.issuer'));
  }
  const outside = new Set(areasOutside(d.areas, entry.participant.jurisdiction));
  d.areas.forEach((area, i) => {
    if (outside.has(area)) {
      problems.push(problem('DECLARATION_AREA_OUTSIDE_JURISDICTION', { area, participant: d.issuer }, `payload.areas[${i}]`));
    }
  });
  if (time(d.expiresAt) <= time(d.issuedAt)) {
    problems.push(problem('DECLARATION_INVALID_PERIOD', { issuedAt: d.issuedAt, expiresAt: d.expiresAt }, 'payload.expiresAt'));
  } else if (now.getTime() + CLOCK_SKEW_MS < time(d.issuedAt)) {
    problems.push(problem('DECLARATION_NOT_YET_VALID', { declaration: d.id, issuedAt: d.issuedAt }, 'payload.issuedAt'));
  } else if (now.getTime() >= time(d.expiresAt)) {
    problems.push(problem('DECLARATION_EXPIRED', { declaration: d.id, expiresAt: d.expiresAt }, 'payload.expiresAt'));
  }
  if (problems.length > 0) return refused(...problems);
  const value = markVerified({ declaration: d, issuerRole: entry.participant.role });
  return issuer.warnings ? { ok: true, value, warnings: issuer.warnings } : { ok: true, value };
}

const keyOf = (issuer: string, id: string) => `${issuer}\n${id}`;

/**
 * The declarations in force at `now`: started, not expired, not `closed`, and not superseded. A declaration
 * supersedes only an earlier one of the same issuer (`supersedes` names its id), and stays superseded even
 * after the superseding one expires, so an old declaration never comes back to life. Of two versions with the
 * same issuer and id, the later `issuedAt` counts. Sorted by `issuedAt`.
 */
export function activeDeclarations(verified: readonly VerifiedDeclaration[], now: Date): VerifiedDeclaration[] {
  const t = now.getTime();
  const latest = new Map<string, VerifiedDeclaration>();
  for (const v of verified) {
    const d = v.declaration;
    if (time(d.issuedAt) > t + CLOCK_SKEW_MS) continue;
    const k = keyOf(d.issuer, d.id);
    const seen = latest.get(k);
    if (!seen || time(d.issuedAt) > time(seen.declaration.issuedAt)) latest.set(k, v);
  }
  const superseded = new Set<string>();
  for (const { declaration: d } of latest.values()) {
    if (d.supersedes !== undefined && d.supersedes !== d.id) superseded.add(keyOf(d.issuer, d.supersedes));
  }
  return [...latest.entries()]
    .filter(([k, v]) => !superseded.has(k) && v.declaration.phase !== 'closed' && t < time(v.declaration.expiresAt))
    .map(([, v]) => v)
    .sort((a, b) => time(a.declaration.issuedAt) - time(b.declaration.issuedAt));
}
