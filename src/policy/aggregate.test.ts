import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateRecords, countGroups, suppressCells, type RawCell } from './aggregate.ts';
import type { AggregateTable } from './aggregate-table.ts';

const spec1 = (m: number) => ({ groupBy: ['areaCode'], sum: [], minimumCellSize: m });
const person = (areaCode: string, needs: string[] = []) => ({ data: { areaCode, care: { needs } } });
const many = (n: number, areaCode: string, needs: string[] = []) => Array.from({ length: n }, () => person(areaCode, needs));
const published = (t: AggregateTable) => t.cells.filter((c) => c.status === 'published');

describe('countGroups', () => {
  it('counts a record once under each distinct value of a list, and a record without a value under null', () => {
    const cells = countGroups(
      [person('172022', ['dialysis', 'bedridden']), person('172022', ['dialysis']), person('172022', []), { data: { areaCode: '172022', care: {} } }],
      { groupBy: ['areaCode', 'care.needs'], sum: [] },
    );
    expect(cells.map((c) => [c.values, c.count])).toEqual([
      [['172022', 'bedridden'], 1],
      [['172022', 'dialysis'], 2],
      [['172022', null], 2],
    ]);
  });

  it('totals a numeric field per group and ignores values that are not finite numbers', () => {
    const stock = [
      { data: { areaCode: '172022', quantity: 10 } },
      { data: { areaCode: '172022', quantity: 5 } },
      { data: { areaCode: '172022', quantity: 'many' } },
    ];
    expect(countGroups(stock, { groupBy: ['areaCode'], sum: ['quantity'] })).toEqual([{ values: ['172022'], count: 3, sums: { quantity: 15 } }]);
  });
});

describe('aggregateRecords', () => {
  it('withholds a small group together with the next smallest, so that a known total does not give it away', () => {
    const t = aggregateRecords([...many(2, '172022'), ...many(6, '172049'), ...many(40, '172014')], spec1(5));
    expect(t.cells).toEqual([
      { values: ['172014'], status: 'published', count: 40 },
      { values: ['172022'], status: 'withheld' },
      { values: ['172049'], status: 'withheld' },
    ]);
    expect(t).toMatchObject({ withheldCells: 2, tableWithheld: false, minimumCellSize: 5 });
  });

  it('publishes every group when none is under the minimum', () => {
    const t = aggregateRecords([...many(5, '172022'), ...many(7, '172049')], spec1(5));
    expect(t.cells.map((c) => c.status)).toEqual(['published', 'published']);
    expect(t.withheldCells).toBe(0);
  });

  it('lists no group at all when the whole table is too small to protect', () => {
    const t = aggregateRecords([...many(1, '172022'), ...many(1, '172049'), ...many(2, '172014')], spec1(5));
    expect(t).toEqual({ groupBy: ['areaCode'], sum: [], minimumCellSize: 5, cells: [], withheldCells: 3, tableWithheld: true });
  });

  it('withholds the totals of a withheld group with its count', () => {
    const stock = [...Array.from({ length: 2 }, () => ({ data: { areaCode: '172022', quantity: 7 } })), ...Array.from({ length: 9 }, () => ({ data: { areaCode: '172049', quantity: 1 } })), ...Array.from({ length: 9 }, () => ({ data: { areaCode: '172014', quantity: 3 } }))];
    const t = aggregateRecords(stock, { groupBy: ['areaCode'], sum: ['quantity'], minimumCellSize: 5 });
    // Of two groups of nine, the first in key order completes the suppression.
    expect(t.cells.filter((c) => c.status === 'withheld')).toEqual([{ values: ['172014'], status: 'withheld' }, { values: ['172022'], status: 'withheld' }]);
    expect(published(t)).toEqual([{ values: ['172049'], status: 'published', count: 9, sums: { quantity: 9 } }]);
  });

  it('withholds along rows and columns of a two-way table until no line has a single withheld cell', () => {
    const records = [
      ...many(20, '172022', ['dialysis']), ...many(2, '172022', ['bedridden']), ...many(30, '172022', ['lives-alone']),
      ...many(25, '172049', ['dialysis']), ...many(12, '172049', ['bedridden']), ...many(15, '172049', ['lives-alone']),
    ];
    const t = aggregateRecords(records, { groupBy: ['areaCode', 'care.needs'], sum: [], minimumCellSize: 5 });
    const withheld = t.cells.filter((c) => c.status === 'withheld').map((c) => c.values);
    // 172022/bedridden (2) is primary; 172022/dialysis completes its row, 172049/bedridden its column, and then
    // 172049/lives-alone the row of 172049 (which had one withheld cell).
    expect(withheld).toContainEqual(['172022', 'bedridden']);
    for (const dim of [0, 1]) {
      const lines = new Map<string, number>();
      for (const v of withheld) lines.set(String(v[1 - dim]), (lines.get(String(v[1 - dim])) ?? 0) + 1);
      for (const n of lines.values()) expect(n).toBeGreaterThanOrEqual(2);
    }
  });
});

