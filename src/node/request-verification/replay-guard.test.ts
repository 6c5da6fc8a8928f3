import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createMemoryReplayGuard } from './replay-guard.ts';

const t0 = Date.parse('2026-01-15T03:00:00.000Z');
const at = (ms: number) => new Date(t0 + ms);
const record = (nonce: string, expiresInMs = 300_000, requester = 'jp-172022-nanao-city') => ({ requester, nonce, expiresAt: t0 + expiresInMs });

describe('createMemoryReplayGuard', () => {
  it('accepts a nonce once and refuses it again until it expires', () => {
    const guard = createMemoryReplayGuard();
    expect(guard.remember(record('n1'), at(0))).toEqual({ fresh: true });
    expect(guard.remember(record('n1'), at(1_000))).toEqual({ fresh: false, reason: 'replayed' });
    expect(guard.remember(record('n1'), at(299_999))).toEqual({ fresh: false, reason: 'replayed' });
    expect(guard.remember(record('n1'), at(300_000))).toEqual({ fresh: true });
  });

  it('keeps the nonces of different requesters apart', () => {
    const guard = createMemoryReplayGuard();
    expect(guard.remember(record('n1'), at(0)).fresh).toBe(true);
    expect(guard.remember(record('n1', 300_000, 'jp-172049-wajima-city'), at(0)).fresh).toBe(true);
  });

  it('drops expired nonces, so memory follows the window and not the total number of requests', () => {
    const guard = createMemoryReplayGuard({ bucketSeconds: 10 });
    for (let i = 0; i < 100; i++) guard.remember(record(`a${i}`, 60_000), at(0));
    expect(guard.size).toBe(100);
    guard.remember(record('b', 600_000), at(90_000));
    expect(guard.size).toBe(1);
  });

  it('refuses new nonces when full instead of forgetting unexpired ones', () => {
    const guard = createMemoryReplayGuard({ maxEntries: 3, maxEntriesPerRequester: 3 });
    for (const n of ['a', 'b', 'c']) expect(guard.remember(record(n), at(0)).fresh).toBe(true);
    expect(guard.remember(record('d'), at(0))).toEqual({ fresh: false, reason: 'full' });
    expect(guard.remember(record('a'), at(0))).toEqual({ fresh: false, reason: 'replayed' });
    // Room comes back as nonces expire.
    expect(guard.remember(record('d', 600_000), at(300_000)).fresh).toBe(true);
  });

  it('caps the share of one requester, so it cannot lock the others out', () => {
    const guard = createMemoryReplayGuard({ maxEntries: 10, maxEntriesPerRequester: 2 });
    expect(guard.remember(record('a'), at(0)).fresh).toBe(true);
    expect(guard.remember(record('b'), at(0)).fresh).toBe(true);
    expect(guard.remember(record('c'), at(0))).toEqual({ fresh: false, reason: 'full' });
    expect(guard.remember(record('c', 300_000, 'jp-172049-wajima-city'), at(0)).fresh).toBe(true);
  });

  it('has nothing to remember for a nonce that has already expired', () => {
    const guard = createMemoryReplayGuard({ maxEntries: 1 });
    expect(guard.remember(record('old', -1), at(0)).fresh).toBe(true);
    expect(guard.size).toBe(0);
  });

  it('refuses impossible limits', () => {
    expect(() => createMemoryReplayGuard({ maxEntries: 0 })).toThrow(RangeError);
    expect(() => createMemoryReplayGuard({ bucketSeconds: 0 })).toThrow(RangeError);
  });

  it('answers like a plain map of unexpired nonces, whatever the order of calls', () => {
    const step = fc.record({
      requester: fc.constantFrom('r1', 'r2', 'r3'),
      nonce: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
      lifetime: fc.integer({ min: -5_000, max: 120_000 }),
      advance: fc.integer({ min: 0, max: 40_000 }),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), fc.integer({ min: 1, max: 60 }), (steps, bucketSeconds) => {
        const guard = createMemoryReplayGuard({ bucketSeconds, maxEntries: 1_000, maxEntriesPerRequester: 1_000 });
        const model = new Map<string, number>();
        let t = t0;
        for (const s of steps) {
          t += s.advance;
          const key = `${s.requester}/${s.nonce}`;
          const expiresAt = t + s.lifetime;
          const seen = model.get(key);
          const expected = seen !== undefined && seen > t ? 'replayed' : 'fresh';
          if (expected === 'fresh' && expiresAt > t) model.set(key, expiresAt);
          const got = guard.remember({ requester: s.requester, nonce: s.nonce, expiresAt }, new Date(t));
          expect(got.fresh ? 'fresh' : got.reason).toBe(expected);
          for (const [k, e] of model) if (e <= t) model.delete(k);
          expect(guard.size).toBeLessThanOrEqual(15);
        }
      }),
    );
  });
});
