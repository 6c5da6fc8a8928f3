// The trust anchor's operations on its own list: admit, update, suspend, revoke, reinstate, roll keys, recognise
// another anchor, and publish the next version. Pure: a list in, the next list (unsigned) or the problems out; the
// CLI signs, keeps and audits (src/cli/trust-command.ts).
import type { Participant, PublicKey } from '../model/participant.ts';
import { applicantParticipant, type JoinRequest } from './join-request.ts';
import { problem, refused, time } from './problems.ts';
import type { RecognisedAnchor, TrustList, TrustListEntry, TrustListStatus } from './trust-list.ts';
import type { Verification } from './verified.ts';

const DAY = 86_400_000;

/** How long a published list is current before nodes call it stale (they keep using it, with a warning). */
export const DEFAULT_LIST_VALIDITY_DAYS = 7;

export interface Listing {
  validFrom: string;
  validUntil: string;
  declarationAuthority?: boolean;
}

/** A new anchor's first list: itself and no participants, version 1. */
export function emptyTrustList(id: string, anchor: Participant, now: Date, validityDays = DEFAULT_LIST_VALIDITY_DAYS): TrustList {
  return { id, version: 1, anchor, issuedAt: now.toISOString(), nextUpdate: new Date(now.getTime() + validityDays * DAY).toISOString(), entries: [] };
}

/** The list as it will be published next: version raised by one, issued now, current for `validityDays`. */
export function nextPublication(list: TrustList, now: Date, validityDays = DEFAULT_LIST_VALIDITY_DAYS): TrustList {
  // A clock set back must not publish a list that looks older than the one nodes hold.
  const issued = Math.max(now.getTime(), time(list.issuedAt) + 1);
  return {
    ...list,
    version: (list.version ?? 0) + 1,
    issuedAt: new Date(issued).toISOString(),
    nextUpdate: new Date(issued + validityDays * DAY).toISOString(),
  };
}

function entryIndex(list: TrustList, participantId: string): Verification<number> {
  const i = list.entries.findIndex((e) => e.participant.id === participantId);
  return i < 0 ? refused(problem('TRUST_PARTICIPANT_UNKNOWN', { participant: participantId }, 'participant')) : { ok: true, value: i };
}

function withEntry(list: TrustList, index: number, entry: TrustListEntry): TrustList {
  return { ...list, entries: list.entries.map((e, i) => (i === index ? entry : e)) };
}

/** Admit the applicant of a verified join request (verifyJoinRequest with intent `add`). */
export function admitParticipant(list: TrustList, request: JoinRequest, listing: Listing): Verification<TrustList> {
  if (time(listing.validUntil) <= time(listing.validFrom)) {
    return refused(problem('ANCHOR_LISTING_INVALID_PERIOD', { validFrom: listing.validFrom, validUntil: listing.validUntil }, 'validUntil'));
  }
  const entry: TrustListEntry = {
    participant: applicantParticipant(request),
    status: 'active',
    validFrom: listing.validFrom,
    validUntil: listing.validUntil,
    ...(listing.declarationAuthority === undefined ? {} : { declarationAuthority: listing.declarationAuthority }),
  };
  return { ok: true, value: { ...list, entries: [...list.entries, entry] } };
}

/**
 * Keys after a roll-over: the new keys valid from `now`, each old key no longer asked for kept until `overlapUntil`
 * (or its own earlier end), so requests and documents signed with it still verify while the change spreads.
 */
export function rolledKeys(old: readonly PublicKey[], wanted: readonly PublicKey[], now: Date, overlapUntil: Date): PublicKey[] {
  const kept = old
    .filter((k) => !wanted.some((w) => w.kid === k.kid && w.publicKey === k.publicKey))
    .map((k) => (k.validUntil !== undefined && time(k.validUntil) <= overlapUntil.getTime() ? k : { ...k, validUntil: overlapUntil.toISOString() }))
    .filter((k) => k.validUntil === undefined || time(k.validUntil) > now.getTime());
  const fresh = wanted.map((w) => old.find((k) => k.kid === w.kid && k.publicKey === w.publicKey) ?? { ...w, validFrom: w.validFrom ?? now.toISOString() });
  return [...kept, ...fresh];
}

