// Turns a RecordQuery into a parameterised WHERE clause over `records`, on PostGIS or on built-in geometric types.
import { cityOfWard, isRecordType, wardsOfCity, type AreaGeometry, type BBox, type LonLat } from '../model/index.ts';
import { StoreError } from './errors.ts';
import type { RecordQuery } from './types.ts';

export type SpatialEngine = 'postgis' | 'builtin';

export interface WhereClause {
  sql: string;
  params: unknown[];
}

/** How one area code of a query selects stored area codes; mirrors `areaContains` in the model. */
export type AreaMatch =
  | { kind: 'equals'; code: string }
  /** Stored codes starting with `prefix`; `length`, when given, is the exact length they must have. */
  | { kind: 'prefix'; prefix: string; length?: number }
  /** `JP` itself and every Japanese 6-digit code. */
  | { kind: 'japan' }
  /** Any of these codes: a designated city and its wards. */
  | { kind: 'one-of'; codes: readonly string[] };

export function areaMatch(code: string): AreaMatch {
  if (/^[0-9]{6}$/.test(code)) {
    if (code.slice(2, 5) === '000') return { kind: 'prefix', prefix: code.slice(0, 2), length: 6 };
    const wards = wardsOfCity(code);
    return wards.length > 0 ? { kind: 'one-of', codes: [code, ...wards] } : { kind: 'equals', code };
  }
  if (code === 'JP') return { kind: 'japan' };
  // P-codes are hierarchical by prefix; their characters (A-Z, 0-9) are never LIKE wildcards.
  if (/^[A-Z]{2}[0-9A-Z]*$/.test(code)) return { kind: 'prefix', prefix: code };
  return { kind: 'equals', code };
}

/** The parameters of one statement, numbered as they are added: values never enter the SQL text. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

export function invalid(field: string, detail: string): StoreError {
  return new StoreError({ code: 'STORE_QUERY_INVALID', params: { field, detail } });
}

function finiteIn(n: number, min: number, max: number): boolean {
  return Number.isFinite(n) && n >= min && n <= max;
}

function checkBBox(b: BBox, field: string): void {
  if (!finiteIn(b.west, -180, 180) || !finiteIn(b.east, -180, 180) || !finiteIn(b.south, -90, 90) || !finiteIn(b.north, -90, 90)) {
    throw invalid(field, 'coordinates must be finite WGS84 degrees');
  }
  if (b.south > b.north) throw invalid(field, 'south is greater than north');
}

function polygonsOf(area: AreaGeometry): LonLat[][][] {
  return area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
}

/**
 * What the SQL needs of a polygon: its shape and finite WGS84 coordinates. Ring closure and the model's other
 * geometry rules are checked once, where the polygon enters the node, by the model's validator
 * (`validate(AreaGeometrySchema, …)`), not again here.
 */
function checkArea(area: AreaGeometry): void {
  if (area.type !== 'Polygon' && area.type !== 'MultiPolygon') throw invalid('within', 'expected a Polygon or MultiPolygon');
  const polygons = polygonsOf(area);
  if (polygons.length === 0 || polygons.some((rings) => rings.length === 0)) throw invalid('within', 'empty polygon');
  for (const rings of polygons) {
    for (const ring of rings) {
      if (ring.length < 4) throw invalid('within', 'a ring needs at least 4 positions');
      if (ring.some(([x, y]) => !finiteIn(x, -180, 180) || !finiteIn(y, -90, 90))) throw invalid('within', 'coordinates must be finite WGS84 degrees');
    }
  }
}

/** The boxes a bbox covers: two when it crosses the antimeridian (west > east). */
function boxesOf(b: BBox): BBox[] {
  return b.west <= b.east
    ? [b]
    : [
        { west: b.west, south: b.south, east: 180, north: b.north },
        { west: -180, south: b.south, east: b.east, north: b.north },
      ];
}

/**
 * The built-in `point` column holds microdegrees (see migrations/0001-records.sql), computed as `degrees * 1e6` in
 * float8 exactly as here, so a position on a query's edge compares equal on both sides.
 */
const MICRODEGREES = 1_000_000;
const scaled = (degrees: number) => degrees * MICRODEGREES;

function boxLiteral(b: BBox): string {
  return `(${scaled(b.east)},${scaled(b.north)}),(${scaled(b.west)},${scaled(b.south)})`;
}

/** PostgreSQL `polygon` literal of a GeoJSON ring (the closing position is implied by the type). */
function polygonLiteral(ring: LonLat[]): string {
  return `(${ring.slice(0, -1).map(([x, y]) => `(${scaled(x)},${scaled(y)})`).join(',')})`;
}

function outerBBox(area: AreaGeometry): BBox {
  let west = 180, south = 90, east = -180, north = -90;
  for (const rings of polygonsOf(area)) {
    for (const [x, y] of rings[0] ?? []) {
      west = Math.min(west, x); east = Math.max(east, x); south = Math.min(south, y); north = Math.max(north, y);
    }
  }
  return { west, south, east, north };
}

