// One behaviour suite for every storage backend: versioned upserts, transactions, queries and pagination.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { areaContains, containsPoint, type AreaCode, type AreaGeometry, type LonLat } from '../../src/model/index.ts';
import { StoreError } from '../../src/store/errors.ts';
import type { Store } from '../../src/store/types.ts';
import { backends, useTestStore, backendRuns } from './support/backends.ts';
import { asDrafts, codes, facility, jpCode, namespace, shelter } from './support/drafts.ts';
import { bboxArb, insideBBox, multiPolygonArb, nearAreaEdge, nearBBoxEdge, polygonArb, scatteredPoints } from './support/geometry.ts';

const area = (code: string) => code as AreaCode;

/** Ids returned by a query, in order. */
const idsOf = (records: readonly { id: string }[]) => records.map((r) => r.id);

describe.each(backends())('store on $name', (backend) => {
  if (!backendRuns(backend)) return;

  let store: Store;
  useTestStore(backend, (s) => (store = s));

  describe('upsert', () => {
    it('creates version 1 of a new record and reads it back as the same envelope with UTC times', async () => {
      const ns = namespace();
      const draft = shelter(ns.id('a'), { sourceNode: ns.sourceNode, at: [136.96, 37.04], observedAt: '2024-01-01T09:30:00+09:00' });
      const before = Date.now();
      const outcomes = await store.upsert([draft]);
      expect(outcomes).toEqual([{ kind: 'created', type: 'shelter', id: draft.id, version: 1 }]);

      const stored = await store.get('shelter', draft.id);
      expect(stored).toBeDefined();
      const { recordedAt, ...rest } = stored!;
      expect(rest).toEqual({ ...draft, version: 1, observedAt: '2024-01-01T00:30:00.000Z' });
      expect(recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(Date.parse(recordedAt)).toBeGreaterThanOrEqual(before - 1000);
    });

    it('reports an identical payload as unchanged and writes nothing, whatever its key order, lineage or observation time', async () => {
      const ns = namespace();
      const draft = shelter(ns.id('a'), { sourceNode: ns.sourceNode });
      await store.upsert([draft]);
      const reordered = {
        ...draft,
        observedAt: '2024-02-01T00:00:00Z',
        lineage: [],
        data: Object.fromEntries(Object.entries(draft.data).reverse()) as typeof draft.data,
      };
      expect(await store.upsert([reordered])).toEqual([{ kind: 'unchanged', type: 'shelter', id: draft.id, version: 1 }]);
      expect(await store.history('shelter', draft.id)).toHaveLength(1);
      expect((await store.get('shelter', draft.id))?.observedAt).toBe('2024-01-01T00:00:00.000Z');
    });

    it('writes a changed payload as the next version and keeps the previous one in history', async () => {
      const ns = namespace();
      const v1 = shelter(ns.id('a'), { sourceNode: ns.sourceNode, openStatus: 'closed' });
      const v2 = shelter(ns.id('a'), { sourceNode: ns.sourceNode, openStatus: 'open', observedAt: '2024-01-02T00:00:00Z' });
      await store.upsert([v1]);
      expect(await store.upsert([v2])).toEqual([{ kind: 'updated', type: 'shelter', id: v1.id, version: 2, previousVersion: 1 }]);

      const current = await store.get('shelter', v1.id);
      expect(current?.version).toBe(2);
      expect(current?.data.openStatus).toBe('open');
      const history = await store.history('shelter', v1.id);
      expect(history.map((r) => [r.version, r.data.openStatus, r.observedAt])).toEqual([
        [1, 'closed', '2024-01-01T00:00:00.000Z'],
        [2, 'open', '2024-01-02T00:00:00.000Z'],
      ]);
    });

    it('treats a change of quality alone as a new version', async () => {
      const ns = namespace();
      const draft = shelter(ns.id('a'), { sourceNode: ns.sourceNode });
      await store.upsert([draft]);
      const outcomes = await store.upsert([{ ...draft, quality: { level: 'reported', note: '電話で確認' } }]);
      expect(outcomes[0]?.kind).toBe('updated');
    });

    it('applies repeated ids in one batch in order, each compared with the one before it', async () => {
      const ns = namespace();
      const a1 = shelter(ns.id('a'), { sourceNode: ns.sourceNode, openStatus: 'closed' });
      const a2 = shelter(ns.id('a'), { sourceNode: ns.sourceNode, openStatus: 'open' });
      const b = facility(ns.id('b'), { sourceNode: ns.sourceNode });
      const outcomes = await store.upsert(asDrafts(a1, b, a2, a2, a1));
      expect(outcomes).toEqual([
        { kind: 'created', type: 'shelter', id: a1.id, version: 1 },
        { kind: 'created', type: 'facility', id: b.id, version: 1 },
        { kind: 'updated', type: 'shelter', id: a1.id, version: 2, previousVersion: 1 },
        { kind: 'unchanged', type: 'shelter', id: a1.id, version: 2 },
        { kind: 'updated', type: 'shelter', id: a1.id, version: 3, previousVersion: 2 },
      ]);
      expect((await store.get('shelter', a1.id))?.data.openStatus).toBe('closed');
      expect((await store.history('shelter', a1.id)).map((r) => r.version)).toEqual([1, 2, 3]);
    });

    it('keeps the same id of different record types apart', async () => {
      const ns = namespace();
      const outcomes = await store.upsert(asDrafts(shelter(ns.id('x'), { sourceNode: ns.sourceNode }), facility(ns.id('x'), { sourceNode: ns.sourceNode })));
      expect(outcomes.map((o) => [o.type, o.kind])).toEqual([
        ['shelter', 'created'],
        ['facility', 'created'],
      ]);
      expect((await store.get('facility', ns.id('x')))?.type).toBe('facility');
    });

    it('handles batches larger than one statement, with repeats across statement boundaries, in input order', async () => {
      const ns = namespace();
      const drafts = Array.from({ length: 2300 }, (_, i) => shelter(ns.id(`s${String(i).padStart(4, '0')}`), { sourceNode: ns.sourceNode }));
      const changed = shelter(ns.id('s0007'), { sourceNode: ns.sourceNode, openStatus: 'open' });
      const batch = [...drafts.slice(0, 1500), changed, ...drafts.slice(1500), drafts[7]!];
      const outcomes = await store.upsert(batch);
      expect(outcomes).toHaveLength(batch.length);
      expect(outcomes.filter((o) => o.kind === 'created')).toHaveLength(2300);
      expect(outcomes[1500]).toEqual({ kind: 'updated', type: 'shelter', id: changed.id, version: 2, previousVersion: 1 });
      expect(outcomes.at(-1)).toEqual({ kind: 'updated', type: 'shelter', id: changed.id, version: 3, previousVersion: 2 });
      expect(outcomes.map((o) => o.id)).toEqual(batch.map((d) => d.id));
      expect(await store.count({ type: 'shelter', sourceNode: ns.sourceNode })).toBe(2300);
      expect((await store.upsert(drafts)).every((o) => o.kind === 'unchanged' || o.id === changed.id)).toBe(true);
    });

    it('gives concurrent writers of the same new records one creation each and a gap-free history', async () => {
      const ns = namespace();
      const writer = (status: 'open' | 'closed' | 'unknown') =>
        store.upsert(Array.from({ length: 300 }, (_, i) => shelter(ns.id(`c${i}`), { sourceNode: ns.sourceNode, openStatus: status })));
      const results = await Promise.all([writer('open'), writer('open'), writer('closed'), writer('unknown')]);
      for (let i = 0; i < 300; i++) {
        const kinds = results.map((outcomes) => outcomes[i]!.kind);
        expect(kinds.filter((k) => k === 'created')).toHaveLength(1);
        const history = await store.history('shelter', ns.id(`c${i}`));
        expect(history.map((r) => r.version)).toEqual(history.map((_, v) => v + 1));
        expect(history.length).toBe(kinds.filter((k) => k !== 'unchanged').length);
      }
    });

    it('returns no outcomes for an empty batch', async () => {
      expect(await store.upsert([])).toEqual([]);
    });

    it('refuses an unknown record type with a stable code', async () => {
      const ns = namespace();
      const bogus = { ...shelter(ns.id('a'), { sourceNode: ns.sourceNode }), type: 'spaceship' } as unknown as Parameters<Store['upsert']>[0][number];
      await expect(store.upsert([bogus])).rejects.toMatchObject({ code: 'STORE_RECORD_TYPE_UNKNOWN' });
    });

    it('refuses text jsonb cannot hold, naming the record, and writes nothing of the batch', async () => {
      const ns = namespace();
      const good = shelter(ns.id('good'), { sourceNode: ns.sourceNode });
      const bad = shelter(ns.id('bad'), { sourceNode: ns.sourceNode, name: 'nul\u0000here' });
      const error = await store.upsert([good, bad]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect(error).toMatchObject({ code: 'STORE_RECORD_INVALID', params: { id: bad.id } });
      expect(await store.get('shelter', good.id)).toBeUndefined();
    });
  });

  describe('reads', () => {
    it('gets many records by id, leaving out those that do not exist', async () => {
      const ns = namespace();
      await store.upsert([shelter(ns.id('a'), { sourceNode: ns.sourceNode }), shelter(ns.id('b'), { sourceNode: ns.sourceNode })]);
      const found = await store.getMany('shelter', [ns.id('a'), ns.id('missing'), ns.id('b'), ns.id('a')]);
      expect([...found.keys()].sort()).toEqual([ns.id('a'), ns.id('b')]);
      expect(found.get(ns.id('b'))?.id).toBe(ns.id('b'));
      expect(await store.getMany('shelter', [])).toEqual(new Map());
    });

    it('answers undefined and an empty history for a record that does not exist', async () => {
      expect(await store.get('shelter', 'no-such-record')).toBeUndefined();
      expect(await store.history('shelter', 'no-such-record')).toEqual([]);
    });
  });

  describe('transaction', () => {
    it('keeps everything written when the function completes', async () => {
      const ns = namespace();
      const result = await store.transaction(async (tx) => {
        await tx.upsert([shelter(ns.id('a'), { sourceNode: ns.sourceNode })]);
        await tx.upsert([shelter(ns.id('a'), { sourceNode: ns.sourceNode, openStatus: 'open' })]);
        return (await tx.get('shelter', ns.id('a')))?.version;
      });
      expect(result).toBe(2);
      expect((await store.history('shelter', ns.id('a'))).length).toBe(2);
    });

    it('leaves the data as it was when the function throws', async () => {
      const ns = namespace();
      const existing = shelter(ns.id('a'), { sourceNode: ns.sourceNode, openStatus: 'closed' });
      await store.upsert([existing]);
      const failure = new Error('the caller changed its mind');
      await expect(
        store.transaction(async (tx) => {
          await tx.upsert([shelter(ns.id('a'), { sourceNode: ns.sourceNode, openStatus: 'open' }), shelter(ns.id('new'), { sourceNode: ns.sourceNode })]);
          expect((await tx.get('shelter', ns.id('a')))?.version).toBe(2);
          expect(await tx.count({ type: 'shelter', sourceNode: ns.sourceNode })).toBe(2);
          throw failure;
        }),
      ).rejects.toBe(failure);

      expect(await store.get('shelter', ns.id('new'))).toBeUndefined();
      expect(await store.history('shelter', ns.id('new'))).toEqual([]);
      const current = await store.get('shelter', ns.id('a'));
      expect([current?.version, current?.data.openStatus]).toEqual([1, 'closed']);
      expect(await store.history('shelter', ns.id('a'))).toHaveLength(1);
      // The rolled-back version number is free again.
      expect(await store.upsert([shelter(ns.id('a'), { sourceNode: ns.sourceNode, openStatus: 'open' })])).toEqual([
        { kind: 'updated', type: 'shelter', id: ns.id('a'), version: 2, previousVersion: 1 },
      ]);
    });
  });

  describe('query by area', () => {
    const ns = namespace();
    const placed = [
      shelter(ns.id('kanazawa'), { sourceNode: ns.sourceNode, areaCode: codes.kanazawa }),
      shelter(ns.id('nanao'), { sourceNode: ns.sourceNode, areaCode: codes.nanao }),
      shelter(ns.id('ishikawa'), { sourceNode: ns.sourceNode, areaCode: codes.ishikawa }),
      shelter(ns.id('toyama'), { sourceNode: ns.sourceNode, areaCode: codes.toyamaCity }),
      // 横浜市 and its 鶴見区; 浜松市中央区, whose code does not follow its city's digits (22130 → 22138).
      shelter(ns.id('yokohama'), { sourceNode: ns.sourceNode, areaCode: '141003' }),
      shelter(ns.id('tsurumi'), { sourceNode: ns.sourceNode, areaCode: '141011' }),
      shelter(ns.id('hamamatsuchuo'), { sourceNode: ns.sourceNode, areaCode: '221384' }),
      shelter(ns.id('albay'), { sourceNode: ns.sourceNode, areaCode: 'PH0500500' }),
      shelter(ns.id('legazpi'), { sourceNode: ns.sourceNode, areaCode: 'PH0500513' }),
      shelter(ns.id('quezon'), { sourceNode: ns.sourceNode, areaCode: 'PH0403405' }),
    ];
    beforeAll(async () => {
      await store.upsert(placed);
    });
    const byArea = async (...areas: string[]) =>
      idsOf(await store.query({ type: 'shelter', sourceNode: ns.sourceNode, areas: areas.map(area) })).map((id) => id.split('-').at(-1));

    it('finds the municipalities of a prefecture and the prefecture itself by its prefecture code', async () => {
      expect(await byArea(codes.ishikawa)).toEqual(['ishikawa', 'kanazawa', 'nanao']);
    });

    it('finds only the municipality itself by a municipality code', async () => {
      expect(await byArea(codes.nanao)).toEqual(['nanao']);
      expect(await byArea(codes.nanao, codes.toyamaCity)).toEqual(['nanao', 'toyama']);
    });

    it('finds every Japanese code by JP and nothing abroad', async () => {
      expect(await byArea('JP')).toEqual(['hamamatsuchuo', 'ishikawa', 'kanazawa', 'nanao', 'toyama', 'tsurumi', 'yokohama']);
    });

    it('finds a designated city and its wards by the city code, and only the ward by its own code', async () => {
      expect(await byArea('141003')).toEqual(['tsurumi', 'yokohama']);
      expect(await byArea('141011')).toEqual(['tsurumi']);
      expect(await byArea('221309')).toEqual(['hamamatsuchuo']);
    });

    it('finds P-codes by prefix', async () => {
      expect(await byArea('PH05')).toEqual(['albay', 'legazpi']);
      expect(await byArea('PH')).toEqual(['albay', 'legazpi', 'quezon']);
      expect(await byArea('PH0500513')).toEqual(['legazpi']);
    });

    it('finds nothing for an empty list of areas', async () => {
      expect(await byArea()).toEqual([]);
    });

    it('selects exactly the records areaContains says lie within the queried codes', async () => {
      const stored = placed.map((d) => d.data.areaCode);
      const candidates = [...stored, 'JP', 'PH', 'PH04', 'PH05', 'PH05005', 'TH', jpCode('16000'), jpCode('01100'), jpCode('17000'), '221309', '140007'];
      await fc.assert(
        fc.asyncProperty(fc.subarray(candidates, { minLength: 1, maxLength: 3 }), async (queried) => {
          const expected = placed.filter((d) => queried.some((q) => areaContains(area(q), area(d.data.areaCode)))).map((d) => d.id).sort();
          const got = idsOf(await store.query({ type: 'shelter', sourceNode: ns.sourceNode, areas: queried.map(area) }));
          expect(got).toEqual(expected);
        }),
        { numRuns: 40 },
      );
    });
  });

  describe('query by place', () => {
    const ns = namespace();
    // A square 137–138 × 37–38 with a square hole 137.4–137.6 × 37.4–37.6, and a second square further west.
    const holed: AreaGeometry = {
      type: 'Polygon',
      coordinates: [
        [[137, 37], [138, 37], [138, 38], [137, 38], [137, 37]],
        [[137.4, 37.4], [137.4, 37.6], [137.6, 37.6], [137.6, 37.4], [137.4, 37.4]],
      ],
    };
    const west: AreaGeometry = { type: 'Polygon', coordinates: [[[135, 35], [136, 35], [136, 36], [135, 36], [135, 35]]] };
    const points: Record<string, LonLat | undefined> = {
      ring: [137.2, 37.2],
      hole: [137.5, 37.5],
      west: [135.5, 35.5],
      outside: [139, 39],
      corner: [137, 37],
      nowhere: undefined,
    };
    beforeAll(async () => {
      await store.upsert(
        Object.entries(points).map(([name, at]) => shelter(ns.id(name), { sourceNode: ns.sourceNode, ...(at ? { at } : {}) })),
      );
    });
    const names = (records: readonly { id: string }[]) => idsOf(records).map((id) => id.split('-').at(-1)).sort();

    it('finds records inside a polygon but not in its hole', async () => {
      expect(names(await store.query({ type: 'shelter', sourceNode: ns.sourceNode, within: holed }))).toEqual(['corner', 'ring']);
    });

    it('finds records inside any polygon of a multipolygon', async () => {
      const multi: AreaGeometry = { type: 'MultiPolygon', coordinates: [holed.coordinates, west.coordinates] };
      expect(names(await store.query({ type: 'shelter', sourceNode: ns.sourceNode, within: multi }))).toEqual(['corner', 'ring', 'west']);
    });

    it('finds records inside a box, its edges included', async () => {
      const bbox = { west: 137, south: 37, east: 137.5, north: 37.5 };
      expect(names(await store.query({ type: 'shelter', sourceNode: ns.sourceNode, bbox }))).toEqual(['corner', 'hole', 'ring']);
      expect(await store.count({ type: 'shelter', sourceNode: ns.sourceNode, bbox })).toBe(3);
    });

    it('finds records in a box that crosses the antimeridian', async () => {
      const ns2 = namespace();
      await store.upsert([
        shelter(ns2.id('fiji'), { sourceNode: ns2.sourceNode, at: [179.5, -17] }),
        shelter(ns2.id('samoa'), { sourceNode: ns2.sourceNode, at: [-172, -13.8] }),
        shelter(ns2.id('noto'), { sourceNode: ns2.sourceNode, at: [137, 37] }),
      ]);
      const bbox = { west: 170, south: -20, east: -170, north: -10 };
      expect(names(await store.query({ type: 'shelter', sourceNode: ns2.sourceNode, bbox }))).toEqual(['fiji', 'samoa']);
    });

    it('tells apart points 10 cm either side of a 50 m edge', async () => {
      const ns2 = namespace();
      const small: AreaGeometry = {
        type: 'Polygon',
        coordinates: [[[137, 37], [137.0005, 37], [137.0005, 37.0005], [137, 37.0005], [137, 37]]],
      };
      await store.upsert([
        shelter(ns2.id('in'), { sourceNode: ns2.sourceNode, at: [137.000499, 37.00025] }),
        shelter(ns2.id('out'), { sourceNode: ns2.sourceNode, at: [137.000501, 37.00025] }),
      ]);
      expect(names(await store.query({ type: 'shelter', sourceNode: ns2.sourceNode, within: small }))).toEqual(['in']);
    });

    it('combines place, area and id filters', async () => {
      const found = await store.query({ type: 'shelter', sourceNode: ns.sourceNode, within: holed, areas: [area(codes.nanao)], ids: [ns.id('ring'), ns.id('west')] });
      expect(names(found)).toEqual(['ring']);
    });

    it('refuses a box whose south lies north of its north, with a stable code', async () => {
      await expect(store.query({ type: 'shelter', bbox: { west: 0, south: 10, east: 1, north: 5 } })).rejects.toMatchObject({ code: 'STORE_QUERY_INVALID' });
    });
  });

  describe('spatial queries agree with containsPoint', () => {
    const ns = namespace();
    const points = scatteredPoints(1500);
    const idAt = new Map<string, LonLat>();
    beforeAll(async () => {
      const drafts = points.map((at, i) => {
        const id = ns.id(`p${i}`);
        idAt.set(id, at);
        return shelter(id, { sourceNode: ns.sourceNode, at });
      });
      await store.upsert(drafts);
    });

    const checkArea = async (within: AreaGeometry) => {
      const got = new Set(idsOf(await store.query({ type: 'shelter', sourceNode: ns.sourceNode, within })));
      for (const [id, at] of idAt) {
        if (nearAreaEdge(within, at)) continue;
        expect(got.has(id), `${id} at ${at.join(',')}`).toBe(containsPoint(within, at));
      }
    };

    it('for polygons with holes', async () => {
      await fc.assert(fc.asyncProperty(polygonArb, checkArea), { numRuns: 30 });
    });

    it('for multipolygons', async () => {
      await fc.assert(fc.asyncProperty(multiPolygonArb, checkArea), { numRuns: 20 });
    });

    it('for boxes', async () => {
      await fc.assert(
        fc.asyncProperty(bboxArb, async (bbox) => {
          const got = new Set(idsOf(await store.query({ type: 'shelter', sourceNode: ns.sourceNode, bbox })));
          for (const [id, at] of idAt) {
            if (nearBBoxEdge(bbox, at)) continue;
            expect(got.has(id), `${id} at ${at.join(',')}`).toBe(insideBBox(bbox, at));
          }
        }),
        { numRuns: 30 },
      );
    });
  });

  describe('pagination', () => {
    const ns = namespace();
    const ids = Array.from({ length: 25 }, (_, i) => ns.id(`r${String(i).padStart(2, '0')}`));
    beforeAll(async () => {
      // Written out of order, and with ids whose byte order differs from a locale's (upper case before lower).
      await store.upsert([...ids].reverse().map((id) => shelter(id, { sourceNode: ns.sourceNode })));
      await store.upsert([shelter(ns.id('Zed'), { sourceNode: ns.sourceNode }), shelter(ns.id('alpha'), { sourceNode: ns.sourceNode })]);
    });

    it('walks every record once, in byte order of id, page by page', async () => {
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await store.query({ type: 'shelter', sourceNode: ns.sourceNode, limit: 10, ...(after !== undefined ? { after } : {}) });
        seen.push(...idsOf(page));
        if (page.length < 10) break;
        after = page.at(-1)!.id;
      }
      const all = [...ids, ns.id('Zed'), ns.id('alpha')];
      expect(seen).toEqual([...all].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
      expect(seen.indexOf(ns.id('Zed'))).toBeLessThan(seen.indexOf(ns.id('alpha')));
    });

    it('counts the whole result, ignoring after and limit', async () => {
      expect(await store.count({ type: 'shelter', sourceNode: ns.sourceNode, after: ids[5]!, limit: 3 })).toBe(27);
    });

    it('returns nothing for limit 0 and refuses a negative limit', async () => {
      expect(await store.query({ type: 'shelter', sourceNode: ns.sourceNode, limit: 0 })).toEqual([]);
      await expect(store.query({ type: 'shelter', limit: -1 })).rejects.toMatchObject({ code: 'STORE_QUERY_INVALID' });
    });
  });

  describe('info', () => {
    it('names its backend and schema version', () => {
      expect(store.info.backend).toBe(backend.name);
      expect(store.info.schemaVersion).toBeGreaterThanOrEqual(1);
      if (backend.name === 'pglite') expect(store.info.postgis).toBe(false);
    });
  });
});
