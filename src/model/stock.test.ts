import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allergens, stockCategories, stockUnits } from './codes.ts';
import { RecordEnvelopeSchemas, recordRuleProblems, type RecordDraft } from './record.ts';
import { StockSchema, stockProblems, type Stock } from './stock.ts';
import { validate } from './validate.ts';

const water: Stock = {
  heldAt: { type: 'facility', id: 'jp-172022-city:depot-01' },
  areaCode: '172022',
  location: { type: 'Point', coordinates: [136.9669, 37.0431] },
  item: { category: 'drinking-water', name: { ja: '保存水 2L（5年保存）' }, code: '4901234567894' },
  quantity: 12_000,
  unit: 'litre',
  reserved: 2_000,
  expiresOn: '2027-03-31',
};

const draft = (data: Stock): RecordDraft<'stock'> => ({
  id: 'jp-172022-city:depot-01:stock-water',
  type: 'stock',
  sourceNode: 'jp-172022-city',
  observedAt: '2024-01-01T09:00:00+09:00',
  quality: { level: 'reported' },
  lineage: [],
  data,
});

/** Schema and rules together, the way a writer of stock records checks a draft. */
function check(data: unknown): string[] {
  const r = validate(RecordEnvelopeSchemas.stock, { ...draft(data as Stock), version: 1, recordedAt: '2024-01-01T00:00:00Z' });
  if (!r.ok) return r.problems.map((p) => p.path);
  return recordRuleProblems(r.value).map((p) => p.path);
}

describe('stock records', () => {
  it('accept a depot’s water line and an allergy-friendly food line with no specified allergens', () => {
    expect(check(water)).toEqual([]);
    const food: Stock = {
      heldAt: { type: 'shelter', id: 'nanao-open-shelter-CC0000000504' },
      areaCode: '172022',
      item: { category: 'allergy-friendly-food', name: { ja: 'アルファ化米（特定原材料8品目不使用）' } },
      quantity: 50,
      unit: 'meal',
      allergens: { contains: [], note: '大豆を含む' },
    };
    expect(check(food)).toEqual([]);
    expect(check({ ...food, allergens: { contains: ['milk', 'wheat'] } })).toEqual([]);
  });

  it('accept an empty line (nothing left on hand) and a reservation of everything there is', () => {
    expect(check({ ...water, quantity: 0, reserved: 0 })).toEqual([]);
    expect(check({ ...water, reserved: water.quantity })).toEqual([]);
  });

  it('refuse a negative quantity or reservation, an unknown category or unit, and an unknown allergen', () => {
    expect(check({ ...water, quantity: -1 })).toEqual(['/data/quantity']);
    expect(check({ ...water, reserved: -5 })).toEqual(['/data/reserved']);
    expect(check({ ...water, item: { category: 'beer' } })).toContain('/data/item/category');
    expect(check({ ...water, unit: 'gallon' })).toContain('/data/unit');
    expect(check({ ...water, allergens: { contains: ['soy'] } })).toContain('/data/allergens/contains/0');
    expect(check({ ...water, allergens: { contains: ['egg', 'egg'] } })).toContain('/data/allergens/contains');
  });

  it('refuse a line with no holder, a holder of another record type, or no area code', () => {
    const { heldAt: _h, ...noHolder } = water;
    expect(check(noHolder)).toContain('/data/heldAt');
    expect(check({ ...water, heldAt: { type: 'person', id: 'x' } })).toContain('/data/heldAt/type');
    const { areaCode: _a, ...noArea } = water;
    expect(check(noArea)).toContain('/data/areaCode');
    expect(check({ ...water, expiresOn: '2027-02-30' })).toEqual(['/data/expiresOn']);
  });

  it('refuse more reserved than on hand, naming the reserved field', () => {
    expect(validate(StockSchema, { ...water, reserved: 12_001 }).ok).toBe(true);
    expect(check({ ...water, reserved: 12_001 })).toEqual(['/data/reserved']);
    expect(stockProblems({ quantity: 3, reserved: 4 })[0]).toEqual({ path: '/reserved', message: 'Expected reserved (4) to be at most quantity (3)' });
  });

  it('find no rule problems in record types that have no rules beyond their schema', () => {
    expect(recordRuleProblems({ type: 'facility', data: {} })).toEqual([]);
  });

  it('accept exactly the lines whose quantities are non-negative with reserved within them, for any category and unit', () => {
    const amount = fc.oneof(fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -10, max: 10 }));
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(stockCategories)),
        fc.constantFrom(...Object.keys(stockUnits)),
        amount,
        fc.option(amount, { nil: undefined }),
        fc.subarray(Object.keys(allergens)),
        (category, unit, quantity, reserved, contains) => {
          const { reserved: _r, ...base } = water;
          const line = { ...base, item: { category }, unit, quantity, allergens: { contains }, ...(reserved === undefined ? {} : { reserved }) };
          const sound = quantity >= 0 && (reserved === undefined || (reserved >= 0 && reserved <= quantity));
          expect(check(line).length === 0).toBe(sound);
        },
      ),
    );
  });
});
