// Random areas for spatial property tests: valid (simple, non-overlapping) polygons with holes, multipolygons,
// boxes, and points; plus the distance test that sets aside points too close to an edge to call either way.
import fc from 'fast-check';
import type { AreaGeometry, BBox, LonLat } from '../../../src/model/index.ts';

/** The region every random point and area lies in (around the Noto peninsula). */
export const region: BBox = { west: 136, south: 36, east: 138, north: 38 };

/** Deterministic points spread over the region (mulberry32), so each backend gets the same set. */
export function scatteredPoints(count: number, seed = 20240101): LonLat[] {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () => [
    region.west + next() * (region.east - region.west),
    region.south + next() * (region.north - region.south),
  ]);
}

/**
 * A ring star-shaped around `center`: vertices at jittered, increasing angles with gaps under π/2, so the ring is
 * simple and contains the disc of radius minRadius·cos(π/4) around its centre.
 */
function starRing(center: LonLat, radii: number[], jitter: number[], clockwise: boolean): LonLat[] {
  const n = radii.length;
  const ring: LonLat[] = radii.map((r, i) => {
    const angle = ((i + jitter[i]! * 0.5) / n) * 2 * Math.PI;
    return [center[0] + r * Math.cos(angle), center[1] + r * Math.sin(angle)];
  });
  if (clockwise) ring.reverse();
  return [...ring, ring[0]!];
}

const starArb = (minR: number, maxR: number) =>
  fc.integer({ min: 6, max: 14 }).chain((n) =>
    fc.tuple(
      fc.array(fc.double({ min: minR, max: maxR, noNaN: true }), { minLength: n, maxLength: n }),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
    ),
  );

/** Polygon rings around a centre: an outer ring of radius 0.2–0.45 and up to two disjoint holes inside it. */
function polygonRingsArb(center: LonLat): fc.Arbitrary<LonLat[][]> {
  return fc
    .tuple(starArb(0.2, 0.45), fc.integer({ min: 0, max: 2 }), starArb(0.1, 0.25), starArb(0.1, 0.25))
    .map(([[outerR, outerJ], holeCount, [h1R, h1J], [h2R, h2J]]) => {
      const minR = Math.min(...outerR);
      const outer = starRing(center, outerR, outerJ, false);
      // Holes around centres ±0.3·minR, radii ≤ 0.25·minR: disjoint, and inside the outer ring's inscribed disc.
      const holes = [
        starRing([center[0] - 0.3 * minR, center[1]], h1R.map((r) => r * minR), h1J, true),
        starRing([center[0] + 0.3 * minR, center[1]], h2R.map((r) => r * minR), h2J, true),
      ].slice(0, holeCount);
      return [outer, ...holes];
    });
}

const centerArb = (west: number, east: number) =>
  fc.tuple(fc.double({ min: west, max: east, noNaN: true }), fc.double({ min: 36.5, max: 37.5, noNaN: true }));

export const polygonArb: fc.Arbitrary<AreaGeometry> = centerArb(136.5, 137.5).chain((c) =>
  polygonRingsArb(c as LonLat).map((rings) => ({ type: 'Polygon' as const, coordinates: rings })),
);

/** Two polygons, one in the west half and one in the east half of the region, so they never overlap. */
export const multiPolygonArb: fc.Arbitrary<AreaGeometry> = fc
  .tuple(centerArb(136.5, 136.5), centerArb(137.5, 137.5))
  .chain(([a, b]) => fc.tuple(polygonRingsArb(a as LonLat), polygonRingsArb(b as LonLat)))
  .map(([a, b]) => ({ type: 'MultiPolygon' as const, coordinates: [a, b] }));

export const bboxArb: fc.Arbitrary<BBox> = fc
  .tuple(
    fc.double({ min: region.west, max: region.east, noNaN: true }),
    fc.double({ min: region.west, max: region.east, noNaN: true }),
    fc.double({ min: region.south, max: region.north, noNaN: true }),
    fc.double({ min: region.south, max: region.north, noNaN: true }),
  )
  .map(([x1, x2, y1, y2]) => ({ west: Math.min(x1, x2), east: Math.max(x1, x2), south: Math.min(y1, y2), north: Math.max(y1, y2) }));

function segmentDistance([px, py]: LonLat, [ax, ay]: LonLat, [bx, by]: LonLat): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Closer than this to an edge (about 1 mm), floating-point rounding may decide either way. */
const EDGE_MARGIN = 1e-8;

export function nearAreaEdge(area: AreaGeometry, p: LonLat): boolean {
  const polygons = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  return polygons.some((rings) =>
    rings.some((ring) => ring.some((a, i) => i > 0 && segmentDistance(p, ring[i - 1]!, a) < EDGE_MARGIN)),
  );
}

export function nearBBoxEdge(b: BBox, [x, y]: LonLat): boolean {
  return [x - b.west, b.east - x, y - b.south, b.north - y].some((d) => Math.abs(d) < EDGE_MARGIN);
}

export function insideBBox(b: BBox, [x, y]: LonLat): boolean {
  return x >= b.west && x <= b.east && y >= b.south && y <= b.north;
}
