// An alert's polygons and circles as one GeoJSON geometry a federated query can filter by (`within`), and whether an
// alert meets an area given as a polygon (alert subscriptions by polygon, docs/alerts.md). Pure.
import type { Alert } from './alert.ts';
import { areaContains, isAreaCode, type AreaCode } from './area-code.ts';
import { bboxOf, containsPoint, type AreaGeometry, type LonLat } from './geo.ts';
import { segmentsMeet } from './ring-crossings.ts';

const EARTH_RADIUS_KM = 6371.0088;
/** Vertices of a circle's polygon: 64 keeps the area within 0.2 % of the circle's, enough for "who is inside". */
const CIRCLE_VERTICES = 64;

/** A CAP circle as a closed ring of [lon, lat] on the sphere (a radius of 0 is a point: no ring). */
export function circleRing(center: readonly [number, number], radiusKm: number, vertices = CIRCLE_VERTICES): [number, number][] | undefined {
  if (!(radiusKm > 0)) return undefined;
  const [lon, lat] = center;
  const φ1 = (lat * Math.PI) / 180;
  const λ1 = (lon * Math.PI) / 180;
  const δ = radiusKm / EARTH_RADIUS_KM;
  const ring: [number, number][] = [];
  for (let i = 0; i < vertices; i++) {
    const θ = (2 * Math.PI * i) / vertices;
    const φ2 = Math.asin(Math.sin(φ1) * Math.cos(δ) + Math.cos(φ1) * Math.sin(δ) * Math.cos(θ));
    const λ2 = λ1 + Math.atan2(Math.sin(θ) * Math.sin(δ) * Math.cos(φ1), Math.cos(δ) - Math.sin(φ1) * Math.sin(φ2));
    ring.push([Number(((((λ2 * 180) / Math.PI + 540) % 360) - 180).toFixed(6)), Number(((φ2 * 180) / Math.PI).toFixed(6))]);
  }
  ring.push(ring[0]!);
  return ring;
}

/** The alert's hazard geometry: every polygon and circle as one MultiPolygon (one Polygon when there is one), or none. */
export function alertGeometry(alert: Pick<Alert, 'polygons' | 'circles'>): AreaGeometry | undefined {
  const polygons: [number, number][][][] = alert.polygons.map((p) => p.coordinates.map((ring) => ring.map(([lon, lat]) => [lon, lat] as [number, number])));
  for (const c of alert.circles) {
    const ring = circleRing([c.center[0], c.center[1]], c.radiusKm);
    if (ring) polygons.push([ring]);
  }
  if (polygons.length === 0) return undefined;
  if (polygons.length === 1) return { type: 'Polygon', coordinates: polygons[0]! };
  return { type: 'MultiPolygon', coordinates: polygons };
}

const ringsOf = (area: AreaGeometry): LonLat[][] => (area.type === 'Polygon' ? area.coordinates : area.coordinates.flat());

type Box = { west: number; south: number; east: number; north: number };

const boxesOverlap = (x: Box, y: Box) => x.west <= y.east && y.west <= x.east && x.south <= y.north && y.south <= x.north;

/** The edges of an area's rings that reach into a box: only they can meet an edge of an area inside that box. */
function edgesIn(rings: readonly LonLat[][], box: Box): [LonLat, LonLat][] {
  const edges: [LonLat, LonLat][] = [];
  for (const r of rings) {
    for (let i = 0; i + 1 < r.length; i++) {
      const p = r[i]!;
      const q = r[i + 1]!;
      const edge = { west: Math.min(p[0], q[0]), east: Math.max(p[0], q[0]), south: Math.min(p[1], q[1]), north: Math.max(p[1], q[1]) };
      if (boxesOverlap(edge, box)) edges.push([p, q]);
    }
  }
  return edges;
}

/**
 * Whether two areas share a point (planar, on [lon, lat], as PostGIS geometry and the node's `within` filter are),
 * touching edges included. Two closed areas meet exactly when their boundaries meet or, failing that, when some ring of
 * one lies inside the other; a ring that meets no boundary of the other lies wholly in or out of it, so one vertex per
 * ring decides. Only edges reaching into the two areas' common box are compared, so a small alert against a large
 * polygon costs little more than one pass over the polygon. An area inside the other's hole does not meet it.
 * In doubles, a vertex within rounding (≈1e-14°, nanometres) of the other's edge may count as touching or not.
 */
export function areasMeet(a: AreaGeometry, b: AreaGeometry): boolean {
  const x = bboxOf(a);
  const y = bboxOf(b);
  if (!boxesOverlap(x, y)) return false;
  const common = { west: Math.max(x.west, y.west), east: Math.min(x.east, y.east), south: Math.max(x.south, y.south), north: Math.min(x.north, y.north) };
  const ra = ringsOf(a);
  const rb = ringsOf(b);
  const eb = edgesIn(rb, common);
  for (const [p, q] of edgesIn(ra, common)) for (const [r, t] of eb) if (segmentsMeet(p, q, r, t)) return true;
  return ra.some((r) => r[0] !== undefined && containsPoint(b, r[0])) || rb.some((r) => r[0] !== undefined && containsPoint(a, r[0]));
}

/** The municipalities whose representative point lies inside an area (the approximation a polygon subscription uses). */
export function municipalitiesInside(area: AreaGeometry, points: ReadonlyMap<string, { at: [number, number] }>): AreaCode[] {
  const inside: AreaCode[] = [];
  for (const [code, p] of points) if (isAreaCode(code) && containsPoint(area, p.at)) inside.push(code);
  return inside.sort();
}

/**
 * Whether an alert concerns an area given as a polygon: its own polygons or circles meet it, or one of the areas it
 * names overlaps (contains, or lies in) one of `inside`, the municipalities whose representative points lie in the
 * polygon. Areas are not outlines: a municipality whose point lies outside the polygon does not count, however much
 * of it the polygon covers (docs/alerts.md, "Subscriptions by polygon").
 */
export function alertMeetsArea(alert: Pick<Alert, 'areaCodes' | 'polygons' | 'circles'>, area: AreaGeometry, inside: readonly AreaCode[]): boolean {
  // Read back from storage, never trusted to be well-formed: a malformed code matches nothing rather than throwing.
  const named = alert.areaCodes.filter(isAreaCode);
  if (named.some((c) => inside.some((m) => areaContains(c, m) || areaContains(m, c)))) return true;
  // A circle of radius 0 is a point (CAP 1.2 allows it); it has no ring for alertGeometry to draw.
  if (alert.circles.some((c) => !(c.radiusKm > 0) && containsPoint(area, [c.center[0], c.center[1]]))) return true;
  const own = alertGeometry(alert);
  return own !== undefined && areasMeet(own, area);
}
