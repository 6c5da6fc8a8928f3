// Participant credentials (after W3C Verifiable Credentials): an anchor's signed statement that a participant
// has this role, jurisdiction and keys for a period. A credential is only as good as the anchor's current
// trust list: verification also checks the listing, so revoking the listing revokes every credential.
import { Type, type Static } from '@sinclair/typebox';
import { AreaCodeSchema } from '../model/area-code.ts';
import { ParticipantRoleSchema } from '../model/codes.ts';
import { DateTimeSchema, IdSchema, ParticipantIdSchema } from '../model/common.ts';
import { PublicKeySchema, type Participant, type PublicKey } from '../model/participant.ts';
import { validate } from '../model/validate.ts';
import type { NodeSigner } from './keys.ts';
import { checkSignedDocument, CLOCK_SKEW_MS, problem, refused, time } from './problems.ts';
import { documentTypes, signDocument, SignedSchema, type Signed } from './signed-document.ts';
import { checkSignatureWith } from './trust-list.ts';
import { staleWarnings, standingProblems, toVerifiedParticipant, type TrustRegistry } from './trust-registry.ts';
import type { TrustProblem, Verification, VerifiedParticipant } from './verified.ts';

export const CredentialSubjectSchema = Type.Object(
  {
    id: ParticipantIdSchema,
    role: ParticipantRoleSchema,
    jurisdiction: Type.Array(AreaCodeSchema, { minItems: 1, uniqueItems: true }),
    keys: Type.Array(PublicKeySchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type CredentialSubject = Static<typeof CredentialSubjectSchema>;

export const CredentialSchema = Type.Object(
  {
    id: IdSchema,
    /** The anchor that issues (and signs) the credential. */
    issuer: ParticipantIdSchema,
    subject: CredentialSubjectSchema,
    issuedAt: DateTimeSchema,
    expiresAt: DateTimeSchema,
  },
  { additionalProperties: false, $id: 'Credential' },
);
export type Credential = Static<typeof CredentialSchema>;

export const SignedCredentialSchema = SignedSchema(CredentialSchema);
export type SignedCredential = Signed<Credential>;

/** The credential an anchor issues for a listed participant. */
export function credentialFor(participant: Participant, issuer: string, period: { id: string; issuedAt: string; expiresAt: string }): Credential {
  return {
    id: period.id,
    issuer,
    subject: { id: participant.id, role: participant.role, jurisdiction: participant.jurisdiction, keys: participant.keys },
    issuedAt: period.issuedAt,
    expiresAt: period.expiresAt,
  };
}

/** Sign a credential as its issuing anchor. Throws on a credential that would not pass the schema check. */
export function signCredential(credential: Credential, anchor: NodeSigner, now: Date): SignedCredential {
  const v = validate(CredentialSchema, credential);
  if (!v.ok) throw new Error(`invalid credential: ${v.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
  if (anchor.participantId !== credential.issuer) throw new Error(`credential ${credential.id} must be signed by its issuer ${credential.issuer}`);
  return signDocument(credential, anchor, now, documentTypes.credential);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  return sa.size === new Set(b).size && b.every((x) => sa.has(x));
}

/** The listed keys the subject claims; undefined when it claims a key the listing does not have. */
function claimedKeys(subject: readonly PublicKey[], listed: readonly PublicKey[]): PublicKey[] | undefined {
  const out: PublicKey[] = [];
  for (const k of subject) {
    const match = listed.find((l) => l.kid === k.kid && l.publicKey === k.publicKey);
    if (!match) return undefined;
    out.push(match);
  }
  return out;
}

/**
 * Verify a presented credential: well-formed, signed by a trusted anchor with a pinned key, in its validity
 * period, its subject listed in that anchor's current list in good standing, and agreeing with the listing on
 * role, jurisdiction and keys. All failing conditions are reported, not only the first.
 */
export function verifyCredential(doc: unknown, registry: TrustRegistry, now: Date): Verification<VerifiedParticipant> {
  const shape = checkSignedDocument(SignedCredentialSchema, doc, documentTypes.credential);
  if (!shape.ok) return shape;
  const signed = shape.value;
  const cred = signed.payload;
  if (signed.proof.signer !== cred.issuer) {
    return refused(problem('TRUST_SIGNER_MISMATCH', { signer: signed.proof.signer, expected: cred.issuer }, 'proof.signer'));
  }
  const anchor = registry.anchors.get(cred.issuer);
  if (!anchor) return refused(problem('TRUST_ANCHOR_UNKNOWN', { issuer: cred.issuer }, 'payload.issuer'));
  const signature = checkSignatureWith(signed, anchor.keys, now);
  if (signature.length > 0) return refused(...signature);

  const problems: TrustProblem[] = [];
  const t = now.getTime();
  if (time(cred.expiresAt) <= time(cred.issuedAt)) {
    problems.push(problem('CREDENTIAL_INVALID_PERIOD', { issuedAt: cred.issuedAt, expiresAt: cred.expiresAt }, 'payload.expiresAt'));
  }
  if (t + CLOCK_SKEW_MS < time(cred.issuedAt)) problems.push(problem('CREDENTIAL_NOT_YET_VALID', { issuedAt: cred.issuedAt }, 'payload.issuedAt'));
  if (t >= time(cred.expiresAt)) problems.push(problem('CREDENTIAL_EXPIRED', { expiresAt: cred.expiresAt }, 'payload.expiresAt'));

  const list = registry.lists.get(cred.issuer);
  if (!list) return refused(...problems, problem('TRUST_LIST_MISSING', { anchor: cred.issuer }, 'payload.issuer'));
  const listed = registry.participants.get(cred.subject.id);
  if (!listed || listed.trustList.anchor.anchorId !== cred.issuer) {
    return refused(...problems, problem('TRUST_PARTICIPANT_UNKNOWN', { participant: cred.subject.id }, 'payload.subject.id'));
  }
  problems.push(...standingProblems(listed, now, 'payload.subject.id'));

  const entry = listed.entry.participant;
  const participant = entry.id;
  if (cred.subject.role !== entry.role) {
    problems.push(problem('CREDENTIAL_SUBJECT_MISMATCH', { participant, field: 'subject.role' }, 'payload.subject.role'));
  }
  if (!sameSet(cred.subject.jurisdiction, entry.jurisdiction)) {
    problems.push(problem('CREDENTIAL_SUBJECT_MISMATCH', { participant, field: 'subject.jurisdiction' }, 'payload.subject.jurisdiction'));
  }
  const keys = claimedKeys(cred.subject.keys, entry.keys);
  if (!keys) problems.push(problem('CREDENTIAL_SUBJECT_MISMATCH', { participant, field: 'subject.keys' }, 'payload.subject.keys'));
  if (problems.length > 0 || !keys) return refused(...problems);

  const value = toVerifiedParticipant(listed, now, cred.expiresAt, keys);
  const warnings = staleWarnings(list.list, now);
  return warnings.length > 0 ? { ok: true, value, warnings } : { ok: true, value };
}
