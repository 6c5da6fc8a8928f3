// On PostgreSQL, spatial queries run on PostGIS when it is there; forced onto the built-in geometric types, the
// same database must give the same answers.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AreaGeometry, LonLat } from '../../src/model/index.ts';
import type { RecordQuery, Store } from '../../src/store/types.ts';
import { openTestStore, postgresBackend, backendRuns } from './support/backends.ts';
import { namespace, shelter } from './support/drafts.ts';
import { bboxArb, multiPolygonArb, nearAreaEdge, nearBBoxEdge, polygonArb, scatteredPoints } from './support/geometry.ts';

const backend = postgresBackend();

describe('PostGIS and built-in spatial queries on PostgreSQL', () => {
  if (!backendRuns(backend)) return;

  let postgis: Store;
  let builtin: Store;
  const ns = namespace();
  const points = scatteredPoints(1200, 7);
  const idAt = new Map<string, LonLat>();

  beforeAll(async () => {
    postgis = await openTestStore(backend, 'auto');
    builtin = await openTestStore(backend, 'builtin');
    await postgis.upsert(
      points.map((at, i) => {
        idAt.set(ns.id(`p${i}`), at);
        return shelter(ns.id(`p${i}`), { sourceNode: ns.sourceNode, at });
      }),
    );
    // Without a location a record matches no spatial query on either engine.
    await postgis.upsert([shelter(ns.id('nowhere'), { sourceNode: ns.sourceNode })]);
  });
  afterAll(async () => {
    await postgis?.close();
    await builtin?.close();
    await backend.cleanup();
  });

  it('uses PostGIS by default and the built-in types when told to', () => {
    expect(postgis.info.postgis).toBe(true);
    expect(builtin.info.postgis).toBe(false);
  });

  /** Both engines' ids for a query, leaving out points too close to an edge to call. */
  const both = async (q: Omit<RecordQuery<'shelter'>, 'type' | 'sourceNode'>, nearEdge: (p: LonLat) => boolean) => {
    const query: RecordQuery<'shelter'> = { type: 'shelter', sourceNode: ns.sourceNode, ...q };
    const keep = (ids: string[]) => ids.filter((id) => !nearEdge(idAt.get(id)!));
    const [a, b] = await Promise.all([postgis.query(query), builtin.query(query)]);
    const [ca, cb] = await Promise.all([postgis.count(query), builtin.count(query)]);
    return { postgis: keep(a.map((r) => r.id)), builtin: keep(b.map((r) => r.id)), counts: [ca, cb], rawLengths: [a.length, b.length] };
  };

  it('agree on polygons with holes and on multipolygons', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(polygonArb, multiPolygonArb), async (within: AreaGeometry) => {
        const r = await both({ within }, (p) => nearAreaEdge(within, p));
        expect(r.builtin).toEqual(r.postgis);
        expect(r.counts).toEqual(r.rawLengths);
      }),
      { numRuns: 40 },
    );
  });

  it('agree on boxes', async () => {
    await fc.assert(
      fc.asyncProperty(bboxArb, async (bbox) => {
        const r = await both({ bbox }, (p) => nearBBoxEdge(bbox, p));
        expect(r.builtin).toEqual(r.postgis);
      }),
      { numRuns: 40 },
    );
  });

  it('agree on points exactly on a box edge: both include them', async () => {
    const at = points[0]!;
    const bbox = { west: at[0], south: at[1], east: at[0] + 0.01, north: at[1] + 0.01 };
    const r = await both({ bbox }, () => false);
    expect(r.postgis).toContain(ns.id('p0'));
    expect(r.builtin).toEqual(r.postgis);
  });
});
