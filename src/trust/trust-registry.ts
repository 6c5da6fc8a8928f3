// The trust registry: which anchors this node trusts (from configuration), which of their lists verified, and
// who is listed. Cross-border trust is one hop: a foreign anchor counts only if configuration names it, or if a
// directly trusted list names it in `recognises` (and configuration does not turn that off); the foreign list's
// own recognitions are ignored, and its entries count only inside the areas it was recognised for.
import { Type, type Static } from '@sinclair/typebox';
import { AreaCodeSchema } from '../model/area-code.ts';
import { IdSchema, ParticipantIdSchema } from '../model/common.ts';
import { PublicKeySchema, type PublicKey } from '../model/participant.ts';
import { validate } from '../model/validate.ts';
import { areasOutside } from './jurisdiction.ts';
import { checkSignedDocument, CLOCK_SKEW_MS, problem, proofFromFuture, refused, schemaProblems, time } from './problems.ts';
import { documentTypes, type Proof, type Signed } from './signed-document.ts';
import {
  checkSignatureWith,
  isNewerTrustList,
  keyAt,
  SignedTrustListSchema,
  verifyTrustList,
  type SignedTrustList,
  type TrustList,
  type TrustListEntry,
} from './trust-list.ts';
import { markVerified, type TrustProblem, type Verification, type VerifiedParticipant } from './verified.ts';

export const TrustedAnchorConfigSchema = Type.Object(
  {
    anchorId: ParticipantIdSchema,
    trustListId: IdSchema,
    keys: Type.Array(PublicKeySchema, { minItems: 1, description: "the anchor's pinned public keys" }),
    listUrl: Type.Optional(Type.String({ format: 'uri', description: 'where the anchor publishes its signed list (fetched on a schedule)' })),
    jurisdictions: Type.Optional(
      Type.Array(AreaCodeSchema, { minItems: 1, uniqueItems: true, description: 'limit the areas this anchor may vouch for' }),
    ),
  },
  { additionalProperties: false },
);
export type TrustedAnchorConfig = Static<typeof TrustedAnchorConfigSchema>;

export const TrustConfigSchema = Type.Object(
  {
    anchors: Type.Array(TrustedAnchorConfigSchema, { minItems: 1 }),
    followRecognitions: Type.Optional(
      Type.Boolean({ description: "accept foreign anchors named in a trusted list's `recognises` (default true)" }),
    ),
  },
  { additionalProperties: false, $id: 'TrustConfig' },
);
export type TrustConfig = Static<typeof TrustConfigSchema>;

export function parseTrustConfig(value: unknown): Verification<TrustConfig> {
  const v = validate(TrustConfigSchema, value);
  return v.ok ? { ok: true, value: v.value } : refused(...schemaProblems(v.problems, 'TRUST_CONFIG_MALFORMED'));
}

export interface TrustedAnchor {
  anchorId: string;
  trustListId: string;
  keys: readonly PublicKey[];
  /** Areas the anchor may vouch for; absent only for a directly configured anchor without a limit. */
  jurisdictions?: readonly string[];
  via: 'configuration' | 'recognition';
  /** For a recognised anchor: the trusted list that recognises it. */
  recognisedBy?: string;
  /** Where the anchor publishes its list, when configuration or the recognising list says. */
  listUrl?: string;
}

export interface RegisteredTrustList {
  anchor: TrustedAnchor;
  list: TrustList;
  signed: SignedTrustList;
}

export interface ListedParticipant {
  entry: TrustListEntry;
  trustList: RegisteredTrustList;
}

export interface TrustRegistry {
  /** Trusted anchors by anchor id. */
  readonly anchors: ReadonlyMap<string, TrustedAnchor>;
  /** The current verified list of each anchor, by anchor id. */
  readonly lists: ReadonlyMap<string, RegisteredTrustList>;
  /** Listed participants by participant id (unique across lists: the first list to name an id wins). */
  readonly participants: ReadonlyMap<string, ListedParticipant>;
}

export interface RejectedTrustList {
  /** Position of the document in the input. */
  index: number;
  trustListId?: string;
  anchorId?: string;
  problems: TrustProblem[];
}