function bboxCondition(b: BBox, engine: SpatialEngine, p: Params): string {
  const parts = boxesOf(b).map((box) =>
    engine === 'postgis'
      ? `ST_Intersects(geom, ST_MakeEnvelope(${p.add(box.west)}, ${p.add(box.south)}, ${p.add(box.east)}, ${p.add(box.north)}, 4326))`
      : `point <@ ${p.add(boxLiteral(box))}::box`,
  );
  return parts.length === 1 ? parts[0]! : `(${parts.join(' or ')})`;
}

/**
 * On PostGIS, exactly `ST_Intersects(geom, area)`, written so that an index-only scan of the covering point index
 * (migrations/0008) can answer it: the point's geometry is rebuilt from lon/lat with the very expression that generates
 * `geom`, and the built-in box of the area's outer rings selects the candidates. That box never drops a point PostGIS
 * would keep: a point inside the area lies inside its bounding box, `degrees * 1e6` is monotonic in float8, and the
 * built-in containment is inclusive, so the PostGIS predicate alone decides, edges and holes included.
 */
function withinCondition(area: AreaGeometry, engine: SpatialEngine, p: Params): string {
  const box = `point <@ ${p.add(boxLiteral(outerBBox(area)))}::box`;
  if (engine === 'postgis') {
    return `${box} and ST_Intersects(ST_SetSRID(ST_GeomFromGeoJSON(${p.add(JSON.stringify(area))}), 4326), ST_SetSRID(ST_MakePoint(lon, lat), 4326))`;
  }
  // Built-in polygons have no holes: inside an outer ring and outside each of its holes. The box lets the GiST index help.
  const polygons = polygonsOf(area).map(([outer, ...holes]) => {
    const inOuter = `point <@ ${p.add(polygonLiteral(outer!))}::polygon`;
    const notInHoles = holes.map((h) => ` and not point <@ ${p.add(polygonLiteral(h))}::polygon`).join('');
    return `(${inOuter}${notInHoles})`;
  });
  return `${box} and (${polygons.join(' or ')})`;
}

function areaCondition(codes: readonly string[], p: Params, column = 'area_code'): string {
  if (codes.length === 0) return 'false';
  const parts = codes.map((code) => {
    const m = areaMatch(code);
    switch (m.kind) {
      case 'equals':
        return `${column} = ${p.add(m.code)}`;
      case 'prefix':
        return `${column} like ${p.add(m.prefix + (m.length === undefined ? '%' : '_'.repeat(m.length - m.prefix.length)))}`;
      case 'japan':
        return `(${column} = 'JP' or ${column} ~ '^[0-9]{6}$')`;
      case 'one-of':
        return `${column} = any(${p.add([...m.codes])}::text[])`;
    }
  });
  return `(${parts.join(' or ')})`;
}

/**
 * An alert names many areas (`data.areaCodes`) and concerns an area when they overlap: one of its codes lies inside
 * a queried area, or contains it (a prefecture-wide or nationwide warning concerns each of its municipalities).
 */
function alertAreaCondition(codes: readonly string[], p: Params): string {
  if (codes.length === 0) return 'false';
  const column = 'alert_area.code';
  const containers = codes.map((code) => {
    if (!/^[0-9]{6}$/.test(code)) return `starts_with(${p.add(code)}, ${column})`;
    const city = cityOfWard(code);
    return `${column} = 'JP' or ${column} like ${p.add(`${code.slice(0, 2)}000_`)}${city === undefined ? '' : ` or ${column} = ${p.add(city)}`}`;
  });
  return `exists (select 1 from jsonb_array_elements_text(coalesce(data->'areaCodes', '[]'::jsonb)) as alert_area(code) where ${areaCondition(codes, p, column)} or ${containers.join(' or ')})`;
}

/**
 * WHERE clause (without the keyword) for a query. `paginate` adds the keyset condition on `after`;
 * counting leaves it out so a count is the size of the whole result, not of the remaining pages.
 */
export function recordWhere(q: RecordQuery, engine: SpatialEngine, paginate: boolean): WhereClause {
  if (!isRecordType(q.type)) throw new StoreError({ code: 'STORE_RECORD_TYPE_UNKNOWN', params: { type: String(q.type) } });
  const p = new Params();
  const conditions = [`type = ${p.add(q.type)}`];
  if (q.ids !== undefined) conditions.push(q.ids.length === 0 ? 'false' : `id = any(${p.add([...q.ids])}::text[])`);
  if (q.areas !== undefined) conditions.push(q.type === 'alert' ? alertAreaCondition(q.areas, p) : areaCondition(q.areas, p));
  if (q.sourceNode !== undefined) conditions.push(`source_node = ${p.add(q.sourceNode)}`);
  if (q.bbox !== undefined) {
    checkBBox(q.bbox, 'bbox');
    conditions.push(bboxCondition(q.bbox, engine, p));
  }
  if (q.within !== undefined) {
    checkArea(q.within);
    conditions.push(withinCondition(q.within, engine, p));
  }
  if (paginate && q.after !== undefined) conditions.push(`id > ${p.add(q.after)}`);
  return { sql: conditions.join(' and '), params: p.values };
}

/** The LIMIT a query asks for, checked; undefined for no limit. */
export function recordLimit(q: RecordQuery): number | undefined {
  if (q.limit === undefined) return undefined;
  if (!Number.isInteger(q.limit) || q.limit < 0) throw invalid('limit', 'must be a non-negative integer');
  return q.limit;
}
