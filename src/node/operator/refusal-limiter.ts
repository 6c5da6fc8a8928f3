// How many refused operator requests get an audit entry each: every refusal is audited until an address — or all
// addresses together — pass a budget per time window; after that the node answers 429 and writes one entry saying
// refusals are being throttled, so a flood of bad tokens can neither fill the audit log nor try tokens at speed.
// Pure: the clock comes in; memory is bounded (oldest addresses forgotten first).

export interface RefusalLimits {
  /** Refusals audited per address per window. */
  perAddress: number;
  /** Refusals audited per window over all addresses (a flood from many addresses). */
  total: number;
  windowMs: number;
  /** Addresses remembered at most; the least recently refused are forgotten first. */
  maxAddresses: number;
}

export const DEFAULT_REFUSAL_LIMITS: RefusalLimits = { perAddress: 20, total: 600, windowMs: 60_000, maxAddresses: 10_000 };

export type RefusalVerdict =
  /** Refuse as usual (401) and audit it. */
  | { kind: 'audit' }
  /**
   * Refuse with 429 without an entry of its own. `announce` is set at most once per window for an address (while the
   * shared budget lasts) and once for all addresses: the caller then writes one entry saying refusals are throttled.
   * So a window holds at most `total` + 1 refusal entries.
   */
  | { kind: 'throttle'; scope: 'address' | 'all'; retryAfterSeconds: number; announce: boolean };

interface Window {
  start: number;
  count: number;
  announced: boolean;
}

export interface RefusalLimiter {
  /** Count one refusal from `address` at `now` (ms) and say how to answer it. */
  refuse(address: string, now: number): RefusalVerdict;
}

export function createRefusalLimiter(limits: RefusalLimits = DEFAULT_REFUSAL_LIMITS): RefusalLimiter {
  if (!(limits.perAddress >= 1 && limits.total >= 1 && limits.windowMs > 0 && limits.maxAddresses >= 1)) {
    throw new RangeError('refusal limits must be positive');
  }
  // A Map iterates in insertion order: deleting and re-inserting on use keeps the least recent first.
  const byAddress = new Map<string, Window>();
  let all: Window = { start: Number.NEGATIVE_INFINITY, count: 0, announced: false };

  const current = (w: Window | undefined, now: number): Window =>
    w !== undefined && now >= w.start && now - w.start < limits.windowMs ? w : { start: now, count: 0, announced: false };
  const retryAfter = (w: Window, now: number) => Math.max(1, Math.ceil((w.start + limits.windowMs - now) / 1000));

  return {
    refuse(address, now) {
      all = current(all, now);
      const mine = current(byAddress.get(address), now);
      byAddress.delete(address);
      byAddress.set(address, mine);
      if (byAddress.size > limits.maxAddresses) byAddress.delete(byAddress.keys().next().value!);

      mine.count++;
      if (mine.count > limits.perAddress) {
        // The notice takes a slot of the shared budget, so many addresses cannot write many notices either.
        const announce = !mine.announced && all.count < limits.total;
        if (announce) {
          mine.announced = true;
          all.count++;
        }
        return { kind: 'throttle', scope: 'address', retryAfterSeconds: retryAfter(mine, now), announce };
      }
      all.count++;
      if (all.count > limits.total) {
        const announce = !all.announced;
        all.announced = true;
        return { kind: 'throttle', scope: 'all', retryAfterSeconds: retryAfter(all, now), announce };
      }
      return { kind: 'audit' };
    },
  };
}
