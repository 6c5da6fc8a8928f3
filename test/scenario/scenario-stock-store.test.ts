// Generated stock lines in a store: saved like any record, found by area, box and polygon like the depots holding them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPlan } from '../../src/scenario/test-support.ts';
import { scenarioRows } from '../../src/scenario/rows.ts';
import { checkDraft } from '../../src/scenario/read-drafts.ts';
import type { AnyRecordDraft, AreaCode, RecordDraft } from '../../src/model/index.ts';
import type { Store } from '../../src/store/types.ts';
import { backends, backendRuns, openTestStore } from '../store/support/backends.ts';

describe.each(backends())('scenario stock on $name', (backend) => {
  if (!backendRuns(backend)) return;

  let store: Store;
  let city: AnyRecordDraft[];
  beforeAll(async () => {
    store = await openTestStore(backend);
    const plan = await testPlan('town', 31, 400);
    city = [];
    for (const row of scenarioRows(plan)) if (row.kind === 'record' && row.node.id === 'jp-172022-city' && row.file !== 'persons') city.push(row.draft);
    // The loader's own check first: every line must be loadable as it is written.
    for (const d of city) expect(checkDraft(JSON.parse(JSON.stringify(d))).ok).toBe(true);
    await store.upsert(city);
  });
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  const stockOf = () => city.filter((d): d is RecordDraft<'stock'> => d.type === 'stock');

  it('saves every stock line and finds them all by the city’s area code and by its prefecture', async () => {
    const expected = stockOf().map((d) => d.id).sort();
    expect(expected.length).toBeGreaterThan(10);
    const byCity = await store.query({ type: 'stock', areas: ['172022' as AreaCode], limit: 1000 });
    expect(byCity.map((r) => r.id).sort()).toEqual(expected);
    const byPrefecture = await store.query({ type: 'stock', areas: ['170003' as AreaCode], limit: 1000 });
    expect(byPrefecture).toHaveLength(expected.length);
    expect(await store.query({ type: 'stock', areas: ['131016' as AreaCode], limit: 1000 })).toEqual([]);
  });

  it('finds a depot’s stock in a small box and a polygon around the depot, and none in one beside it', async () => {
    const [lon, lat] = stockOf()[0]!.data.location!.coordinates;
    const d = 0.001;
    const inBox = await store.query({ type: 'stock', bbox: { west: lon - d, south: lat - d, east: lon + d, north: lat + d }, limit: 1000 });
    expect(inBox.length).toBe(stockOf().filter((s) => s.data.heldAt.id === stockOf()[0]!.data.heldAt.id).length);
    const ring: [number, number][] = [[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]];
    const inPolygon = await store.query({ type: 'stock', within: { type: 'Polygon', coordinates: [ring] }, limit: 1000 });
    expect(inPolygon.map((r) => r.id).sort()).toEqual(inBox.map((r) => r.id).sort());
    expect(await store.query({ type: 'stock', bbox: { west: lon + 2 * d, south: lat + 2 * d, east: lon + 3 * d, north: lat + 3 * d }, limit: 1000 })).toEqual([]);
  });

  it('keeps a recount as the next version of the same line', async () => {
    const line = stockOf()[0]!;
    const recount = { ...line, observedAt: '2024-01-02T09:00:00+09:00', data: { ...line.data, quantity: line.data.quantity - 12, reserved: 24 } };
    expect(checkDraft(recount).ok).toBe(true);
    const [outcome] = await store.upsert([recount]);
    expect(outcome).toMatchObject({ kind: 'updated', version: 2 });
    expect((await store.get('stock', line.id))?.data).toMatchObject({ quantity: line.data.quantity - 12, reserved: 24 });
    const overReserved = { ...recount, data: { ...recount.data, reserved: recount.data.quantity + 1 } };
    const refused = checkDraft(overReserved);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.detail).toMatch(/^\/data\/reserved /);
    // The store refuses it too, whoever writes it, and keeps the recount as it was.
    await expect(store.upsert([overReserved])).rejects.toMatchObject({ code: 'STORE_RECORD_INVALID' });
    expect(await store.get('stock', line.id)).toMatchObject({ version: 2, data: { reserved: 24 } });
  });
});
