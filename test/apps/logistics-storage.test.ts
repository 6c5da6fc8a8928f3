// The logistics application's tables on every backend, through the database handle the node gives it: its migration
// applies once and again changes nothing; a dispatch order delivered twice is kept once; commitments on one stock line
// racing each other never take more than its newest count can ship, and a second commitment of one order is refused;
// random interleavings of orders, redeliveries, recounts and commitments keep the ledger whole (property).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logisticsApplication } from '../../src/apps/logistics/application.ts';
import type { StoredShipment } from '../../src/apps/logistics/shipment-flow.ts';
import { logisticsStorage, receiveOrder, type LogisticsStorage, type ShipmentChange } from '../../src/apps/logistics/storage.ts';
import { advanceShipment, type RecordDraft } from '../../src/model/index.ts';
import type { Store } from '../../src/store/types.ts';
import { backends, backendRuns, openTestStore } from '../store/support/backends.ts';

const DEPOT = 'jp-cao-bousai';
const REQUESTER = 'jp-170003-ishikawa-pref';

const stockRecord = (id: string, quantity: number, observedAt: string): RecordDraft<'stock'> => ({
  id, type: 'stock', sourceNode: DEPOT, observedAt, quality: { level: 'reported' }, lineage: [{ activity: 'entry', at: observedAt }],
  data: { heldAt: { type: 'facility', id: 'depot' }, areaCode: '172022', item: { category: 'blanket' }, quantity, unit: 'piece' },
});

const order = (orderId: string, stockId: string, quantity: number): StoredShipment => ({
  orderId, planId: 'plan-x', requester: REQUESTER, supplier: DEPOT, receiver: 'jp-172022-nanao-city', areaCode: '172022', stockId, stockVersion: 1,
  state: 'planned', updatedAt: '2024-01-12T00:00:00.000Z',
  shipment: {
    supplier: DEPOT, from: { type: 'facility', id: 'depot' }, to: { type: 'shelter', id: 'shelter-1' },
    lines: [{ category: 'blanket', unit: 'piece', quantity, stock: stockId }], status: { state: 'planned', at: '2024-01-12T08:00:00+09:00' },
  },
});

/** The change a supplier's commit makes (as the shipment service builds it, without messages). */
const commitChange = (s: StoredShipment): ShipmentChange | { refuse: Record<string, string> } => {
  const moved = advanceShipment(s.shipment, { state: 'committed', at: '2024-01-12T09:00:00+09:00' });
  if (!moved.ok) return { refuse: { orderId: s.orderId, path: moved.problems[0]!.path, detail: moved.problems[0]!.message } };
  return { next: { ...s, state: 'committed', shipment: moved.value }, transition: { state: 'committed', at: '2024-01-12T09:00:00+09:00', by: 'test', node: DEPOT }, messages: [] };
};

