// Replay protection for signed requests: remembers each (requester, nonce) until the request could no longer
// pass the clock-skew check anyway, so a captured request is accepted at most once. In memory and bounded here;
// a durable guard (e.g. a table shared by the replicas of one node) implements the same interface.

/** One nonce to remember: it must stay refused until `expiresAt` (ms since the epoch). */
export interface NonceRecord {
  requester: string;
  nonce: string;
  expiresAt: number;
}

export type ReplayOutcome =
  | { fresh: true }
  /** `replayed`: seen before and not expired. `full`: cannot remember any more now, so the request is refused. */
  | { fresh: false; reason: 'replayed' | 'full' };

/**
 * Remember a nonce if unseen. Must be atomic per record: of two concurrent calls with the same record, at most
 * one may answer fresh. May answer asynchronously, so a durable store fits.
 */
export interface ReplayGuard {
  remember(record: NonceRecord, now: Date): ReplayOutcome | PromiseLike<ReplayOutcome>;
}

export interface MemoryReplayGuardOptions {
  /** Most nonces held at once (default 100,000, some tens of MB at most). */
  maxEntries?: number;
  /** Most nonces held for one requester (default: half of maxEntries), so one participant cannot lock out the rest. */
  maxEntriesPerRequester?: number;
  /** Width of the expiry buckets in seconds (default 30): expired nonces are dropped a bucket at a time. */
  bucketSeconds?: number;
}

export interface MemoryReplayGuard extends ReplayGuard {
  remember(record: NonceRecord, now: Date): ReplayOutcome;
  /** Nonces held now (expired buckets are dropped on the next `remember`). */
  readonly size: number;
}

/**
 * An in-memory guard. Nonces sit in buckets by expiry time, so dropping expired ones costs one step per bucket
 * and memory is bounded by the rate of accepted requests over the replay window, and by `maxEntries`.
 *
 * When full it refuses rather than forgets: forgetting a nonce that has not expired would let whoever can fill the
 * guard (by sending many requests) replay a captured request afterwards. Refusing fails closed; only requests with
 * a verified signature reach the guard, so the flood comes from a known participant, whose share is capped by
 * `maxEntriesPerRequester`, and who can be suspended in the trust list.
 */
export function createMemoryReplayGuard(options: MemoryReplayGuardOptions = {}): MemoryReplayGuard {
  const maxEntries = options.maxEntries ?? 100_000;
  const perRequester = options.maxEntriesPerRequester ?? Math.max(1, Math.floor(maxEntries / 2));
  const bucketMs = (options.bucketSeconds ?? 30) * 1000;
  if (!(maxEntries >= 1) || !(perRequester >= 1) || !(bucketMs > 0)) throw new RangeError('replay guard limits must be positive');

  /** key → expiry; key is requester and nonce joined by a newline, which neither may contain. */
  const seen = new Map<string, number>();
  /** bucket index (expiry / bucketMs, rounded up) → keys expiring in it. Map keeps insertion order, not index order. */
  const buckets = new Map<number, string[]>();
  const perRequesterCount = new Map<string, number>();

  const forget = (key: string) => {
    seen.delete(key);
    const requester = key.slice(0, key.indexOf('\n'));
    const n = (perRequesterCount.get(requester) ?? 1) - 1;
    if (n <= 0) perRequesterCount.delete(requester);
    else perRequesterCount.set(requester, n);
  };

  const dropExpired = (t: number) => {
    for (const [index, keys] of buckets) {
      // A bucket holds expiries in ((index-1)*bucketMs, index*bucketMs]; it is wholly expired once that end is past.
      if (index * bucketMs > t) continue;
      for (const key of keys) {
        const expiry = seen.get(key);
        if (expiry !== undefined && expiry <= t) forget(key);
      }
      buckets.delete(index);
    }
  };

  return {
    get size() {
      return seen.size;
    },
    remember(record: NonceRecord, now: Date): ReplayOutcome {
      const t = now.getTime();
      dropExpired(t);
      if (record.requester.includes('\n') || record.nonce.includes('\n')) return { fresh: false, reason: 'replayed' };
      const key = `${record.requester}\n${record.nonce}`;
      const expiry = seen.get(key);
      if (expiry !== undefined && expiry > t) return { fresh: false, reason: 'replayed' };
      // Already expired: a request this old cannot pass the skew check, so there is nothing to remember.
      if (record.expiresAt <= t) return { fresh: true };
      // Expired but its bucket not yet dropped: forget it first, so the requester's count stays exact.
      if (expiry !== undefined) forget(key);
      if (seen.size >= maxEntries || (perRequesterCount.get(record.requester) ?? 0) >= perRequester) {
        return { fresh: false, reason: 'full' };
      }
      seen.set(key, record.expiresAt);
      perRequesterCount.set(record.requester, (perRequesterCount.get(record.requester) ?? 0) + 1);
      const index = Math.ceil(record.expiresAt / bucketMs);
      const bucket = buckets.get(index);
      if (bucket) bucket.push(key);
      else buckets.set(index, [key]);
      return { fresh: true };
    },
  };
}
