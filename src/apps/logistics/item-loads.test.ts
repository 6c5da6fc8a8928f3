import { describe, expect, it } from 'vitest';
import { validate, StockSchema, type Stock } from '../../model/index.ts';
import { logisticsHoldings } from '../../demo/logistics-holdings.ts';
import { demoParticipantByKey } from '../../demo/scenario.ts';
import { itemLoads, unitLoadOf } from './item-loads.ts';
import { pushStandards } from './push-standards.ts';

const stockOf = (category: Stock['item']['category'], unit: Stock['unit'], unitLoad?: Stock['unitLoad']): Stock => ({
  heldAt: { type: 'facility', id: 'depot-1' }, areaCode: '172022', item: { category }, quantity: 10, unit, ...(unitLoad ? { unitLoad } : {}),
});

describe('the table of unit loads', () => {
  it('gives a weight and a volume for every basic push item and every item the demo’s holders stock', () => {
    const wanted = [
      ...pushStandards.items.map((i) => ({ category: i.category, unit: i.unit })),
      ...Object.values(pushStandards.care).map((c) => ({ category: c.category, unit: c.unit })),
      ...(['prefectural-depot', 'retail-stores'] as const).flatMap((h) =>
        logisticsHoldings(h, demoParticipantByKey(h === 'retail-stores' ? 'retailer' : 'ishikawa'), new Date('2024-01-05T00:00:00Z'))
          .flatMap((r) => (r.type === 'stock' ? [{ category: r.data.item.category, unit: r.data.unit }] : []))),
    ];
    for (const w of wanted) expect(unitLoadOf(stockOf(w.category, w.unit)), `${w.category} in ${w.unit}`).toMatchObject({ source: 'table' });
  });

  it('states each figure’s kind and basis, and no item twice in one unit', () => {
    const keys = new Set<string>();
    for (const l of itemLoads) {
      expect(l.kg).toBeGreaterThan(0);
      expect(l.litres).toBeGreaterThan(0);
      expect(l.basis.length).toBeGreaterThan(10);
      expect(keys.has(`${l.category}|${l.unit}`)).toBe(false);
      keys.add(`${l.category}|${l.unit}`);
    }
  });

  it('lets a stock line’s own unit load override the table, its volume falling back to the table’s', () => {
    expect(unitLoadOf(stockOf('blanket', 'piece', { kg: 2.4, litres: 5 }))).toEqual({ source: 'stock-line', kg: 2.4, litres: 5 });
    expect(unitLoadOf(stockOf('blanket', 'piece', { kg: 2.4 }))).toEqual({ source: 'stock-line', kg: 2.4, litres: 8 });
  });

  it('says the load is unknown for an item the table does not hold, rather than guessing', () => {
    expect(unitLoadOf(stockOf('generator', 'unit'))).toEqual({ source: 'unknown' });
  });

  it('refuses a stock line whose unit load is not a positive weight', () => {
    for (const unitLoad of [{ kg: 0 }, { kg: -1 }, { litres: 3 }, { kg: 1, litres: 0 }, { kg: 1, pallets: 2 }]) {
      const v = validate(StockSchema, { ...stockOf('blanket', 'piece'), unitLoad });
      expect(v.ok, JSON.stringify(unitLoad)).toBe(false);
      if (!v.ok) expect(v.problems.some((p) => p.path.startsWith('/unitLoad'))).toBe(true);
    }
  });
});
