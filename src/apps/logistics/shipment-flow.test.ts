import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validate, type Shipment, type ShipmentStatus } from '../../model/index.ts';
import { DispatchOrderSchema, dispatchOrderProblem, judgeUpdate, type DispatchOrder, type ShipmentUpdate, type StoredShipment } from './shipment-flow.ts';

const REQUESTER = 'jp-170003-ishikawa-pref';
const SUPPLIER = 'jp-cao-bousai';
const RECEIVER = 'jp-172022-nanao-city';

const shipment = (status: ShipmentStatus, quantity = 100): Shipment => ({
  supplier: SUPPLIER, from: { type: 'facility', id: 'depot' }, to: { type: 'shelter', id: 'shelter-1' },
  lines: [{ category: 'blanket', unit: 'piece', quantity, stock: 'depot:blanket' }], status,
});
const stored = (status: ShipmentStatus): StoredShipment => ({
  orderId: 'plan-1.0', planId: 'plan-1', requester: REQUESTER, supplier: SUPPLIER, receiver: RECEIVER, areaCode: '172022',
  stockId: 'depot:blanket', stockVersion: 1, state: status.state, shipment: shipment(status), updatedAt: '2024-01-12T00:00:00.000Z',
});
const update = (status: ShipmentStatus, quantity = 100): ShipmentUpdate => ({
  orderId: 'plan-1.0', planId: 'plan-1', requester: REQUESTER, receiver: RECEIVER, areaCode: '172022',
  stock: { id: 'depot:blanket', version: 1 }, shipment: shipment(status, quantity), by: 'someone',
});
const NOW = '2024-01-12T12:00:00.000Z';

