import { describe, expect, it } from 'vitest';
import type { NeedLine, StockView } from '../types.ts';
import { careSources, needsAgainstStock } from './needs-table.ts';

const need = (areaCode: string, category: 'blanket' | 'food', quantity: number): NeedLine => ({
  id: `${areaCode}-${category}-${quantity}`, receiver: 'r',
  demand: { origin: 'push-estimate', destination: { type: 'shelter', id: 's' }, areaCode, item: { category }, quantity, unit: category === 'food' ? 'meal' : 'piece', neededBy: '2024-01-13T12:00:00+09:00', priority: 'normal' },
});
const stock = (category: 'blanket' | 'food', quantity: number, reserved = 0): StockView => ({
  node: 'n', id: `${category}-${quantity}`, version: 1,
  data: { heldAt: { type: 'facility', id: 'd' }, areaCode: '172014', item: { category }, quantity, reserved, unit: category === 'food' ? 'meal' : 'piece' },
});

describe('needs against stock', () => {
  it('sums needs per area and item against shippable stock, the largest shortage first', () => {
    const rows = needsAgainstStock([need('172022', 'blanket', 300), need('172022', 'blanket', 50), need('172049', 'food', 100)], [stock('blanket', 200, 20), stock('food', 500)]);
    expect(rows).toEqual([
      { areaCode: '172022', category: 'blanket', unit: 'piece', needed: 350, stock: 180, short: 170 },
      { areaCode: '172049', category: 'food', unit: 'meal', needed: 100, stock: 500, short: 0 },
    ]);
  });
});

describe('care-count sources', () => {
  it('lists the nodes that counted shelters first, each withheld cell by shelter and kind, and marks a table grouped otherwise unusable', () => {
    const rows = careSources([
      { node: 'tiny', shelters: 0, minimumCellSize: 3, withheld: [], tableWithheld: true },
      { node: 'city', shelters: 2, minimumCellSize: 3, withheld: [{ shelterId: 's2', need: 'infant' }, { shelterId: 's1', need: 'food-allergy' }], tableWithheld: false },
      { node: 'other', shelters: 0, minimumCellSize: 5, withheld: [], tableWithheld: false, groupedBy: ['areaCode', 'care.needs'] },
    ]);
    expect(rows.map((r) => [r.node, r.shelters, r.tableWithheld, r.unusable])).toEqual([['city', 2, false, false], ['other', 0, false, true], ['tiny', 0, true, false]]);
    expect(rows[0]!.withheld).toEqual([{ shelterId: 's1', need: 'food-allergy' }, { shelterId: 's2', need: 'infant' }]);
    expect(careSources(undefined)).toEqual([]);
  });
});