describe.each(backends())('the logistics storage on $name', (backend) => {
  if (!backendRuns(backend)) return;

  let store: Store;
  let storage: LogisticsStorage;
  let n = 0;
  const fresh = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++n}`;

  async function arrive(s: StoredShipment) {
    const stock = (await store.get('stock', s.stockId))!;
    return store.transaction((tx) =>
      receiveOrder(tx.applicationSql, s, { state: 'planned', at: s.updatedAt, by: 'test', node: REQUESTER }, { stockId: stock.id, version: stock.version, observedAt: stock.observedAt, shippable: stock.data.quantity }),
    );
  }

  beforeAll(async () => {
    store = await openTestStore(backend);
    const app = logisticsApplication();
    await store.applications.migrate(app.id, app.migrations!);
    storage = logisticsStorage(store.applications.database(app.id), DEPOT);
  });
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  it('applies its migration once: a second run changes nothing', async () => {
    const again = await store.applications.migrate('logistics', logisticsApplication().migrations!);
    expect(again.applied).toEqual([]);
  });

  it('keeps a dispatch order delivered twice once, with one transition', async () => {
    const stockId = fresh('stock');
    await store.upsert([stockRecord(stockId, 100, '2024-01-12T08:00:00+09:00')]);
    const o = order(fresh('order'), stockId, 10);
    expect(await arrive(o)).toBe('received');
    expect(await arrive(o)).toBe('duplicate');
    expect(await storage.transitions(o.orderId)).toHaveLength(1);
  });

  it('lets racing commitments take no more than the newest count can ship, and refuses a second commitment of one order', async () => {
    const stockId = fresh('stock');
    await store.upsert([stockRecord(stockId, 200, '2024-01-12T08:00:00+09:00')]);
    const orders = [0, 1, 2, 3, 4].map(() => order(fresh('order'), stockId, 60));
    for (const o of orders) await arrive(o);
    // A recount after the orders arrived: the commitments draw on it, not on the figure the orders saw.
    await store.upsert([stockRecord(stockId, 130, '2024-01-12T10:00:00+09:00')]);
    const outcomes = await Promise.all(orders.map((o) => storage.commit(o.orderId, commitChange)));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(2);
    expect(outcomes.filter((o) => !o.ok).map((o) => !o.ok && o.code)).toEqual(['LOGISTICS_STOCK_INSUFFICIENT', 'LOGISTICS_STOCK_INSUFFICIENT', 'LOGISTICS_STOCK_INSUFFICIENT']);
    const again = await storage.commit(orders.find((_, i) => outcomes[i]!.ok)!.orderId, commitChange);
    expect(again).toMatchObject({ ok: false, code: 'LOGISTICS_TRANSITION_REFUSED' });
    const ledger = (await storage.ledger(stockId))!;
    expect(ledger.basis.shippable).toBe(130);
    expect(ledger.commitments.reduce((s, c) => s + c.quantity, 0)).toBe(120);
  });

  it('approves a plan once when two approvals race, queueing each order once', async () => {
    const planId = fresh('plan');
    const line = { line: 0, supplier: DEPOT, stockId: 's', stockVersion: 1, depot: { type: 'facility' as const, id: 'depot' }, receiver: 'jp-172022-nanao-city',
      destination: { type: 'shelter' as const, id: 'shelter-1' }, areaCode: '172022', demandId: 'd', category: 'blanket' as const, unit: 'piece' as const,
      quantity: 5, proposedQuantity: 5, minutes: 10, route: [] };
    await storage.savePlan({ id: planId, state: 'proposed', proposedAt: '2024-01-12T00:00:00.000Z', inputs: {}, result: {} }, [line]);
    const o = order(`${planId}.0`, 's', 5);
    const change = { next: o, transition: { state: 'planned' as const, at: o.updatedAt, by: 'A', node: REQUESTER },
      messages: [{ peer: DEPOT, peerUrl: 'http://depot.example/', kind: 'logistics-dispatch-order', idempotencyKey: `logistics-order:${o.orderId}`, payload: {}, createdAt: o.updatedAt }] };
    const outcomes = await Promise.all([storage.approve(planId, 'A', o.updatedAt, [change]), storage.approve(planId, 'B', o.updatedAt, [change])]);
    expect(outcomes.sort()).toEqual(['approved', 'not-proposed']);
    const queued = (await store.outbox.list({})).filter((m) => m.idempotencyKey === `logistics-order:${o.orderId}`);
    expect(queued).toHaveLength(1);
  });

  it('keeps the vehicles a plan line is assigned to, and none for a line without', async () => {
    const planId = fresh('plan');
    const base = { supplier: DEPOT, stockId: 's', stockVersion: 1, depot: { type: 'facility' as const, id: 'depot' }, receiver: 'jp-172022-nanao-city',
      destination: { type: 'shelter' as const, id: 'shelter-1' }, areaCode: '172022', demandId: 'd', category: 'blanket' as const, unit: 'piece' as const,
      quantity: 5, proposedQuantity: 5, minutes: 10, route: [] };
    const transport = { operator: 'jp-172022-noto-chuo-transport', vehicle: 'vehicles:small-trucks', vehicleClass: 'small-truck' as const, trips: 0.25, tripMinutes: 142 };
    await storage.savePlan({ id: planId, state: 'proposed', proposedAt: '2024-01-12T00:00:00.000Z', inputs: {}, result: {} }, [{ ...base, line: 0, transport }, { ...base, line: 1 }]);
    const lines = (await storage.plan(planId))!.lines;
    expect(lines[0]!.transport).toEqual(transport);
    expect(lines[1]).not.toHaveProperty('transport');
  });

  it('keeps the names of a shipment’s places from the order, and keeps them when a later change carries none', async () => {
    const stockId = fresh('stock');
    await store.upsert([stockRecord(stockId, 100, '2024-01-12T08:00:00+09:00')]);
    const named = { ...order(fresh('order'), stockId, 10), places: { from: { ja: '備蓄倉庫', en: 'Stockpile' }, to: { ja: '山王小学校' } } };
    expect(await arrive(named)).toBe('received');
    expect((await storage.shipment(named.orderId))?.places).toEqual(named.places);
    const { places: _dropped, ...withoutNames } = named;
    const committed = await storage.commit(named.orderId, () => commitChange(withoutNames));
    expect(committed.ok).toBe(true);
    expect((await storage.shipment(named.orderId))?.places).toEqual(named.places);
    const unnamed = order(fresh('order'), stockId, 5);
    await arrive(unnamed);
    expect(await storage.shipment(unnamed.orderId)).not.toHaveProperty('places');
  });

  it('refuses a commitment whose stock record is gone from the node', async () => {
    const o = order(fresh('order'), fresh('never-imported'), 5);
    await store.transaction((tx) => receiveOrder(tx.applicationSql, o, { state: 'planned', at: o.updatedAt, by: 'test', node: REQUESTER }, { stockId: o.stockId, version: 1, observedAt: '2024-01-12T08:00:00+09:00', shippable: 100 }));
    expect(await storage.commit(o.orderId, commitChange)).toMatchObject({ ok: false, code: 'LOGISTICS_STOCK_UNKNOWN' });
  });

  it('never commits more than the newest count, nor one order twice, whatever the interleaving (property)', async () => {
    type Step = { kind: 'order'; quantity: number } | { kind: 'redeliver'; which: number } | { kind: 'recount'; quantity: number } | { kind: 'commit'; which: number };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ kind: fc.constant('order' as const), quantity: fc.integer({ min: 1, max: 60 }) }),
      fc.record({ kind: fc.constant('redeliver' as const), which: fc.nat(10) }),
      fc.record({ kind: fc.constant('recount' as const), quantity: fc.integer({ min: 0, max: 150 }) }),
      fc.record({ kind: fc.constant('commit' as const), which: fc.nat(10) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 150 }), fc.array(step, { minLength: 1, maxLength: 12 }), async (initial, steps) => {
        const stockId = fresh('prop-stock');
        let hour = 8;
        await store.upsert([stockRecord(stockId, initial, `2024-01-12T0${hour}:00:00+09:00`)]);
        const orders: StoredShipment[] = [];
        const committed = new Set<string>();
        for (const s of steps) {
          if (s.kind === 'order') {
            const o = order(fresh('prop-order'), stockId, s.quantity);
            orders.push(o);
            await arrive(o);
          } else if (s.kind === 'redeliver' && orders.length > 0) {
            expect(await arrive(orders[s.which % orders.length]!)).toBe('duplicate');
          } else if (s.kind === 'recount') {
            hour = Math.min(hour + 1, 23);
            await store.upsert([stockRecord(stockId, s.quantity, `2024-01-12T${String(hour).padStart(2, '0')}:00:00+09:00`)]);
          } else if (s.kind === 'commit' && orders.length > 0) {
            const o = orders[s.which % orders.length]!;
            const r = await storage.commit(o.orderId, commitChange);
            if (r.ok) {
              expect(committed.has(o.orderId)).toBe(false);
              committed.add(o.orderId);
            }
            // Whatever happened, what is committed now fits the count it was taken against.
            const ledger = (await storage.ledger(stockId))!;
            const held = ledger.commitments.reduce((n, c) => n + c.quantity, 0);
            if (r.ok) expect(held).toBeLessThanOrEqual(ledger.basis.shippable);
          }
        }
        const rows = await storage.shipments({});
        expect(rows.filter((r) => r.stockId === stockId)).toHaveLength(orders.length);
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
