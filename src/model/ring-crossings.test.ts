import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LonLat } from './geo.ts';
import { ringCrossing, segmentsMeet } from './ring-crossings.ts';

/** Every pair of segments, as the definition says: the answer the sweep must agree with. */
function crossesByEveryPair(ring: readonly LonLat[]): boolean {
  const v: LonLat[] = [];
  for (const p of ring.slice(0, -1)) if (v.length === 0 || v.at(-1)![0] !== p[0] || v.at(-1)![1] !== p[1]) v.push(p);
  while (v.length > 1 && v[0]![0] === v.at(-1)![0] && v[0]![1] === v.at(-1)![1]) v.pop();
  const n = v.length;
  if (n < 3) return false;
  const seg = (s: number): [LonLat, LonLat] => [v[s]!, v[(s + 1) % n]!];
  for (let s = 0; s < n; s++) {
    for (let t = s + 1; t < n; t++) {
      const [a, b] = seg(s);
      const [c, d] = seg(t);
      if (t === s + 1 || (s === 0 && t === n - 1)) {
        // Neighbours share one vertex; any other common point means one folds back along the other.
        const [x, shared, y] = t === s + 1 ? [a, b, d] : [b, a, c];
        const cross = (shared[0] - x[0]) * (y[1] - x[1]) - (shared[1] - x[1]) * (y[0] - x[0]);
        const dot = (x[0] - shared[0]) * (y[0] - shared[0]) + (x[1] - shared[1]) * (y[1] - shared[1]);
        if (cross === 0 && dot > 0) return true;
        continue;
      }
      if (segmentsMeet(a, b, c, d)) return true;
    }
  }
  return false;
}

const closed = (points: LonLat[]): LonLat[] => [...points, points[0]!];

describe('ring crossings', () => {
  it('finds a bow tie and says which segments meet', () => {
    expect(ringCrossing(closed([[0, 0], [1, 1], [1, 0], [0, 1]]))).toEqual({ first: 0, second: 2 });
  });

  it('accepts a square, a square with repeated positions, and a concave outline', () => {
    expect(ringCrossing(closed([[0, 0], [1, 0], [1, 1], [0, 1]]))).toBeUndefined();
    expect(ringCrossing(closed([[0, 0], [0, 0], [1, 0], [1, 1], [1, 1], [0, 1]]))).toBeUndefined();
    expect(ringCrossing(closed([[0, 0], [4, 0], [4, 4], [2, 1], [0, 4]]))).toBeUndefined();
  });

  it('finds a ring touching itself at a vertex (a pinch) and one folding back along itself', () => {
    expect(ringCrossing(closed([[0, 0], [2, 0], [1, 1], [2, 2], [0, 2], [1, 1]]))).toBeDefined();
    expect(ringCrossing(closed([[0, 0], [2, 0], [1, 0], [1, 1]]))).toBeDefined();
  });

  it('names the positions as given, counting repeated positions', () => {
    expect(ringCrossing(closed([[0, 0], [0, 0], [1, 1], [1, 0], [0, 1]]))).toEqual({ first: 0, second: 3 });
  });

  it('agrees with a test of every pair of segments on any small ring on a grid (where degenerate cases abound)', () => {
    const point = fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })) as fc.Arbitrary<LonLat>;
    fc.assert(
      fc.property(fc.array(point, { minLength: 3, maxLength: 9 }), (points) => {
        const ring = closed(points);
        expect(ringCrossing(ring) !== undefined).toBe(crossesByEveryPair(ring));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with a test of every pair of segments on rings of real-valued positions', () => {
    const point = fc.tuple(fc.double({ min: 136, max: 138, noNaN: true }), fc.double({ min: 36, max: 38, noNaN: true })) as fc.Arbitrary<LonLat>;
    fc.assert(
      fc.property(fc.array(point, { minLength: 3, maxLength: 30 }), (points) => {
        const ring = closed(points);
        expect(ringCrossing(ring) !== undefined).toBe(crossesByEveryPair(ring));
      }),
    );
  });

  it('accepts a simple outline of ten thousand positions', () => {
    const n = 10_000;
    const ring = closed(Array.from({ length: n }, (_, i): LonLat => [137 + Math.cos((2 * Math.PI * i) / n), 37 + Math.sin((2 * Math.PI * i) / n)]));
    expect(ringCrossing(ring)).toBeUndefined();
  });
});
