import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ShipmentState } from '../../../model/codes.ts';
import type { StoredShipment } from '../types.ts';
import { BOARD_STATES, boardByPlan, foldedGroup, itemsPhrase, SHOWN_BEFORE_FOLD, suppliedBy } from './shipment-board.ts';

function order(orderId: string, planId: string, state: ShipmentState, updatedAt: string, to = 'shelter-a', supplier = 'depot-node'): StoredShipment {
  return {
    orderId, planId, state, updatedAt, requester: 'pref', supplier, receiver: 'city', areaCode: '172022', stockId: 's1', stockVersion: 1,
    shipment: {
      from: { type: 'facility', id: 'depot' }, to: { type: 'shelter', id: to },
      lines: [{ category: 'food', quantity: 10, unit: 'meal' }], status: { state: 'planned', at: updatedAt },
    } as StoredShipment['shipment'],
  };
}

describe('the shipment board', () => {
  it('groups orders by plan, newest change first, and by state in the order an order moves', () => {
    const groups = boardByPlan([
      order('p1.0', 'p1', 'committed', '2024-01-02T10:00:00+09:00'),
      order('p2.0', 'p2', 'planned', '2024-01-03T09:00:00+09:00'),
      order('p1.1', 'p1', 'planned', '2024-01-02T09:00:00+09:00'),
      order('p1.2', 'p1', 'declined', '2024-01-02T11:00:00+09:00'),
    ], (s) => s.shipment.to.id);
    expect(groups.map((g) => g.planId)).toEqual(['p2', 'p1']);
    expect(groups[1]!.states.map((s) => [s.state, s.shipments.map((x) => x.orderId)])).toEqual([['planned', ['p1.1']], ['committed', ['p1.0']], ['declined', ['p1.2']]]);
    expect(groups[1]!.updatedAt).toBe('2024-01-02T11:00:00+09:00');
    expect(groups[1]!.total).toBe(3);
  });

  it('orders a state’s orders by the key the page gives (the destination’s name), then by order id', () => {
    const [g] = boardByPlan([order('p.2', 'p', 'planned', '2024-01-02T09:00:00Z', 'b'), order('p.1', 'p', 'planned', '2024-01-02T09:00:00Z', 'b'), order('p.3', 'p', 'planned', '2024-01-02T09:00:00Z', 'a')], (s) => s.shipment.to.id);
    expect(g!.states[0]!.shipments.map((s) => s.orderId)).toEqual(['p.3', 'p.1', 'p.2']);
  });

  it('compares change times as instants, whatever their offsets', () => {
    const groups = boardByPlan([order('a.0', 'a', 'planned', '2024-01-02T09:30:00+09:00'), order('b.0', 'b', 'planned', '2024-01-02T01:00:00Z')], () => '');
    expect(groups.map((g) => g.planId)).toEqual(['b', 'a']);
  });

  it('loses no order and counts each state’s orders', () => {
    const state = fc.constantFrom(...BOARD_STATES);
    const arb = fc.array(fc.record({ plan: fc.constantFrom('p', 'q', 'r'), state, minute: fc.integer({ min: 0, max: 59 }) }), { maxLength: 40 });
    fc.assert(
      fc.property(arb, (raw) => {
        const items = raw.map((r, i) => order(`${r.plan}.${i}`, r.plan, r.state, `2024-01-02T09:${String(r.minute).padStart(2, '0')}:00+09:00`));
        const groups = boardByPlan(items, (s) => s.orderId);
        const shown = groups.flatMap((g) => g.states.flatMap((s) => s.shipments.map((x) => x.orderId)));
        expect(shown.sort()).toEqual(items.map((s) => s.orderId).sort());
        for (const g of groups) {
          expect(g.states.reduce((n, s) => n + s.shipments.length, 0)).toBe(g.total);
          for (const s of g.states) for (const x of s.shipments) expect(x.state).toBe(s.state);
        }
      }),
    );
  });

  it('folds a long group after the first few, says how many are folded, and shows all when unfolded', () => {
    const many = Array.from({ length: 248 }, (_, i) => i);
    expect(foldedGroup(many, false)).toEqual({ visible: many.slice(0, SHOWN_BEFORE_FOLD), hidden: 248 - SHOWN_BEFORE_FOLD });
    expect(foldedGroup(many, true)).toEqual({ visible: many, hidden: 0 });
  });

  it('never folds a single order away behind a button', () => {
    const seven = Array.from({ length: SHOWN_BEFORE_FOLD + 1 }, (_, i) => i);
    expect(foldedGroup(seven, false).hidden).toBe(0);
    fc.assert(fc.property(fc.nat(300), fc.boolean(), (n, open) => {
      const { visible, hidden } = foldedGroup(Array.from({ length: n }, (_, i) => i), open);
      expect(visible.length + hidden).toBe(n);
      expect(hidden === 0 || hidden >= 2).toBe(true);
    }));
  });

  it('words an order’s items as its first two lines and counts the rest', () => {
    const words = (n: number) => `${n} more`;
    const join = (p: string[]) => p.join(', ');
    expect(itemsPhrase(['food 10 meals'], (l) => l, words, join)).toBe('food 10 meals');
    expect(itemsPhrase(['a', 'b', 'c', 'd'], (l) => l, words, join)).toBe('a, b, 2 more');
  });

  it('offers a bulk step for the orders this node supplies, not the ones it only receives', () => {
    const [g] = boardByPlan([order('p.0', 'p', 'planned', '2024-01-02T09:00:00Z'), order('p.1', 'p', 'planned', '2024-01-02T09:00:00Z', 'x', 'other')], () => '');
    expect(suppliedBy(g!.states[0]!, 'depot-node')).toBe(1);
  });
});
