import { describe, expect, it } from 'vitest';
import { geometryProblems, MAX_AREA_RINGS, MAX_AREA_VERTICES, type AreaGeometry, type LonLat } from './geo.ts';
import { AreaGeometrySchema } from './geo.ts';
import fc from 'fast-check';
import { validate, validateYielding } from './validate.ts';

const square = (x: number, y: number, size = 0.01): LonLat[] => [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]];

describe('area geometry limits and ring validity', () => {
  it('refuses an area with more positions than the cap, saying how many it has and how many are accepted', () => {
    const n = 60_000;
    const ring: LonLat[] = Array.from({ length: n }, (_, i) => [137 + Math.cos((2 * Math.PI * i) / n), 37 + Math.sin((2 * Math.PI * i) / n)]);
    ring.push(ring[0]!);
    expect(geometryProblems({ type: 'Polygon', coordinates: [ring] })).toEqual([`the area has ${n + 1} positions; at most ${MAX_AREA_VERTICES} are accepted`]);
  });

  it('refuses a multipolygon with more rings than the cap', () => {
    const area: AreaGeometry = { type: 'MultiPolygon', coordinates: Array.from({ length: MAX_AREA_RINGS + 1 }, (_, i) => [square(136 + i * 0.001, 37, 0.0005)]) };
    expect(geometryProblems(area)).toEqual([`the area has ${MAX_AREA_RINGS + 1} rings; at most ${MAX_AREA_RINGS} are accepted`]);
  });

  it('accepts an area at the caps', () => {
    const n = MAX_AREA_VERTICES - 1;
    const ring: LonLat[] = Array.from({ length: n }, (_, i) => [137 + Math.cos((2 * Math.PI * i) / n), 37 + Math.sin((2 * Math.PI * i) / n)]);
    ring.push(ring[0]!);
    expect(geometryProblems({ type: 'Polygon', coordinates: [ring] })).toEqual([]);
  });

  it('says which polygon, ring and positions of a self-crossing ring meet', () => {
    const bowTie: LonLat[] = [[136.9, 37.0], [137.0, 37.1], [137.0, 37.0], [136.9, 37.1], [136.9, 37.0]];
    const area: AreaGeometry = { type: 'MultiPolygon', coordinates: [[square(136, 36)], [square(136.5, 36.5, 1), bowTie]] };
    expect(geometryProblems(area)).toEqual(['polygon 1 ring 1 crosses itself: the segment from position 0 meets the segment from position 2']);
  });

  it('refuses a self-crossing ring wherever validate meets an area, as every route taking one does', () => {
    const r = validate(AreaGeometrySchema, { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]!.message).toMatch(/ring 0 crosses itself/);
  });

  it('gives the same answer through validateYielding as through validate — problems, paths and messages — for any area', async () => {
    const point = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }));
    // Rings closed or not, crossing or not, on a grid where touching and overlapping segments are common.
    const ring = fc.tuple(fc.array(point, { minLength: 3, maxLength: 8 }), fc.boolean()).map(([pts, close]) => (close ? [...pts, pts[0]!] : [...pts, [9, 9]]));
    const area = fc.oneof(
      fc.array(ring, { minLength: 1, maxLength: 3 }).map((coordinates) => ({ type: 'Polygon', coordinates })),
      fc.array(fc.array(ring, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 }).map((coordinates) => ({ type: 'MultiPolygon', coordinates })),
    );
    await fc.assert(
      fc.asyncProperty(area, async (value) => {
        expect(await validateYielding(AreaGeometrySchema, value)).toEqual(validate(AreaGeometrySchema, value));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same refusal through validateYielding as through validate for an area over the position cap', async () => {
    const n = MAX_AREA_VERTICES;
    const ring: LonLat[] = Array.from({ length: n }, (_, i) => [137 + Math.cos((2 * Math.PI * i) / n), 37 + Math.sin((2 * Math.PI * i) / n)]);
    ring.push(ring[0]!);
    const value = { type: 'Polygon', coordinates: [ring] };
    const yielded = await validateYielding(AreaGeometrySchema, value);
    expect(yielded).toEqual(validate(AreaGeometrySchema, value));
    expect(yielded.ok).toBe(false);
  });
});
