// Client-side check of a pasted GeoJSON area before a run is started, so the operator gets a precise message at once
// (the node checks again and has the last word). Pure.

export type Position = number[];
export type PolygonGeometry = { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };

export type PolygonProblem =
  | { key: 'polygon.empty'; params: Record<string, never> }
  | { key: 'polygon.invalidJson'; params: { detail: string } }
  | { key: 'polygon.notPolygon'; params: { type: string } }
  | { key: 'polygon.ringTooShort'; params: { ring: number } }
  | { key: 'polygon.ringNotClosed'; params: { ring: number } }
  | { key: 'polygon.badPosition'; params: { ring: number; pos: number } };

/** A closed ring near Nanao, shown under every polygon field as what to paste (a field's hint, never its placeholder). */
export const POLYGON_EXAMPLE = '{"type":"Polygon","coordinates":[[[136.9,37.0],[137.1,37.0],[137.1,37.2],[136.9,37.0]]]}';

export type PolygonParse = { ok: true; geometry: PolygonGeometry } | { ok: false; problem: PolygonProblem };

function isPosition(p: unknown): p is Position {
  return (
    Array.isArray(p) &&
    p.length >= 2 &&
    typeof p[0] === 'number' &&
    typeof p[1] === 'number' &&
    Number.isFinite(p[0]) &&
    Number.isFinite(p[1]) &&
    p[0] >= -180 &&
    p[0] <= 180 &&
    p[1] >= -90 &&
    p[1] <= 90
  );
}

function checkRings(rings: unknown, firstRing: number): PolygonProblem | undefined {
  if (!Array.isArray(rings) || rings.length === 0) return { key: 'polygon.ringTooShort', params: { ring: firstRing } };
  for (const [i, ring] of rings.entries()) {
    const n = firstRing + i;
    if (!Array.isArray(ring) || ring.length < 4) return { key: 'polygon.ringTooShort', params: { ring: n } };
    for (const [j, p] of ring.entries()) if (!isPosition(p)) return { key: 'polygon.badPosition', params: { ring: n, pos: j + 1 } };
    const first = ring[0] as Position;
    const last = ring[ring.length - 1] as Position;
    if (first[0] !== last[0] || first[1] !== last[1]) return { key: 'polygon.ringNotClosed', params: { ring: n } };
  }
  return undefined;
}

/** Accepts a Polygon or MultiPolygon geometry, a Feature holding one, or a FeatureCollection of exactly one. */
export function parsePolygon(text: string): PolygonParse {
  if (text.trim() === '') return { ok: false, problem: { key: 'polygon.empty', params: {} } };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, problem: { key: 'polygon.invalidJson', params: { detail: (e as Error).message } } };
  }
  let geometry = value as { type?: unknown; coordinates?: unknown; geometry?: unknown; features?: unknown } | null;
  if (geometry && geometry.type === 'FeatureCollection' && Array.isArray(geometry.features) && geometry.features.length === 1) {
    geometry = geometry.features[0] as typeof geometry;
  }
  if (geometry && geometry.type === 'Feature') geometry = geometry.geometry as typeof geometry;
  const type = geometry && typeof geometry.type === 'string' ? geometry.type : typeof value;
  if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
    return { ok: false, problem: { key: 'polygon.notPolygon', params: { type } } };
  }
  if (geometry.type === 'Polygon') {
    const problem = checkRings(geometry.coordinates, 1);
    return problem ? { ok: false, problem } : { ok: true, geometry: { type: 'Polygon', coordinates: geometry.coordinates as Position[][] } };
  }
  const polygons = geometry.coordinates;
  if (!Array.isArray(polygons) || polygons.length === 0) return { ok: false, problem: { key: 'polygon.ringTooShort', params: { ring: 1 } } };
  let ring = 1;
  for (const rings of polygons) {
    const problem = checkRings(rings, ring);
    if (problem) return { ok: false, problem };
    ring += (rings as unknown[]).length;
  }
  return { ok: true, geometry: { type: 'MultiPolygon', coordinates: polygons as Position[][][] } };
}
