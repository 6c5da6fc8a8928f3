// Verified credentials remembered for a short while, so a node answering many signed requests from one participant
// checks the anchor's signature once rather than per request. A cached verification is never served past the moment
// a fresh one could answer differently: credential expiry, listing end, scheduled revocation, a key's validity
// changing, the list going stale, or the registry being replaced (a new trust list, a revocation).
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import { verifyCredential } from './credential.ts';
import { CLOCK_SKEW_MS, time } from './problems.ts';
import type { TrustRegistry } from './trust-registry.ts';
import type { Verification, VerifiedParticipant } from './verified.ts';

export interface CredentialCacheOptions {
  /** Most verifications held (default 10,000); the least recently used goes first. */
  maxEntries?: number;
  /** Longest a verification is reused (default 600 s), however long the credential has left. */
  maxAgeSeconds?: number;
}

export interface CredentialCache {
  /** `verifyCredential`, answered from the cache while nothing that decides the answer can have changed. */
  verify(doc: unknown, registry: TrustRegistry, now: Date): Verification<VerifiedParticipant>;
  /** Verifications held now (including ones past their end, until next looked up or evicted). */
  readonly size: number;
  clear(): void;
}

interface Entry {
  result: Verification<VerifiedParticipant>;
  verifiedAt: number;
  /** First instant (ms) at which the entry may no longer be served. */
  until: number;
}

/** Credential id and SHA-256 of the document's canonical JSON; undefined for a document that cannot be keyed. */
function cacheKey(doc: unknown): string | undefined {
  const id = (doc as { payload?: { id?: unknown } } | null | undefined)?.payload?.id;
  if (typeof id !== 'string' || id.includes('\n')) return undefined;
  try {
    return `${id}\n${createHash('sha256').update(canonicalJson(doc)).digest('hex')}`;
  } catch {
    return undefined;
  }
}

/**
 * The first instant after `t` at which verifying again could differ: the participant's own end (credential expiry,
 * listing end or revocation, already the earliest in `credentialExpiresAt`), a listed key starting or ending, the
 * vouching list's nextUpdate (after which it is reported stale), and `t + maxAge`.
 */
function servableUntil(value: VerifiedParticipant, registry: TrustRegistry, t: number, maxAgeMs: number): number {
  const ends = [t + maxAgeMs, time(value.credentialExpiresAt)];
  const listed = registry.participants.get(value.id);
  for (const k of listed?.entry.participant.keys ?? []) {
    if (k.validUntil !== undefined && time(k.validUntil) > t) ends.push(time(k.validUntil));
    if (k.validFrom !== undefined && time(k.validFrom) - CLOCK_SKEW_MS > t) ends.push(time(k.validFrom) - CLOCK_SKEW_MS);
  }
  const nextUpdate = listed ? time(listed.trustList.list.nextUpdate) : Number.NaN;
  if (nextUpdate > t) ends.push(nextUpdate);
  // A date that does not parse would make the comparison meaningless: then nothing is cached.
  return ends.some((e) => Number.isNaN(e)) ? t : Math.min(...ends);
}

/** A bounded cache of successful credential verifications; refusals are never cached, so they are always re-checked. */
export function createCredentialCache(options: CredentialCacheOptions = {}): CredentialCache {
  const maxEntries = options.maxEntries ?? 10_000;
  const maxAgeMs = (options.maxAgeSeconds ?? 600) * 1000;
  if (!(maxEntries >= 1) || !(maxAgeMs > 0)) throw new RangeError('credential cache limits must be positive');
  const entries = new Map<string, Entry>();
  let registryOfEntries: TrustRegistry['participants'] | undefined;

  return {
    get size() {
      return entries.size;
    },
    clear() {
      entries.clear();
    },
    verify(doc, registry, now) {
      // A registry is immutable; a new one (fresh list, revocation) means every cached answer may be wrong. Its
      // participant map is what is compared, so a live view over the current registry (src/node/live-trust.ts)
      // empties the cache as soon as it moves on to a new list.
      if (registry.participants !== registryOfEntries) {
        entries.clear();
        registryOfEntries = registry.participants;
      }
      const t = now.getTime();
      const key = cacheKey(doc);
      if (key !== undefined) {
        const hit = entries.get(key);
        if (hit) {
          entries.delete(key);
          // A clock that went back could make a not-yet-valid credential look valid: only serve forward in time.
          if (hit.verifiedAt <= t && t < hit.until) {
            entries.set(key, hit);
            return hit.result;
          }
        }
      }
      const result = verifyCredential(doc, registry, now);
      if (!result.ok || key === undefined) return result;
      const until = servableUntil(result.value, registry, t, maxAgeMs);
      if (until > t) {
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
        entries.set(key, { result, verifiedAt: t, until });
      }
      return result;
    },
  };
}