describe('who may move a shipment where', () => {
  it('takes the supplier’s dispatch at the receiver seeing the shipment for the first time', () => {
    const v = judgeUpdate(undefined, update({ state: 'committed', at: '2024-01-12T09:00:00+09:00' }), SUPPLIER, RECEIVER, NOW);
    expect(v).toMatchObject({ kind: 'apply', created: true, next: { state: 'committed', receiver: RECEIVER } });
  });

  it('refuses progress reported by anyone but the supplier, and a receipt by anyone but the receiver', () => {
    const delivered = stored({ state: 'delivered', at: '2024-01-12T15:00:00+09:00' });
    expect(judgeUpdate(stored({ state: 'committed', at: '2024-01-12T09:00:00+09:00' }), update({ state: 'dispatched', at: '2024-01-12T10:00:00+09:00' }), REQUESTER, RECEIVER, NOW))
      .toMatchObject({ kind: 'refuse', status: 422, code: 'LOGISTICS_UPDATE_NOT_ALLOWED' });
    const receipt = update({ state: 'received', at: '2024-01-12T16:00:00+09:00', receipt: [{ line: 0, received: 100, damaged: 0, lost: 0 }] });
    expect(judgeUpdate(delivered, receipt, SUPPLIER, REQUESTER, NOW)).toMatchObject({ kind: 'refuse', code: 'LOGISTICS_UPDATE_NOT_ALLOWED' });
    expect(judgeUpdate(delivered, receipt, RECEIVER, REQUESTER, NOW)).toMatchObject({ kind: 'apply', next: { state: 'received' } });
  });

  it('refuses an update that changes what was ordered, or skips a state', () => {
    const committed = stored({ state: 'committed', at: '2024-01-12T09:00:00+09:00' });
    expect(judgeUpdate(committed, update({ state: 'dispatched', at: '2024-01-12T10:00:00+09:00' }, 500), SUPPLIER, REQUESTER, NOW)).toMatchObject({ code: 'LOGISTICS_UPDATE_MISMATCH' });
    expect(judgeUpdate(committed, update({ state: 'delivered', at: '2024-01-12T10:00:00+09:00' }), SUPPLIER, REQUESTER, NOW)).toMatchObject({ code: 'LOGISTICS_TRANSITION_REFUSED' });
  });

  it('keeps what it has when the same status comes again', () => {
    const s = { state: 'dispatched', at: '2024-01-12T10:00:00+09:00' } as const;
    expect(judgeUpdate(stored(s), update(s), SUPPLIER, REQUESTER, NOW).kind).toBe('unchanged');
  });

  it('keeps the place names it has when an update carries none, and takes them from the first update it sees', () => {
    const places = { from: { ja: '備蓄倉庫' }, to: { ja: '山王小学校', en: 'Sanno Elementary School' } };
    const committed = { ...stored({ state: 'committed', at: '2024-01-12T09:00:00+09:00' }), places };
    expect(judgeUpdate(committed, update({ state: 'dispatched', at: '2024-01-12T10:00:00+09:00' }), SUPPLIER, RECEIVER, NOW)).toMatchObject({ kind: 'apply', next: { places } });
    expect(judgeUpdate(undefined, { ...update({ state: 'committed', at: '2024-01-12T09:00:00+09:00' }), places }, SUPPLIER, RECEIVER, NOW)).toMatchObject({ kind: 'apply', next: { places } });
    const unnamed = judgeUpdate(undefined, update({ state: 'committed', at: '2024-01-12T09:00:00+09:00' }), SUPPLIER, RECEIVER, NOW);
    expect(unnamed.kind === 'apply' && unnamed.next).not.toHaveProperty('places');
  });

  it('takes place names in an order only as texts in Japanese or English', () => {
    const order: DispatchOrder = {
      ...update({ state: 'planned', at: '2024-01-12T08:00:00+09:00' }), approvedBy: 'someone', approvedAt: '2024-01-12T08:00:00+09:00',
    } as DispatchOrder;
    delete (order as { by?: string }).by;
    expect(validate(DispatchOrderSchema, { ...order, places: { to: { ja: '山王小学校' } } }).ok).toBe(true);
    for (const places of [{ to: {} }, { to: { fr: 'école' } }, { to: { ja: '' } }, { via: { ja: '七尾' } }, { to: 'Sanno' }]) {
      expect(validate(DispatchOrderSchema, { ...order, places }).ok, JSON.stringify(places)).toBe(false);
    }
  });

  it('refuses an update for a shipment this node takes no part in', () => {
    expect(judgeUpdate(undefined, update({ state: 'committed', at: '2024-01-12T09:00:00+09:00' }), SUPPLIER, 'jp-172049-wajima-city', NOW)).toMatchObject({ code: 'LOGISTICS_ORDER_NOT_OURS' });
  });

  it('closes a shipment only when received + damaged + lost equal what was shipped (property)', () => {
    const delivered = stored({ state: 'delivered', at: '2024-01-12T15:00:00+09:00' });
    fc.assert(
      fc.property(fc.nat({ max: 150 }), fc.nat({ max: 150 }), fc.nat({ max: 150 }), (received, damaged, lost) => {
        const v = judgeUpdate(delivered, update({ state: 'received', at: '2024-01-12T16:00:00+09:00', receipt: [{ line: 0, received, damaged, lost }] }), RECEIVER, SUPPLIER, NOW);
        expect(v.kind === 'apply').toBe(received + damaged + lost === 100);
      }),
    );
  });

  it('asks a dispatch order for one planned line drawn from the stock it names', () => {
    const order: DispatchOrder = { ...update({ state: 'planned', at: '2024-01-12T08:00:00+09:00' }), approvedBy: 'x', approvedAt: '2024-01-12T08:00:00+09:00' } as unknown as DispatchOrder;
    expect(dispatchOrderProblem(order)).toBeUndefined();
    expect(dispatchOrderProblem({ ...order, stock: { id: 'other', version: 1 } })).toMatch(/stock/);
    expect(dispatchOrderProblem({ ...order, shipment: shipment({ state: 'committed', at: '2024-01-12T08:00:00+09:00' }) })).toMatch(/planned/);
  });
});
