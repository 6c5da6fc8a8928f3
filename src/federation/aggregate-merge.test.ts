import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { message } from '../i18n/index.ts';
import type { AggregateCell, AggregateTable } from '../policy/aggregate-table.ts';
import { exclusionMessage, mergeAggregates } from './aggregate-merge.ts';
import { nodeAggregateOf } from './federated-query.ts';
import type { FederationResult } from './client.ts';

const table = (cells: AggregateCell[], over: Partial<AggregateTable> = {}): AggregateTable => ({
  groupBy: ['areaCode'],
  sum: [],
  minimumCellSize: 5,
  cells,
  withheldCells: cells.filter((c) => c.status === 'withheld').length,
  tableWithheld: false,
  ...over,
});
const shown = (area: string, count: number): AggregateCell => ({ values: [area], status: 'published', count });
const hidden = (area: string): AggregateCell => ({ values: [area], status: 'withheld' });

describe('mergeAggregates', () => {
  it('adds published counts, counts a group a provider does not list as zero, and keeps a group withheld by anyone withheld', () => {
    const merged = mergeAggregates([
      { provider: 'nanao', table: table([shown('172022', 7), hidden('172049'), shown('172014', 9)]) },
      { provider: 'wajima', table: table([shown('172022', 5), shown('172049', 30)], { minimumCellSize: 10 }) },
    ]);
    expect(merged).toEqual({
      groupBy: ['areaCode'],
      sum: [],
      minimumCellSize: 10,
      cells: [shown('172014', 9), shown('172022', 12), hidden('172049')],
      withheldCells: 1,
      included: ['nanao', 'wajima'],
      excluded: [],
    });
  });

  it('leaves out and names a provider that withheld its whole table or grouped differently', () => {
    const merged = mergeAggregates([
      { provider: 'tiny', table: table([], { tableWithheld: true, withheldCells: 2 }) },
      { provider: 'nanao', table: table([shown('172022', 7)]) },
      { provider: 'other', table: table([shown('dialysis', 8)], { groupBy: ['care.needs'] }) },
    ]);
    expect(merged?.included).toEqual(['nanao']);
    expect(merged?.excluded).toEqual([
      { provider: 'tiny', reason: 'table-withheld' },
      { provider: 'other', reason: 'other-grouping', groupBy: ['care.needs'], sum: [] },
    ]);
    const m = exclusionMessage(merged!.excluded[1]!, '別の市');
    expect(message(m.code, m.params, 'en')).toContain('grouped differently (care.needs)');
  });

  it('adds the totals of summed fields', () => {
    const withSums = (count: number, quantity: number): AggregateCell => ({ values: ['172022'], status: 'published', count, sums: { quantity } });
    const merged = mergeAggregates([
      { provider: 'a', table: table([withSums(5, 100)], { sum: ['quantity'] }) },
      { provider: 'b', table: table([withSums(6, 20)], { sum: ['quantity'] }) },
    ]);
    expect(merged?.cells).toEqual([withSums(11, 120)]);
  });

  it('never publishes a group any provider withheld, and publishes exactly the sum of the published parts', () => {
    const areas = ['a', 'b', 'c', 'd'];
    const partArb = fc.array(fc.option(fc.integer({ min: 5, max: 50 }), { nil: undefined }), { minLength: areas.length, maxLength: areas.length }).map((counts) =>
      table(counts.flatMap((c, i) => (c === undefined ? (i % 2 === 0 ? [hidden(areas[i]!)] : []) : [shown(areas[i]!, c)]))),
    );
    fc.assert(
      fc.property(fc.array(partArb, { minLength: 1, maxLength: 4 }), (tables) => {
        const merged = mergeAggregates(tables.map((t, i) => ({ provider: `p${i}`, table: t })))!;
        for (const cell of merged.cells) {
          const parts = tables.map((t) => t.cells.find((c) => c.values[0] === cell.values[0]));
          if (parts.some((p) => p?.status === 'withheld')) expect(cell.status).toBe('withheld');
          else expect(cell).toMatchObject({ status: 'published', count: parts.reduce((n, p) => n + (p?.status === 'published' ? p.count : 0), 0) });
        }
      }),
    );
  });
});

describe('nodeAggregateOf', () => {
  const result = (aggregate: AggregateTable): FederationResult =>
    ({
      ok: true,
      status: 200,
      headers: new Headers(),
      verified: {},
      body: { aggregate, access: { requestId: 'r', decision: 'allow', purpose: 'statistics', purposeStated: true, retention: 'P90D', onwardSharing: false, grantedFields: [], maskedFields: [], reasons: [] } },
    }) as unknown as FederationResult;

  it('accepts a table that keeps to its own minimum', () => {
    expect(nodeAggregateOf(result(table([shown('172022', 5), hidden('172049')])), 'statistics').table.cells).toHaveLength(2);
  });

  it('refuses a table that publishes a count under its own minimum, or answers for another purpose', () => {
    expect(() => nodeAggregateOf(result(table([shown('172022', 4)])), 'statistics')).toThrow(/minimum cell size/);
    expect(() => nodeAggregateOf(result(table([shown('172022', 5)])), 'recovery')).toThrow(/decided for purpose statistics/);
  });
});