export interface TrustRegistryBuild {
  registry: TrustRegistry;
  /** Lists not used, with why (not recognised, bad signature, malformed, superseded by a newer version). */
  rejected: RejectedTrustList[];
  /** Entries of accepted lists that were ignored (outside the anchor's scope, duplicate participant). */
  ignoredEntries: TrustProblem[];
}

function claimed(doc: unknown): { trustListId?: string; anchorId?: string } {
  const payload = (doc as { payload?: { id?: unknown; anchor?: { id?: unknown } } } | null)?.payload;
  const trustListId = typeof payload?.id === 'string' ? payload.id : undefined;
  const anchorId = typeof payload?.anchor?.id === 'string' ? payload.anchor.id : undefined;
  return { ...(trustListId === undefined ? {} : { trustListId }), ...(anchorId === undefined ? {} : { anchorId }) };
}

/**
 * Build a registry from configuration and trust list documents (fresh or from the cache). Pure: the same
 * inputs give the same registry. Of several versions of one list, the newest `issuedAt` is used, so an older
 * cached copy can never roll back a revocation.
 */
export function createTrustRegistry(config: TrustConfig, documents: readonly unknown[], now: Date): TrustRegistryBuild {
  const anchors = new Map<string, TrustedAnchor>();
  for (const a of config.anchors) {
    anchors.set(a.anchorId, {
      anchorId: a.anchorId,
      trustListId: a.trustListId,
      keys: a.keys,
      ...(a.jurisdictions === undefined ? {} : { jurisdictions: a.jurisdictions }),
      ...(a.listUrl === undefined ? {} : { listUrl: a.listUrl }),
      via: 'configuration',
    });
  }
  const lists = new Map<string, RegisteredTrustList>();
  const rejected: RejectedTrustList[] = [];
  const pending = new Set(documents.map((_, i) => i));
  const chosenIndex = new Map<string, number>();

  const accept = (via: TrustedAnchor['via']) => {
    for (const i of [...pending]) {
      const doc = documents[i];
      const who = claimed(doc);
      const anchor = who.anchorId === undefined ? undefined : anchors.get(who.anchorId);
      if (!anchor || anchor.via !== via) continue;
      pending.delete(i);
      const v = verifyTrustList(doc, { trustListId: anchor.trustListId, anchorId: anchor.anchorId, keys: anchor.keys }, now);
      if (!v.ok) {
        rejected.push({ index: i, ...who, problems: v.problems });
        continue;
      }
      const current = lists.get(anchor.anchorId);
      const superseded = (older: TrustList, newer: TrustList) =>
        problem('TRUST_LIST_SUPERSEDED', { trustList: older.id, issuedAt: older.issuedAt, newerIssuedAt: newer.issuedAt });
      if (current && !isNewerTrustList(v.value.payload, current.list)) {
        rejected.push({ index: i, ...who, problems: [superseded(v.value.payload, current.list)] });
        continue;
      }
      if (current) {
        const replaced = chosenIndex.get(anchor.anchorId)!;
        rejected.push({ index: replaced, ...claimed(documents[replaced]), problems: [superseded(current.list, v.value.payload)] });
      }
      lists.set(anchor.anchorId, { anchor, list: v.value.payload, signed: v.value });
      chosenIndex.set(anchor.anchorId, i);
    }
  };

  accept('configuration');
  if (config.followRecognitions !== false) {
    for (const a of config.anchors) {
      const registered = lists.get(a.anchorId);
      for (const r of registered?.list.recognises ?? []) {
        if (anchors.has(r.anchorId)) continue;
        anchors.set(r.anchorId, {
          anchorId: r.anchorId,
          trustListId: r.trustListId,
          keys: r.anchorKeys,
          jurisdictions: r.jurisdictions,
          ...(r.listUrl === undefined ? {} : { listUrl: r.listUrl }),
          via: 'recognition',
          recognisedBy: registered!.list.id,
        });
      }
    }
    accept('recognition');
  }
  for (const i of pending) {
    const who = claimed(documents[i]);
    const shape = checkSignedDocument(SignedTrustListSchema, documents[i], documentTypes.trustList);
    rejected.push({
      index: i,
      ...who,
      problems: shape.ok
        ? [problem('TRUST_LIST_NOT_RECOGNISED', { trustList: who.trustListId ?? '-', anchor: who.anchorId ?? '-' }, 'payload.anchor.id')]
        : shape.problems,
    });
  }

  const participants = new Map<string, ListedParticipant>();
  const ignoredEntries: TrustProblem[] = [];
  const ordered = [...anchors.values()].map((a) => lists.get(a.anchorId)).filter((l): l is RegisteredTrustList => l !== undefined);
  for (const registered of ordered) {
    const scope = registered.anchor.jurisdictions;
    registered.list.entries.forEach((entry, n) => {
      const id = entry.participant.id;
      const outside = scope === undefined ? [] : areasOutside(entry.participant.jurisdiction, scope);
      if (outside.length > 0) {
        ignoredEntries.push(
          problem('TRUST_LIST_ENTRY_OUTSIDE_SCOPE', { trustList: registered.list.id, participant: id, area: outside.join(', ') }, `payload.entries[${n}].participant.jurisdiction`),
        );
        return;
      }
      if (participants.has(id)) {
        ignoredEntries.push(problem('TRUST_LIST_DUPLICATE_PARTICIPANT', { trustList: registered.list.id, participant: id }, `payload.entries[${n}].participant.id`));
        return;
      }
      participants.set(id, { entry, trustList: registered });
    });
  }
  return { registry: { anchors, lists, participants }, rejected: rejected.sort((a, b) => a.index - b.index), ignoredEntries };
}

