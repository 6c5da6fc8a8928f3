// A replay guard in the node's database: the same contract as the in-memory guard (replay-guard.ts), but the nonces
// outlive the process, so a request captured before a restart is still refused after it, and the replicas of one
// node sharing a database share its memory. Expired nonces are purged now and then, never one by one.
import type { ReplayNonceStorage } from '../../store/replay-nonce-store.ts';
import type { NonceRecord, ReplayGuard, ReplayOutcome } from './replay-guard.ts';

export interface DurableReplayGuardOptions {
  /** Purge expired nonces at most this often (default 60 s); the purge runs before the `remember` that is due for it. */
  purgeIntervalSeconds?: number;
}

export interface DurableReplayGuard extends ReplayGuard {
  remember(record: NonceRecord, now: Date): Promise<ReplayOutcome>;
  /** Delete the nonces expired at `now` (also done by `remember` every purge interval); answers how many went. */
  purge(now: Date): Promise<number>;
}

/**
 * A guard over the store's nonce table. A storage failure is thrown, not answered `fresh`: the request is then
 * refused as a server error rather than accepted without replay protection.
 */
export function createDurableReplayGuard(storage: ReplayNonceStorage, options: DurableReplayGuardOptions = {}): DurableReplayGuard {
  const intervalMs = (options.purgeIntervalSeconds ?? 60) * 1000;
  if (!(intervalMs > 0)) throw new RangeError('the purge interval must be positive');
  let lastPurge = Number.NEGATIVE_INFINITY;

  const purge = async (now: Date) => {
    lastPurge = now.getTime();
    return storage.purgeExpired(now.getTime());
  };

  return {
    purge,
    async remember(record, now) {
      const t = now.getTime();
      if (t - lastPurge >= intervalMs || t < lastPurge) await purge(now);
      // Already expired: a request this old cannot pass the skew check, so there is nothing to remember.
      if (record.expiresAt <= t) return { fresh: true };
      const fresh = await storage.remember(record.requester, record.nonce, record.expiresAt, t);
      return fresh ? { fresh: true } : { fresh: false, reason: 'replayed' };
    },
  };
}
