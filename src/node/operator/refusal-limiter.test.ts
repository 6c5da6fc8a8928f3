import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRefusalLimiter, type RefusalLimits } from './refusal-limiter.ts';

const limits: RefusalLimits = { perAddress: 3, total: 10, windowMs: 60_000, maxAddresses: 50 };

describe('refusal limiter', () => {
  it('audits an address’s first refusals, then throttles it with one notice until its window ends', () => {
    const l = createRefusalLimiter(limits);
    expect([0, 1, 2].map((i) => l.refuse('10.0.0.1', 1000 + i).kind)).toEqual(['audit', 'audit', 'audit']);
    expect(l.refuse('10.0.0.1', 2000)).toEqual({ kind: 'throttle', scope: 'address', retryAfterSeconds: 59, announce: true });
    expect(l.refuse('10.0.0.1', 3000)).toMatchObject({ kind: 'throttle', announce: false });
    // Another address is not held back by this one.
    expect(l.refuse('10.0.0.2', 3000).kind).toBe('audit');
    // A new window audits again.
    expect(l.refuse('10.0.0.1', 61_000).kind).toBe('audit');
  });

  it('throttles all addresses together once the shared budget is spent, with one notice', () => {
    const l = createRefusalLimiter(limits);
    const verdicts = Array.from({ length: 12 }, (_, i) => l.refuse(`10.0.1.${i}`, 5000));
    expect(verdicts.filter((v) => v.kind === 'audit')).toHaveLength(10);
    expect(verdicts[10]).toMatchObject({ kind: 'throttle', scope: 'all', announce: true });
    expect(verdicts[11]).toMatchObject({ kind: 'throttle', scope: 'all', announce: false });
  });

  it('never lets a window hold more than the shared budget plus one entry, whatever the addresses and times', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 59_999 })), { maxLength: 400 }), (calls) => {
        const l = createRefusalLimiter(limits);
        const sorted = [...calls].sort((a, b) => a[1] - b[1]);
        let entries = 0;
        const perAddress = new Map<number, number>();
        for (const [a, t] of sorted) {
          const v = l.refuse(`10.0.2.${a}`, t);
          if (v.kind === 'audit') perAddress.set(a, (perAddress.get(a) ?? 0) + 1);
          if (v.kind === 'audit' || v.announce) entries++;
          if (v.kind === 'throttle') expect(v.retryAfterSeconds).toBeGreaterThanOrEqual(1);
        }
        expect(entries).toBeLessThanOrEqual(limits.total + 1);
        for (const n of perAddress.values()) expect(n).toBeLessThanOrEqual(limits.perAddress);
      }),
    );
  });

  it('remembers a bounded number of addresses, forgetting the least recently refused first', () => {
    const l = createRefusalLimiter({ ...limits, maxAddresses: 2, total: 1000 });
    for (let i = 0; i < 4; i++) l.refuse('a', 0);
    expect(l.refuse('a', 1).kind).toBe('throttle');
    l.refuse('b', 2);
    l.refuse('c', 3); // 'a' is forgotten here
    expect(l.refuse('a', 4).kind).toBe('audit');
  });

  it('refuses limits that are not positive', () => {
    expect(() => createRefusalLimiter({ ...limits, perAddress: 0 })).toThrow(RangeError);
    expect(() => createRefusalLimiter({ ...limits, windowMs: 0 })).toThrow(RangeError);
  });
});
