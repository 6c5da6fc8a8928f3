// Join requests: an organisation's signed application to a trust anchor (who it is, in which role, for which areas,
// where its node answers, with which key). Signed with the key it applies with, so the anchor knows the applicant
// holds it. Pure: forming, signing and checking one request; admitting it is the anchor's operation (anchor-book.ts).
import { Type, type Static } from '@sinclair/typebox';
import { AreaCodeSchema } from '../model/area-code.ts';
import { ParticipantRoleSchema } from '../model/codes.ts';
import { ContactSchema, DateTimeSchema, IdSchema, ParticipantIdSchema } from '../model/common.ts';
import { PublicKeySchema, type Participant } from '../model/participant.ts';
import { validate } from '../model/validate.ts';
import { areasOutside } from './jurisdiction.ts';
import type { NodeSigner } from './keys.ts';
import { checkSignedDocument, problem, refused, time } from './problems.ts';
import { documentTypes, signDocument, SignedSchema, type Signed } from './signed-document.ts';
import { checkSignatureWith, type TrustList } from './trust-list.ts';
import type { TrustProblem, Verification } from './verified.ts';

/** The applicant as it asks to be listed: a participant whose name is in both languages and whose node has a URL. */
export const JoinApplicantSchema = Type.Object(
  {
    id: ParticipantIdSchema,
    name: Type.Object(
      { ja: Type.String({ minLength: 1, maxLength: 200 }), en: Type.String({ minLength: 1, maxLength: 200 }), kana: Type.Optional(Type.String({ minLength: 1 })) },
      { additionalProperties: false },
    ),
    role: ParticipantRoleSchema,
    jurisdiction: Type.Array(AreaCodeSchema, { minItems: 1, uniqueItems: true }),
    nodeUrl: Type.String({ format: 'uri', pattern: '^https?://' }),
    keys: Type.Array(PublicKeySchema, { minItems: 1, maxItems: 4 }),
    contact: Type.Optional(ContactSchema),
  },
  { additionalProperties: false },
);

export const JoinRequestSchema = Type.Object(
  {
    id: IdSchema,
    /** The anchor asked: a request for one anchor cannot be handed to another. */
    anchor: ParticipantIdSchema,
    participant: JoinApplicantSchema,
    requestedAt: DateTimeSchema,
    expiresAt: DateTimeSchema,
  },
  { additionalProperties: false, $id: 'JoinRequest' },
);
export type JoinRequest = Static<typeof JoinRequestSchema>;

export const SignedJoinRequestSchema = SignedSchema(JoinRequestSchema);
export type SignedJoinRequest = Signed<JoinRequest>;

/** Sign a join request with the applicant's own key (one of the keys it asks to be listed with). */
export function signJoinRequest(request: JoinRequest, applicant: NodeSigner, now: Date): SignedJoinRequest {
  const v = validate(JoinRequestSchema, request);
  if (!v.ok) throw new Error(`invalid join request: ${v.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
  if (applicant.participantId !== request.participant.id) throw new Error(`join request ${request.id} must be signed by its applicant ${request.participant.id}`);
  return signDocument(request, applicant, now, documentTypes.joinRequest);
}

/** What the anchor checks a request against: itself, and the participants it lists already. */
export interface JoinContext {
  list: TrustList;
  /** `add`: the id must be free; `update`: the id must be listed (a change of keys, URL or name). */
  intent: 'add' | 'update';
}

/**
 * Check a join request for the anchor of `context.list`: well-formed (a bad field is named), for this anchor, signed
 * with a key it applies with (an update: with a key listed for the participant now), not expired, inside the anchor's
 * jurisdiction, and for a free participant id (or a listed one when updating). Every failing condition is reported.
 */
export function verifyJoinRequest(doc: unknown, context: JoinContext, now: Date): Verification<SignedJoinRequest> {
  const shape = checkSignedDocument(SignedJoinRequestSchema, doc, documentTypes.joinRequest);
  if (!shape.ok) return shape;
  const signed = shape.value as SignedJoinRequest;
  const request = signed.payload;
  const applicant = request.participant;
  const { list } = context;
  if (signed.proof.signer !== applicant.id) {
    return refused(problem('TRUST_SIGNER_MISMATCH', { signer: signed.proof.signer, expected: applicant.id }, 'proof.signer'));
  }
  // A new applicant proves it holds the key it applies with; a listed participant changing its listing (new keys, new
  // URL) proves it holds a key listed for it now, so nobody else can take over its identity with a key of their own.
  const listedEntry = list.entries.find((e) => e.participant.id === applicant.id);
  const signingKeys = context.intent === 'update' && listedEntry ? listedEntry.participant.keys : applicant.keys;
  const signature = checkSignatureWith(signed, signingKeys, now);
  if (signature.length > 0) return refused(...signature);
  const problems: TrustProblem[] = [];
  if (request.anchor !== list.anchor.id) {
    problems.push(problem('JOIN_REQUEST_WRONG_ANCHOR', { anchor: request.anchor, expected: list.anchor.id }, 'payload.anchor'));
  }
  if (time(request.expiresAt) <= time(request.requestedAt)) {
    problems.push(problem('JOIN_REQUEST_INVALID_PERIOD', { requestedAt: request.requestedAt, expiresAt: request.expiresAt }, 'payload.expiresAt'));
  } else if (now.getTime() >= time(request.expiresAt)) {
    problems.push(problem('JOIN_REQUEST_EXPIRED', { request: request.id, expiresAt: request.expiresAt }, 'payload.expiresAt'));
  }
  const outside = areasOutside(applicant.jurisdiction, list.anchor.jurisdiction);
  if (outside.length > 0) {
    problems.push(
      problem('JOIN_REQUEST_OUTSIDE_JURISDICTION', { area: outside.join(', '), anchor: list.anchor.id, covered: list.anchor.jurisdiction.join(', ') }, 'payload.participant.jurisdiction'),
    );
  }
  const listed = applicant.id === list.anchor.id || list.entries.some((e) => e.participant.id === applicant.id);
  if (context.intent === 'add' && listed) {
    problems.push(problem('JOIN_REQUEST_PARTICIPANT_TAKEN', { participant: applicant.id }, 'payload.participant.id'));
  }
  if (context.intent === 'update' && !listed) {
    problems.push(problem('TRUST_PARTICIPANT_UNKNOWN', { participant: applicant.id }, 'payload.participant.id'));
  }
  return problems.length > 0 ? refused(...problems) : { ok: true, value: signed };
}

/** The participant a join request asks to list. */
export function applicantParticipant(request: JoinRequest): Participant {
  const a = request.participant;
  return {
    id: a.id,
    name: a.name,
    role: a.role,
    jurisdiction: a.jurisdiction,
    nodeUrl: a.nodeUrl,
    keys: a.keys,
    ...(a.contact === undefined ? {} : { contact: a.contact }),
  };
}
