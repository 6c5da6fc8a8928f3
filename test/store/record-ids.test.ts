// store.ids answers "who is inside" from the spatial index; it must name exactly the records store.query returns for
// the same query on the same store — same set, same id order, same paging — on PGlite, on PostgreSQL with PostGIS,
// and on PostgreSQL's built-in geometric types, including points on edges, on holes' edges and inside holes.
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AreaGeometry, BBox, LonLat } from '../../src/model/index.ts';
import type { RecordQuery, Store } from '../../src/store/types.ts';
import { backendRuns, openTestStore, pgliteBackend, postgresBackend, type BackendUnderTest } from './support/backends.ts';
import { namespace, shelter } from './support/drafts.ts';
import { bboxArb, multiPolygonArb, polygonArb, scatteredPoints } from './support/geometry.ts';

/** Positions a query's edges pass through exactly: every vertex, and the midpoint of every edge (as float8 rounds it). */
function edgePositions(area: AreaGeometry): LonLat[] {
  const polygons = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  return polygons.flatMap((rings) =>
    rings.flatMap((ring) => ring.slice(1).flatMap((b, i): LonLat[] => {
      const a = ring[i]!;
      return [a, [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]];
    })),
  );
}

function bboxEdgePositions(b: BBox): LonLat[] {
  const midX = (b.west + b.east) / 2;
  const midY = (b.south + b.north) / 2;
  return [[b.west, b.south], [b.east, b.north], [b.west, midY], [b.east, midY], [midX, b.south], [midX, b.north]];
}

/** A square with a square hole, whose edges fall exactly on representable coordinates. */
const holed: AreaGeometry = {
  type: 'Polygon',
  coordinates: [
    [[137.0, 37.0], [137.1, 37.0], [137.1, 37.1], [137.0, 37.1], [137.0, 37.0]],
    [[137.04, 37.04], [137.04, 37.06], [137.06, 37.06], [137.06, 37.04], [137.04, 37.04]],
  ],
};

const idOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

const variants: { backend: BackendUnderTest; spatial: 'auto' | 'builtin'; label: string }[] = [
  { backend: pgliteBackend(), spatial: 'auto', label: 'PGlite (built-in geometry)' },
  { backend: postgresBackend(), spatial: 'auto', label: 'PostgreSQL (PostGIS where installed)' },
  { backend: postgresBackend(), spatial: 'builtin', label: 'PostgreSQL forced onto built-in geometry' },
];

