import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LonLat } from './geo.ts';
import { ringCrossing, ringCrossingSteps, segmentsMeet } from './ring-crossings.ts';
import { finishYielding } from './steps.ts';

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

const gridPoint = fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })) as fc.Arbitrary<LonLat>;
const realPoint = fc.tuple(fc.double({ min: 136, max: 138, noNaN: true }), fc.double({ min: 36, max: 38, noNaN: true })) as fc.Arbitrary<LonLat>;

/** A simple outline of `n` positions (a circle), then bent by the changes fast-check picks. */
const outline = (n: number): LonLat[] => Array.from({ length: n }, (_, i): LonLat => [137 + Math.cos((2 * Math.PI * i) / n), 37 + Math.sin((2 * Math.PI * i) / n)]);

/**
 * Rings a requester could send to hurt or fool the check: grid rings (collinear overlaps, shared vertices), rings
 * with repeated positions, spikes (out and back along one line), pinches (a vertex visited twice), long outlines with
 * one of those somewhere in them, and zigzags whose every segment spans the others.
 */
const adversarialRing: fc.Arbitrary<LonLat[]> = fc.oneof(
  fc.array(gridPoint, { minLength: 3, maxLength: 12 }).map(closed),
  fc.array(realPoint, { minLength: 3, maxLength: 30 }).map(closed),
  fc.array(gridPoint, { minLength: 3, maxLength: 8 }).chain((points) =>
    fc.array(fc.nat(points.length - 1), { maxLength: 4 }).map((repeats) => {
      const ring = [...points];
      for (const i of repeats) ring.splice(i, 0, ring[i]!);
      return closed(ring);
    }),
  ),
  fc.tuple(fc.integer({ min: 8, max: 2_000 }), fc.nat(), fc.constantFrom('spike', 'pinch', 'duplicate', 'none')).map(([n, at, change]) => {
    const ring = outline(n);
    const i = 1 + (at % (n - 2));
    if (change === 'spike') ring.splice(i + 1, 0, [137, 37], ring[i]!);
    if (change === 'pinch') ring.splice(i + 1, 0, ring[Math.floor(i / 2)]!);
    if (change === 'duplicate') ring.splice(i, 0, ring[i]!, ring[i]!);
    return closed(ring);
  }),
  fc.integer({ min: 4, max: 1_000 }).map((m) => closed([...Array.from({ length: m }, (_, i): LonLat => [i % 2 === 0 ? 137 : 137.1, 37 + i * 0.001]), [136.99, 37 + m * 0.001], [136.99, 36.99]])),
);

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

  it('gives exactly the same answer run in slices (the event loop between every two steps) as run at once, on random and adversarial rings', async () => {
    await fc.assert(
      fc.asyncProperty(adversarialRing, async (ring) => {
        expect(await finishYielding(ringCrossingSteps(ring), 0)).toEqual(ringCrossing(ring));
      }),
      { numRuns: 400 },
    );
  });

  it('gives each of several rings checked in slices at the same time its own answer', async () => {
    const rings = [closed(outline(3_000)), closed([[0, 0], [1, 1], [1, 0], [0, 1]]), closed([...outline(2_000), [137, 37]])];
    const answers = await Promise.all(rings.map((r) => finishYielding(ringCrossingSteps(r), 0)));
    expect(answers).toEqual(rings.map((r) => ringCrossing(r)));
    expect(answers[0]).toBeUndefined();
    expect(answers[1]).toEqual({ first: 0, second: 2 });
  });

  it('names two segments that really meet, on any adversarial ring it finds a crossing in', () => {
    fc.assert(
      fc.property(adversarialRing, (ring) => {
        const found = ringCrossing(ring);
        expect(found !== undefined).toBe(crossesByEveryPair(ring));
        if (found === undefined) return;
        const [a, b, c, d] = [ring[found.first]!, ring[found.first + 1]!, ring[found.second]!, ring[found.second + 1]!];
        // Repeated positions after a segment's start are skipped: its far end is the next position that differs.
        const next = (i: number) => {
          let k = i + 1;
          while (k < ring.length - 1 && ring[k]![0] === ring[i]![0] && ring[k]![1] === ring[i]![1]) k++;
          return ring[k]!;
        };
        expect(segmentsMeet(a, b[0] === a[0] && b[1] === a[1] ? next(found.first) : b, c, d[0] === c[0] && d[1] === c[1] ? next(found.second) : d)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('accepts a simple outline of ten thousand positions', () => {
    const n = 10_000;
    const ring = closed(Array.from({ length: n }, (_, i): LonLat => [137 + Math.cos((2 * Math.PI * i) / n), 37 + Math.sin((2 * Math.PI * i) / n)]));
    expect(ringCrossing(ring)).toBeUndefined();
  });
});
