import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { alertMeetsArea, areasMeet, municipalitiesInside } from './alert-geometry.ts';
import { containsPoint } from './geo.ts';
import { segmentsMeet } from './ring-crossings.ts';
import type { AreaCode } from './area-code.ts';
import type { AreaGeometry, LonLat } from './geo.ts';
import { municipalityPoints, nationalMunicipalityPoints } from './municipality-points.ts';

const outline = (w: number, s: number, e: number, n: number): LonLat[] => [[w, s], [e, s], [e, n], [w, n], [w, s]];
const rect = (w: number, s: number, e: number, n: number): AreaGeometry => ({ type: 'Polygon', coordinates: [outline(w, s, e, n)] });
const alert = (over: Partial<{ areaCodes: string[]; polygons: { type: 'Polygon'; coordinates: LonLat[][] }[]; circles: { center: LonLat; radiusKm: number }[] }>) => ({
  areaCodes: [], polygons: [], circles: [], ...over,
});
const box = fc
  .tuple(fc.double({ min: 130, max: 140, noNaN: true }), fc.double({ min: 30, max: 40, noNaN: true }), fc.double({ min: 0.01, max: 2, noNaN: true }), fc.double({ min: 0.01, max: 2, noNaN: true }))
  .map(([w, s, dx, dy]) => ({ w, s, e: w + dx, n: s + dy }));

describe('whether an alert meets a polygon', () => {
  it('delivers a point alert inside the polygon, whatever its radius', () => {
    fc.assert(
      fc.property(box, fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true }), (b, fx, fy, radiusKm) => {
        const at: LonLat = [b.w + (b.e - b.w) * fx, b.s + (b.n - b.s) * fy];
        expect(alertMeetsArea(alert({ circles: [{ center: at, radiusKm }] }), rect(b.w, b.s, b.e, b.n), [])).toBe(true);
      }),
    );
  });

  it('meets exactly the rectangles that overlap, edges included, in either order', () => {
    fc.assert(
      fc.property(box, box, (a, b) => {
        const overlap = a.w <= b.e && b.w <= a.e && a.s <= b.n && b.s <= a.n;
        const ra = rect(a.w, a.s, a.e, a.n);
        const rb = rect(b.w, b.s, b.e, b.n);
        expect(areasMeet(ra, rb)).toBe(overlap);
        expect(areasMeet(rb, ra)).toBe(overlap);
      }),
    );
  });

  it('agrees with comparing every vertex and every pair of edges, on random triangles', () => {
    // Positions on a grid of eighths of a degree: every difference and cross product of them is exact in binary
    // floating point, so "touches" has one answer. On a decimal grid (136.1, …) a vertex lying on the other's edge in
    // exact arithmetic lies 1e-14° off it in doubles, and the two methods may round that nanometre either way (CI's run
    // on ac5c004: a vertex on an edge, seen inside by the vertex test and not touching by the edge test).
    const position = fc.tuple(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 0, max: 16 })).map(([x, y]): LonLat => [136 + x / 8, 36 + y / 8]);
    const triangle = fc.tuple(position, position, position).map(([p, q, r]): AreaGeometry => ({ type: 'Polygon', coordinates: [[p, q, r, p]] }));
    const edges = (g: AreaGeometry) => { const r = (g.coordinates as LonLat[][])[0]!; return r.slice(1).map((q, i): [LonLat, LonLat] => [r[i]!, q]); };
    const bruteForce = (a: AreaGeometry, b: AreaGeometry) =>
      edges(a).some(([p, q]) => edges(b).some(([r, t]) => segmentsMeet(p, q, r, t))) ||
      (a.coordinates as LonLat[][])[0]!.some((p) => containsPoint(b, p)) || (b.coordinates as LonLat[][])[0]!.some((p) => containsPoint(a, p));
    fc.assert(
      fc.property(triangle, triangle, (a, b) => {
        expect(areasMeet(a, b)).toBe(bruteForce(a, b));
      }),
      { numRuns: 2000 },
    );
  });

  it('meets a cross whose arms pass over the other without a vertex inside either', () => {
    expect(areasMeet(rect(0, 1, 3, 2), rect(1, 0, 2, 3))).toBe(true);
  });

  it('does not meet an area lying in the hole of the other', () => {
    const ring: AreaGeometry = { type: 'Polygon', coordinates: [outline(0, 0, 10, 10), outline(2, 2, 8, 8).reverse()] };
    expect(areasMeet(ring, rect(3, 3, 4, 4))).toBe(false);
    expect(areasMeet(ring, rect(7, 7, 9, 9))).toBe(true);
  });

  it('delivers an alert naming a municipality whose point is inside, or the prefecture containing it, and not another', () => {
    const inside = ['172022' as AreaCode];
    expect(alertMeetsArea(alert({ areaCodes: ['172022'] }), rect(0, 0, 1, 1), inside)).toBe(true);
    expect(alertMeetsArea(alert({ areaCodes: ['170003'] }), rect(0, 0, 1, 1), inside)).toBe(true);
    expect(alertMeetsArea(alert({ areaCodes: ['172049'] }), rect(0, 0, 1, 1), inside)).toBe(false);
    // A malformed code read back from storage matches nothing rather than throwing.
    expect(alertMeetsArea(alert({ areaCodes: ['17202X'] }), rect(0, 0, 1, 1), inside)).toBe(false);
  });

  it('does not deliver an alert whose polygon lies outside and names no municipality inside', () => {
    const far = rect(140, 40, 141, 41);
    expect(alertMeetsArea(alert({ areaCodes: ['172049'], polygons: [far as { type: 'Polygon'; coordinates: LonLat[][] }] }), rect(136.9, 37, 137.1, 37.1), ['172022' as AreaCode])).toBe(false);
  });

  it('finds the municipalities whose representative points lie in a polygon', () => {
    const nanao = municipalityPoints.get('172022')!.at;
    const around = rect(nanao[0] - 0.01, nanao[1] - 0.01, nanao[0] + 0.01, nanao[1] + 0.01);
    expect(municipalitiesInside(around, municipalityPoints)).toEqual(['172022']);
    expect(municipalitiesInside(rect(0, 0, 1, 1), municipalityPoints)).toEqual([]);
  });

  it('finds municipalities and wards anywhere in Japan by the points of their bundled boundaries, Ishikawa’s shelter medoids kept', () => {
    // 富山市 and 仙台市青葉区 have no shelter medoid: their boundary's label point stands for them.
    for (const code of ['162019', '041017']) {
      const at = nationalMunicipalityPoints.get(code)!.at;
      expect(municipalitiesInside(rect(at[0] - 0.001, at[1] - 0.001, at[0] + 0.001, at[1] + 0.001), nationalMunicipalityPoints)).toEqual([code]);
    }
    expect(nationalMunicipalityPoints.get('172022')).toEqual(municipalityPoints.get('172022'));
    // Prefectures are not municipalities: none stands for a whole prefecture.
    expect(nationalMunicipalityPoints.has('170003')).toBe(false);
    expect(nationalMunicipalityPoints.size).toBeGreaterThan(1_900);
  });
});
