// Trust lists: a trust anchor's signed list of participants (status, validity, keys, declaration authority)
// and of the foreign anchors it recognises. Only the document format, signing and checking of one list live
// here; which anchors a node trusts is the registry's job.
import { Type, type Static } from '@sinclair/typebox';
import { AreaCodeSchema } from '../model/area-code.ts';
import { DateTimeSchema, IdSchema, ParticipantIdSchema } from '../model/common.ts';
import { ParticipantSchema, PublicKeySchema, type PublicKey } from '../model/participant.ts';
import { validate } from '../model/validate.ts';
import type { NodeSigner } from './keys.ts';
import { checkSignedDocument, problem, proofFromFuture, refused, time } from './problems.ts';
import { documentTypes, signDocument, SignedSchema, verifyDocumentSignature, type Signed } from './signed-document.ts';
import type { TrustProblem, Verification } from './verified.ts';

export const TrustListEntrySchema = Type.Object(
  {
    participant: ParticipantSchema,
    status: Type.Union([Type.Literal('active'), Type.Literal('suspended'), Type.Literal('revoked')]),
    validFrom: DateTimeSchema,
    validUntil: DateTimeSchema,
    revokedAt: Type.Optional(DateTimeSchema),
    declarationAuthority: Type.Optional(
      Type.Boolean({ description: "overrides the role's default: true lets any role declare, false forbids it" }),
    ),
  },
  { additionalProperties: false },
);
export type TrustListEntry = Static<typeof TrustListEntrySchema>;
export type TrustListStatus = TrustListEntry['status'];

/** A foreign anchor this list's anchor recognises (one hop: the foreign list's own recognitions are ignored). */
export const RecognisedAnchorSchema = Type.Object(
  {
    trustListId: IdSchema,
    anchorId: ParticipantIdSchema,
    anchorKeys: Type.Array(PublicKeySchema, { minItems: 1 }),
    listUrl: Type.Optional(Type.String({ format: 'uri', description: "where the foreign anchor publishes its signed list" })),
    jurisdictions: Type.Array(AreaCodeSchema, {
      minItems: 1,
      uniqueItems: true,
      description: 'the only areas the foreign anchor may vouch for: entries claiming other areas are ignored',
    }),
  },
  { additionalProperties: false },
);
export type RecognisedAnchor = Static<typeof RecognisedAnchorSchema>;

export const TrustListSchema = Type.Object(
  {
    id: IdSchema,
    /** Raised by one on every publication, so a node can refuse a list older than the one it holds. */
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'publication number, raised on every change' })),
    anchor: ParticipantSchema,
    issuedAt: DateTimeSchema,
    nextUpdate: DateTimeSchema,
    entries: Type.Array(TrustListEntrySchema),
    recognises: Type.Optional(Type.Array(RecognisedAnchorSchema)),
  },
  { additionalProperties: false, $id: 'TrustList' },
);
export type TrustList = Static<typeof TrustListSchema>;

export const SignedTrustListSchema = SignedSchema(TrustListSchema);
export type SignedTrustList = Signed<TrustList>;

/** Sign a trust list as its anchor. Throws on a list that would not pass verification's schema check. */
export function signTrustList(list: TrustList, anchor: NodeSigner, now: Date): SignedTrustList {
  const v = validate(TrustListSchema, list);
  if (!v.ok) throw new Error(`invalid trust list: ${v.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
  if (anchor.participantId !== list.anchor.id) throw new Error(`trust list ${list.id} must be signed by its anchor ${list.anchor.id}`);
  return signDocument(list, anchor, now, documentTypes.trustList);
}

/** Who a node expects a list to come from: the list id, its anchor, the pinned anchor keys. */
export interface ExpectedList {
  trustListId: string;
  anchorId: string;
  keys: readonly PublicKey[];
}

/** The key `kid` among `keys`, if it was valid at `at`. */
export function keyAt(keys: readonly PublicKey[], kid: string, at: string): { key?: PublicKey; notValid?: PublicKey } {
  const key = keys.find((k) => k.kid === kid);
  if (!key) return {};
  const t = time(at);
  if ((key.validFrom !== undefined && t < time(key.validFrom)) || (key.validUntil !== undefined && t >= time(key.validUntil))) {
    return { notValid: key };
  }
  return { key };
}

/** Check a signature with pinned keys: known key, valid when signed, not dated in the future, verifies. */
export function checkSignatureWith(doc: Signed<unknown>, keys: readonly PublicKey[], now: Date): TrustProblem[] {
  const { signer, kid, created } = doc.proof;
  const future = proofFromFuture(created, now);
  if (future) return [future];
  const { key, notValid } = keyAt(keys, kid, created);
  if (notValid) return [problem('TRUST_KEY_NOT_VALID', { signer, kid, created }, 'proof.kid')];
  if (!key) return [problem('TRUST_KEY_UNKNOWN', { signer, kid }, 'proof.kid')];
  if (!verifyDocumentSignature(doc, key.publicKey)) return [problem('TRUST_SIGNATURE_INVALID', { signer, kid }, 'proof.signature')];
  return [];
}

/**
 * Verify one trust list against what this node expects of it: well-formed, the expected list and anchor,
 * signed by one of the pinned anchor keys. Staleness is not a failure; the registry reports it on use.
 */
export function verifyTrustList(doc: unknown, expected: ExpectedList, now: Date): Verification<SignedTrustList> {
  const shape = checkSignedDocument(SignedTrustListSchema, doc, documentTypes.trustList);
  if (!shape.ok) return shape;
  const signed = shape.value;
  const list = signed.payload;
  if (list.id !== expected.trustListId) {
    return refused(problem('TRUST_LIST_ID_MISMATCH', { field: 'id', actual: list.id, expected: expected.trustListId }, 'payload.id'));
  }
  if (list.anchor.id !== expected.anchorId) {
    return refused(problem('TRUST_LIST_ID_MISMATCH', { field: 'anchor.id', actual: list.anchor.id, expected: expected.anchorId }, 'payload.anchor.id'));
  }
  if (signed.proof.signer !== expected.anchorId) {
    return refused(problem('TRUST_SIGNER_MISMATCH', { signer: signed.proof.signer, expected: expected.anchorId }, 'proof.signer'));
  }
  const signature = checkSignatureWith(signed, expected.keys, now);
  if (signature.length > 0) return refused(...signature);
  if (time(list.nextUpdate) <= time(list.issuedAt)) {
    return refused(
      problem('TRUST_LIST_INVALID_PERIOD', { trustList: list.id, issuedAt: list.issuedAt, nextUpdate: list.nextUpdate }, 'payload.nextUpdate'),
    );
  }
  return { ok: true, value: signed };
}

/**
 * Whether `candidate` is a later publication of the same list than `held`: a higher version when both carry one,
 * otherwise a later issuedAt. Equal is not newer, so the same list fetched twice changes nothing.
 */
export function isNewerTrustList(candidate: TrustList, held: TrustList): boolean {
  if (candidate.version !== undefined && held.version !== undefined) return candidate.version > held.version;
  return time(candidate.issuedAt) > time(held.issuedAt);
}