/** The stale-list warning, when the vouching list is past its nextUpdate at `now`. */
export function staleWarnings(list: TrustList, now: Date): TrustProblem[] {
  return now.getTime() >= time(list.nextUpdate)
    ? [problem('TRUST_LIST_STALE', { trustList: list.id, nextUpdate: list.nextUpdate })]
    : [];
}

/** Whether a listed participant is in good standing at `now`: active, not revoked, within its listing period. */
export function standingProblems(listed: ListedParticipant, now: Date, field?: string): TrustProblem[] {
  const { entry } = listed;
  const participant = entry.participant.id;
  const t = now.getTime();
  const problems: TrustProblem[] = [];
  if (entry.status === 'revoked' || (entry.revokedAt !== undefined && t >= time(entry.revokedAt))) {
    problems.push(problem('TRUST_PARTICIPANT_REVOKED', { participant, revokedAt: entry.revokedAt ?? '-' }, field));
  } else if (entry.status === 'suspended') {
    problems.push(problem('TRUST_PARTICIPANT_SUSPENDED', { participant }, field));
  }
  if (t + CLOCK_SKEW_MS < time(entry.validFrom)) {
    problems.push(problem('TRUST_PARTICIPANT_NOT_YET_VALID', { participant, validFrom: entry.validFrom }, field));
  }
  if (t >= time(entry.validUntil)) problems.push(problem('TRUST_PARTICIPANT_EXPIRED', { participant, validUntil: entry.validUntil }, field));
  return problems;
}

/** A listed participant in good standing at `now`, with stale-list warnings. */
export function listedParticipant(registry: TrustRegistry, participantId: string, now: Date, field?: string): Verification<ListedParticipant> {
  const listed = registry.participants.get(participantId);
  if (!listed) return refused(problem('TRUST_PARTICIPANT_UNKNOWN', { participant: participantId }, field));
  const problems = standingProblems(listed, now, field);
  if (problems.length > 0) return refused(...problems);
  const warnings = staleWarnings(listed.trustList.list, now);
  return warnings.length > 0 ? { ok: true, value: listed, warnings } : { ok: true, value: listed };
}

/**
 * A document signed by a listed participant: the signer must be `expectedSigner`, listed, with the key named
 * in the proof valid when signing, the signature must verify, and the signer must be in good standing now.
 */
