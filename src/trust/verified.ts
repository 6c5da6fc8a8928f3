// What trust verification hands to the policy decision point: facts that have already been proven
// (signatures checked against the trust list, validity and revocation checked). The policy engine trusts
// these types and nothing else, so an unverified credential or declaration cannot reach a decision.
import type { AreaCode, Declaration, Delegation, ParticipantRole } from '../model/index.ts';
import type { MessageCode, MessageParams } from '../i18n/index.ts';

declare const verifiedBrand: unique symbol;
type Verified<T> = T & { readonly [verifiedBrand]: true };

/** A participant whose credential was issued by a trusted anchor, is in force and is not revoked. */
export type VerifiedParticipant = Verified<{
  id: string;
  role: ParticipantRole;
  jurisdiction: readonly AreaCode[];
  /** The trust list (anchor) that vouched for the participant. */
  trustListId: string;
  /** Public keys (base64url) the participant may sign requests with. */
  publicKeys: readonly { kid: string; publicKey: string }[];
  /** When the participant stops being vouched for: the earliest of credential expiry, listing end and scheduled revocation. */
  credentialExpiresAt: string;
  /** Set when the vouching trust list is past its nextUpdate (verified from a stale cache): the list's nextUpdate. */
  trustListStaleSince?: string;
}>;

/** A declaration signed by a participant allowed to declare, for areas inside its jurisdiction, not expired. */
export type VerifiedDeclaration = Verified<{
  declaration: Declaration;
  issuerRole: ParticipantRole;
}>;

/** A delegation signed by its owner, for areas inside the owner's jurisdiction. Activation is the policy's call. */
export type VerifiedDelegation = Verified<{
  delegation: Delegation;
}>;

export interface TrustProblem {
  code: MessageCode;
  params: MessageParams;
  /** The field of the document concerned, when there is one (e.g. `payload.expiresAt`, `proof.signature`). */
  field?: string;
}

/**
 * The outcome of a verification. `warnings` on success are facts a decision may weigh but that do not refuse
 * the document (e.g. `TRUST_LIST_STALE`: verified offline against a cached list past its nextUpdate).
 */
export type Verification<T> = { ok: true; value: T; warnings?: TrustProblem[] } | { ok: false; problems: TrustProblem[] };

/** Only trust verification code may mint verified values; this is the single place that casts. */
export function markVerified<T>(value: T): Verified<T> {
  return value as Verified<T>;
}
