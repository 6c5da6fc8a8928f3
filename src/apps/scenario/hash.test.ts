import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../demo/prng.ts';
import { Draws, opaqueId, seedOf } from './hash.ts';

describe('scenario seeding', () => {
  it('draws exactly the demo generator’s numbers for the same seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        const demo = mulberry32(seed);
        const ours = new Draws(seed);
        for (let i = 0; i < 20; i++) expect(ours.next()).toBe(demo.next());
      }),
    );
  });

  it('gives distinct opaque ids to distinct indexes under one salt', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.uniqueArray(fc.nat({ max: 10_000_000 }), { minLength: 2, maxLength: 200 }), (salt, indexes) => {
        const ids = new Set(indexes.map((i) => opaqueId(i, salt)));
        expect(ids.size).toBe(indexes.length);
      }),
    );
  });

  it('derives different seeds when any input changes', () => {
    const base = seedOf(1, 2, 3, 4);
    expect(new Set([base, seedOf(2, 2, 3, 4), seedOf(1, 3, 3, 4), seedOf(1, 2, 4, 4), seedOf(1, 2, 3, 5)]).size).toBe(5);
  });
});