/** Apply a verified update request (intent `update`): name, role, areas, node URL and keys, old keys overlapping. */
export function updateParticipant(list: TrustList, request: JoinRequest, now: Date, overlapUntil: Date): Verification<TrustList> {
  const i = entryIndex(list, request.participant.id);
  if (!i.ok) return i;
  const entry = list.entries[i.value]!;
  if (entry.status === 'revoked') return refused(problem('ANCHOR_PARTICIPANT_REVOKED_FINAL', { participant: entry.participant.id }, 'participant'));
  const wanted = applicantParticipant(request);
  // Key ids name keys in signatures: a new key may not reuse the id of a key it does not replace in place.
  const clash = wanted.keys.find((w) => entry.participant.keys.some((k) => k.kid === w.kid && k.publicKey !== w.publicKey));
  if (clash) return refused(problem('ANCHOR_KEY_ID_TAKEN', { kid: clash.kid }, 'payload.participant.keys'));
  const keys = rolledKeys(entry.participant.keys, wanted.keys, now, overlapUntil);
  return { ok: true, value: withEntry(list, i.value, { ...entry, participant: { ...wanted, keys } }) };
}

export type StatusChange = 'suspend' | 'revoke' | 'reinstate';

const statusAfter: Record<StatusChange, TrustListStatus> = { suspend: 'suspended', revoke: 'revoked', reinstate: 'active' };

/**
 * Suspend (reversible), revoke (final: a revoked participant must apply again under a new id) or reinstate a
 * suspended participant. A change to the status it already has is refused, so the audit log never records a no-op.
 */
export function changeStatus(list: TrustList, participantId: string, change: StatusChange, now: Date): Verification<TrustList> {
  const i = entryIndex(list, participantId);
  if (!i.ok) return i;
  const entry = list.entries[i.value]!;
  if (entry.status === 'revoked') return refused(problem('ANCHOR_PARTICIPANT_REVOKED_FINAL', { participant: participantId }, 'participant'));
  const status = statusAfter[change];
  if (entry.status === status) return refused(problem('ANCHOR_STATUS_UNCHANGED', { participant: participantId, status }, 'participant'));
  const { revokedAt: _dropped, ...rest } = entry;
  const next: TrustListEntry = change === 'revoke' ? { ...rest, status, revokedAt: now.toISOString() } : { ...rest, status };
  return { ok: true, value: withEntry(list, i.value, next) };
}

/** Add a new anchor key; the current ones stay valid until `overlapUntil`, so nodes learn the new key from lists signed with an old one. */
export function rollAnchorKey(list: TrustList, newKey: PublicKey, now: Date, overlapUntil: Date): Verification<TrustList> {
  if (overlapUntil.getTime() <= now.getTime()) {
    return refused(problem('ANCHOR_LISTING_INVALID_PERIOD', { validFrom: now.toISOString(), validUntil: overlapUntil.toISOString() }, 'overlapUntil'));
  }
  if (list.anchor.keys.some((k) => k.kid === newKey.kid)) return refused(problem('ANCHOR_KEY_ID_TAKEN', { kid: newKey.kid }, 'kid'));
  const keys = rolledKeys(list.anchor.keys, [newKey], now, overlapUntil);
  return { ok: true, value: { ...list, anchor: { ...list.anchor, keys } } };
}

/**
 * The anchor key to sign with at `now`: the oldest key valid now. During a roll-over that is the old key, which every
 * node pins, so the list that announces the new key verifies everywhere; once the old key's overlap ends, the new one.
 */
export function anchorSigningKid(keys: readonly PublicKey[], now: Date): string | undefined {
  const t = now.getTime();
  const valid = keys.filter((k) => (k.validFrom === undefined || time(k.validFrom) <= t) && (k.validUntil === undefined || t < time(k.validUntil)));
  valid.sort((a, b) => (a.validFrom === undefined ? 0 : time(a.validFrom)) - (b.validFrom === undefined ? 0 : time(b.validFrom)));
  return valid[0]?.kid;
}

/** Recognise (or re-recognise with new keys, URL or areas) another anchor's list. An anchor cannot recognise itself. */
export function recogniseAnchor(list: TrustList, recognised: RecognisedAnchor): Verification<TrustList> {
  if (recognised.anchorId === list.anchor.id || recognised.trustListId === list.id) {
    return refused(problem('ANCHOR_RECOGNISES_ITSELF', { anchor: recognised.anchorId }, 'anchorId'));
  }
  const others = (list.recognises ?? []).filter((r) => r.anchorId !== recognised.anchorId);
  return { ok: true, value: { ...list, recognises: [...others, recognised] } };
}
