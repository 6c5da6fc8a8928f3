// An alert's polygons and circles as one GeoJSON geometry a federated query can filter by (`within`). Pure.
import type { Alert, AreaGeometry } from '../../model/index.ts';

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
export function alertGeometry(alert: Alert): AreaGeometry | undefined {
  const polygons: [number, number][][][] = alert.polygons.map((p) => p.coordinates.map((ring) => ring.map(([lon, lat]) => [lon, lat] as [number, number])));
  for (const c of alert.circles) {
    const ring = circleRing([c.center[0], c.center[1]], c.radiusKm);
    if (ring) polygons.push([ring]);
  }
  if (polygons.length === 0) return undefined;
  if (polygons.length === 1) return { type: 'Polygon', coordinates: polygons[0]! };
  return { type: 'MultiPolygon', coordinates: polygons };
}