/** Tables of one dimension: group sizes, and their records with ids that must never come out. */
const tableArb = fc.record({
  sizes: fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 12 }),
  minimum: fc.integer({ min: 3, max: 10 }),
});

function recordsOf(sizes: readonly number[]) {
  return sizes.flatMap((n, g) => Array.from({ length: n }, (_, i) => ({ id: `rec-${g}-${i}-x`, data: { areaCode: `area-${g}`, care: { needs: [] } } })));
}

describe('aggregate properties', () => {
  it('never answers with an id, a record or a published count under the minimum, and publishes true counts', () => {
    fc.assert(
      fc.property(tableArb, ({ sizes, minimum }) => {
        const records = recordsOf(sizes);
        const t = aggregateRecords(records, spec1(minimum));
        const text = JSON.stringify(t);
        expect(text).not.toContain('rec-');
        for (const c of published(t)) {
          expect(c.count).toBeGreaterThanOrEqual(minimum);
          expect(c.count).toBe(sizes[Number(String(c.values[0]).slice(5))]);
        }
        for (const c of t.cells) if (c.status === 'withheld') expect(Object.keys(c).sort()).toEqual(['status', 'values']);
      }),
    );
  });

  it('cannot be undone by subtraction in one dimension: with the total known, every withheld cell could be any count under the minimum', () => {
    fc.assert(
      fc.property(tableArb, ({ sizes, minimum }) => {
        const raw: RawCell[] = sizes.map((count, g) => ({ values: [`area-${g}`], count, sums: {} }));
        const t = { groupBy: ['areaCode'], sum: [], minimumCellSize: minimum, ...suppressCells(raw, spec1(minimum)) };
        if (t.tableWithheld) {
          expect(t.cells).toEqual([]);
          return;
        }
        // The attacker knows the true total (from a catalog count, say) and every published cell.
        const total = sizes.reduce((a, b) => a + b, 0);
        const hidden = t.cells.filter((c) => c.status === 'withheld').length;
        if (hidden === 0) return;
        const rest = total - published(t).reduce((a, c) => a + c.count, 0);
        // Each withheld cell holds at least one record. A value v of one of them is consistent when the others can
        // share what is left, at least one each.
        for (let v = 1; v < minimum; v++) expect(hidden >= 2 && rest - v >= hidden - 1).toBe(true);
      }),
    );
  });

  it('withholds every group under the minimum, whatever else it withholds', () => {
    fc.assert(
      fc.property(tableArb, ({ sizes, minimum }) => {
        const t = aggregateRecords(recordsOf(sizes), spec1(minimum));
        const shown = new Set(published(t).map((c) => c.values[0]));
        sizes.forEach((n, g) => {
          if (n < minimum) expect(shown.has(`area-${g}`)).toBe(false);
        });
      }),
    );
  });
});
