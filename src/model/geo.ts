// Geometry in WGS84, GeoJSON order [lon, lat]. Only the shapes Tsunagu stores or queries by.
import { Type, type Static } from '@sinclair/typebox';
import { ringCrossingSteps } from './ring-crossings.ts';
import { finish, type Steps } from './steps.ts';

export const LonLatSchema = Type.Tuple(
  [
    Type.Number({ minimum: -180, maximum: 180, description: 'longitude (WGS84)' }),
    Type.Number({ minimum: -90, maximum: 90, description: 'latitude (WGS84)' }),
  ],
  { description: 'Position [longitude, latitude] in WGS84 (GeoJSON order)' },
);
export type LonLat = Static<typeof LonLatSchema>;

export const PointSchema = Type.Object(
  { type: Type.Literal('Point'), coordinates: LonLatSchema },
  { additionalProperties: false, description: 'GeoJSON Point' },
);
export type Point = Static<typeof PointSchema>;

export const LineStringSchema = Type.Object(
  { type: Type.Literal('LineString'), coordinates: Type.Array(LonLatSchema, { minItems: 2 }) },
  { additionalProperties: false, description: 'GeoJSON LineString: two or more positions' },
);
export type LineString = Static<typeof LineStringSchema>;

const RingSchema = Type.Array(LonLatSchema, { minItems: 4, description: 'closed linear ring: first and last positions equal' });

export const PolygonSchema = Type.Object(
  { type: Type.Literal('Polygon'), coordinates: Type.Array(RingSchema, { minItems: 1 }) },
  { additionalProperties: false, description: 'GeoJSON Polygon: outer ring, then holes' },
);
export type Polygon = Static<typeof PolygonSchema>;

export const MultiPolygonSchema = Type.Object(
  { type: Type.Literal('MultiPolygon'), coordinates: Type.Array(Type.Array(RingSchema, { minItems: 1 }), { minItems: 1 }) },
  { additionalProperties: false, description: 'GeoJSON MultiPolygon' },
);
export type MultiPolygon = Static<typeof MultiPolygonSchema>;

export const AreaGeometrySchema = Type.Union([PolygonSchema, MultiPolygonSchema]);
export type AreaGeometry = Static<typeof AreaGeometrySchema>;

export const BBoxSchema = Type.Object(
  {
    west: Type.Number({ minimum: -180, maximum: 180 }),
    south: Type.Number({ minimum: -90, maximum: 90 }),
    east: Type.Number({ minimum: -180, maximum: 180 }),
    north: Type.Number({ minimum: -90, maximum: 90 }),
  },
  { additionalProperties: false, description: 'Bounding box in WGS84 degrees' },
);
export type BBox = Static<typeof BBoxSchema>;

/**
 * The most positions and rings an area may have (all its polygons together). A request's area is tested against
 * every record's location; beyond these one request would hold the node's database for a second (issue 14, F4),
 * while a detailed municipal outline has a few thousand positions.
 */
export const MAX_AREA_VERTICES = 10_000;
export const MAX_AREA_RINGS = 500;

/**
 * Problems a geometry can have beyond its JSON shape, each saying where: too many positions or rings (checked first,
 * so an oversized area costs nothing more), a ring that is not closed, a ring that crosses or touches itself.
 */
export function geometryProblems(g: AreaGeometry): string[] {
  return finish(geometryProblemsSteps(g));
}

/** `geometryProblems` as steps (src/model/steps.ts): a server checks an area in slices, with the same answer. */
export function* geometryProblemsSteps(g: AreaGeometry): Steps<string[]> {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let vertices = 0;
  let rings = 0;
  for (const polygon of polygons) {
    rings += polygon.length;
    for (const ring of polygon) vertices += ring.length;
  }
  if (vertices > MAX_AREA_VERTICES) return [`the area has ${vertices} positions; at most ${MAX_AREA_VERTICES} are accepted`];
  if (rings > MAX_AREA_RINGS) return [`the area has ${rings} rings; at most ${MAX_AREA_RINGS} are accepted`];
  const problems: string[] = [];
  for (let p = 0; p < polygons.length; p++) {
    const polygon = polygons[p]!;
    for (let r = 0; r < polygon.length; r++) {
      const ring = polygon[r]!;
      const first = ring[0]!;
      const last = ring[ring.length - 1]!;
      if (first[0] !== last[0] || first[1] !== last[1]) {
        problems.push(`polygon ${p} ring ${r} is not closed`);
        continue;
      }
      const crossing = yield* ringCrossingSteps(ring);
      if (crossing) {
        problems.push(`polygon ${p} ring ${r} crosses itself: the segment from position ${crossing.first} meets the segment from position ${crossing.second}`);
      }
    }
  }
  return problems;
}

/** Ray-casting point-in-ring test (planar, as PostGIS geometry in SRID 4326 also is). */
function inRing([x, y]: LonLat, ring: LonLat[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether a position lies inside an area: inside an outer ring and in none of its holes. */
export function containsPoint(area: AreaGeometry, p: LonLat): boolean {
  const polygons = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  return polygons.some(([outer, ...holes]) => outer !== undefined && inRing(p, outer) && !holes.some((h) => inRing(p, h)));
}

export function bboxOf(area: AreaGeometry): BBox {
  const polygons = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  let west = 180, south = 90, east = -180, north = -90;
  for (const rings of polygons) for (const [x, y] of rings[0] ?? []) {
    west = Math.min(west, x); east = Math.max(east, x); south = Math.min(south, y); north = Math.max(north, y);
  }
  return { west, south, east, north };
}

/** Great-circle (haversine) distance in metres between two [lon, lat] positions on a sphere of the Earth's mean radius. */
export function metresBetween(a: readonly number[], b: readonly number[]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1]! - a[1]!) * rad;
  const dLon = (b[0]! - a[0]!) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1]! * rad) * Math.cos(b[1]! * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}