for (const { backend, spatial, label } of variants) {
  describe(`store.ids on ${label}`, () => {
    if (!backendRuns(backend)) return;

    let store: Store;
    const ns = namespace();
    let placed = 0;
    /** Write shelters at these positions (each a record of its own) and keep them for every later query. */
    const place = (positions: readonly LonLat[]) => store.upsert(positions.map((at) => shelter(ns.id(`p${String(placed++).padStart(6, '0')}`), { sourceNode: ns.sourceNode, at })));

    beforeAll(async () => {
      store = await openTestStore(backend, spatial);
      await place(scatteredPoints(1500, 11));
      // Without a location a record is inside no area, but it is still one of the records a non-spatial query names.
      await store.upsert([shelter(ns.id('nowhere'), { sourceNode: ns.sourceNode })]);
    });
    afterAll(async () => {
      await store?.close();
      await backend.cleanup();
    });

    /** ids() against query() for one query, and count() against the unpaged query. */
    const agree = async (q: RecordQuery) => {
      const [ids, records, count] = await Promise.all([store.ids(q), store.query(q), store.count(q)]);
      expect(ids).toEqual(records.map((r) => r.id));
      const { after, limit, ...unpaged } = q;
      if (after !== undefined || limit !== undefined) {
        // A page is the whole answer's ids after the cursor, up to the limit (a spatial page reads its ids first).
        const whole = (await store.query(unpaged)).map((r) => r.id);
        const expected = whole.filter((id) => after === undefined || idOrder(id, after) > 0).slice(0, limit);
        expect(ids).toEqual(expected);
        expect(count).toBe(whole.length);
      } else {
        expect(count).toBe(records.length);
      }
      return ids;
    };

    it('names exactly the records query returns inside random polygons and multipolygons, edges and holes included', async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(polygonArb, multiPolygonArb), async (within) => {
          await place(edgePositions(within));
          const ids = await agree({ type: 'shelter', within });
          expect([...ids].sort(idOrder)).toEqual(ids);
        }),
        { numRuns: 25 },
      );
    });

    it('names exactly the records query returns inside random boxes, edges included', async () => {
      await fc.assert(
        fc.asyncProperty(bboxArb, async (bbox) => {
          await place(bboxEdgePositions(bbox));
          await agree({ type: 'shelter', bbox });
        }),
        { numRuns: 20 },
      );
    });

    it('pages like query: the same ids after the same cursor, up to the same limit', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(polygonArb, multiPolygonArb),
          fc.integer({ min: 1, max: 40 }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          async (within, limit, at) => {
            const all = await store.ids({ type: 'shelter', within });
            const after = all.length === 0 ? ns.id('') : all[Math.floor(at * all.length)]!;
            await agree({ type: 'shelter', within, after, limit });
          },
        ),
        { numRuns: 15 },
      );
    });

    it('walks a polygon page by page to exactly its whole answer', async () => {
      const within: AreaGeometry = { type: 'Polygon', coordinates: [[[136.4, 36.4], [137.6, 36.4], [137.6, 37.6], [136.4, 37.6], [136.4, 36.4]]] };
      const whole = await store.ids({ type: 'shelter', within });
      const walked: string[] = [];
      for (let after: string | undefined; ; ) {
        const page = await store.ids({ type: 'shelter', within, limit: 97, ...(after !== undefined ? { after } : {}) });
        walked.push(...page);
        if (page.length < 97) break;
        after = page.at(-1);
      }
      expect(whole.length).toBeGreaterThan(97 * 3);
      expect(walked).toEqual(whole);
    });

    it('agrees with query on a hole: its own engine decides its edge, ids and count follow it', async () => {
      const outerEdge: LonLat = [137.05, 37.0];
      const holeEdge: LonLat = [137.05, 37.04];
      const holeCorner: LonLat = [137.04, 37.06];
      const inHole: LonLat = [137.05, 37.05];
      const inside: LonLat = [137.02, 37.02];
      const first = placed;
      await place([outerEdge, holeEdge, holeCorner, inHole, inside]);
      const idOf = (k: number) => ns.id(`p${String(first + k).padStart(6, '0')}`);
      const ids = await agree({ type: 'shelter', within: holed });
      expect(ids).toContain(idOf(0));
      expect(ids).toContain(idOf(4));
      expect(ids).not.toContain(idOf(3));
      // PostGIS counts a hole's boundary as part of the polygon; the built-in types test "not inside the hole",
      // which takes the boundary too (see record-filter.ts). Each store keeps its engine's answer everywhere.
      const onHoleEdge = store.info.postgis;
      expect(ids.includes(idOf(1))).toBe(onHoleEdge);
      expect(ids.includes(idOf(2))).toBe(onHoleEdge);
    });

    it('combines with the other filters as query does', async () => {
      const some = (await store.ids({ type: 'shelter', within: holed })).slice(0, 3);
      await agree({ type: 'shelter', within: holed, ids: [...some, ns.id('nowhere'), ns.id('absent')] });
      await agree({ type: 'shelter', sourceNode: ns.sourceNode, limit: 50 });
      await agree({ type: 'shelter', ids: [ns.id('nowhere')] });
      await agree({ type: 'shelter', within: holed, sourceNode: 'another-node' });
      await agree({ type: 'facility', within: holed });
    });

    it('names an id with a line break whole, though the model would refuse such an id (the store does not)', async () => {
      const odd = [ns.id('line\nbreak'), ns.id('line'), ns.id('line\nbreak\n2')];
      await store.upsert(odd.map((id) => shelter(id, { sourceNode: ns.sourceNode })));
      const q: RecordQuery = { type: 'shelter', sourceNode: ns.sourceNode };
      const ids = await agree(q);
      expect(ids.filter((id) => odd.includes(id)).sort(idOrder)).toEqual([...odd].sort(idOrder));
    });

    it('returns nothing for limit 0, and refuses what query refuses', async () => {
      expect(await store.ids({ type: 'shelter', within: holed, limit: 0 })).toEqual([]);
      await expect(store.ids({ type: 'shelter', limit: -1 })).rejects.toMatchObject({ code: 'STORE_QUERY_INVALID' });
      await expect(store.ids({ type: 'shelter', within: { type: 'Polygon', coordinates: [[[137, 37], [137.1, 37], [137, 37]]] } })).rejects.toMatchObject({
        code: 'STORE_QUERY_INVALID',
      });
      await expect(store.ids({ type: 'not-a-type' as 'shelter' })).rejects.toMatchObject({ code: 'STORE_RECORD_TYPE_UNKNOWN' });
    });

    // Registered only where it applies, so other backends report no skipped case.
    if (backend.name === 'postgres' && spatial === 'auto') it('on PostGIS, names exactly the records ST_Intersects(geom, area) selects, as queries did before the covering index', async (ctx) => {
      const config = backend.config(spatial);
      // A server without PostGIS runs the built-in types, which the other cases cover.
      if (!store.info.postgis || config.backend !== 'postgres') return ctx.skip();
      const client = new pg.Client({ connectionString: config.url, options: `-c search_path=${config.schema},public` });
      await client.connect();
      try {
        await fc.assert(
          fc.asyncProperty(fc.oneof(polygonArb, multiPolygonArb), async (within) => {
            await place(edgePositions(within));
            const direct = await client.query<{ id: string }>(
              "select id from records where type = 'shelter' and ST_Intersects(geom, ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)) order by id",
              [JSON.stringify(within)],
            );
            expect(await store.ids({ type: 'shelter', within })).toEqual(direct.rows.map((r) => r.id));
          }),
          { numRuns: 15 },
        );
      } finally {
        await client.end();
      }
    });

    it('answers the same inside a transaction, and sees that transaction\'s own writes', async () => {
      const fresh = ns.id('in-transaction');
      const ids = await store.transaction(async (tx) => {
        await tx.upsert([shelter(fresh, { sourceNode: ns.sourceNode, at: [137.02, 37.03] })]);
        return tx.ids({ type: 'shelter', within: holed });
      });
      expect(ids).toContain(fresh);
      expect(ids).toEqual(await store.ids({ type: 'shelter', within: holed }));
    });
  });
}