export function checkParticipantSignature(
  doc: Signed<unknown>,
  registry: TrustRegistry,
  now: Date,
  expectedSigner: string,
  signerField: string,
): Verification<ListedParticipant> {
  if (doc.proof.signer !== expectedSigner) {
    return refused(problem('TRUST_SIGNER_MISMATCH', { signer: doc.proof.signer, expected: expectedSigner }, 'proof.signer'));
  }
  const listed = registry.participants.get(expectedSigner);
  if (!listed) return refused(problem('TRUST_PARTICIPANT_UNKNOWN', { participant: expectedSigner }, signerField));
  const signature = checkSignatureWith(doc, listed.entry.participant.keys, now);
  if (signature.length > 0) return refused(...signature);
  return listedParticipant(registry, expectedSigner, now, signerField);
}

/**
 * The public key a listed participant signed with, checked like any participant signature (key listed and
 * valid when signing, not dated in the future, signer in good standing now). For documents whose own
 * verifier takes a raw key: batch signatures, audit entries, signed requests and answers.
 */
export function signerKey(proof: Pick<Proof, 'signer' | 'kid' | 'created'>, registry: TrustRegistry, now: Date): Verification<string> {
  const listed = registry.participants.get(proof.signer);
  if (!listed) return refused(problem('TRUST_PARTICIPANT_UNKNOWN', { participant: proof.signer }, 'proof.signer'));
  if (typeof proof.created !== 'string' || Number.isNaN(time(proof.created))) {
    return refused(problem('TRUST_DOCUMENT_MALFORMED', { field: 'proof.created', detail: 'not a date-time' }, 'proof.created'));
  }
  const future = proofFromFuture(proof.created, now);
  if (future) return refused(future);
  const { key, notValid } = keyAt(listed.entry.participant.keys, proof.kid, proof.created);
  if (notValid) return refused(problem('TRUST_KEY_NOT_VALID', { signer: proof.signer, kid: proof.kid, created: proof.created }, 'proof.kid'));
  if (!key) return refused(problem('TRUST_KEY_UNKNOWN', { signer: proof.signer, kid: proof.kid }, 'proof.kid'));
  const standing = listedParticipant(registry, proof.signer, now, 'proof.signer');
  if (!standing.ok) return standing;
  return standing.warnings ? { ok: true, value: key.publicKey, warnings: standing.warnings } : { ok: true, value: key.publicKey };
}

function keysValidAt(keys: readonly PublicKey[], now: Date): { kid: string; publicKey: string }[] {
  const t = now.getTime();
  return keys
    .filter((k) => (k.validFrom === undefined || time(k.validFrom) <= t + CLOCK_SKEW_MS) && (k.validUntil === undefined || t < time(k.validUntil)))
    .map((k) => ({ kid: k.kid, publicKey: k.publicKey }));
}

/**
 * The verified form of a listed participant. `until` is the credential's expiry when one was presented;
 * the result carries the earliest of that, the listing's end and a scheduled revocation.
 */
export function toVerifiedParticipant(listed: ListedParticipant, now: Date, until?: string, keys?: readonly PublicKey[]): VerifiedParticipant {
  const { entry, trustList } = listed;
  const ends = [entry.validUntil, ...(entry.revokedAt === undefined ? [] : [entry.revokedAt]), ...(until === undefined ? [] : [until])];
  const earliest = ends.reduce((a, b) => (time(b) < time(a) ? b : a));
  const stale = now.getTime() >= time(trustList.list.nextUpdate);
  return markVerified({
    id: entry.participant.id,
    role: entry.participant.role,
    // Validated with format `area-code` when the list was verified.
    jurisdiction: entry.participant.jurisdiction as readonly string[] as VerifiedParticipant['jurisdiction'],
    trustListId: trustList.list.id,
    publicKeys: keysValidAt(keys ?? entry.participant.keys, now),
    credentialExpiresAt: earliest,
    ...(stale ? { trustListStaleSince: trustList.list.nextUpdate } : {}),
  });
}

/**
 * Verify a participant by its trust list entry alone (no credential presented): for a node that knows the
 * participant id from an authenticated channel, e.g. a request signed with a listed key.
 */
export function verifyParticipant(participantId: string, registry: TrustRegistry, now: Date): Verification<VerifiedParticipant> {
  const listed = listedParticipant(registry, participantId, now);
  if (!listed.ok) return listed;
  const value = toVerifiedParticipant(listed.value, now);
  return listed.warnings ? { ok: true, value, warnings: listed.warnings } : { ok: true, value };
}
