// Several providers' aggregates as one table, honestly: a group withheld by any provider stays withheld in the total
// (adding the others' counts would give a number that is neither the total nor safe), a provider that withheld its
// whole table or grouped differently is left out and named, and nothing is estimated.
import type { MessageCode, MessageParams } from '../i18n/index.ts';
import type { AggregateCell, AggregateTable, GroupValue } from '../policy/aggregate-table.ts';

export interface ProviderAggregate {
  provider: string;
  table: AggregateTable;
}

export type ExcludedProvider =
  | { provider: string; reason: 'table-withheld' }
  | { provider: string; reason: 'other-grouping'; groupBy: string[]; sum: string[] };

export interface MergedAggregate {
  groupBy: string[];
  sum: string[];
  /** The largest minimum of the providers included: no published total rests on a smaller group of any of them. */
  minimumCellSize: number;
  cells: AggregateCell[];
  withheldCells: number;
  /** Providers whose tables are added up, in the order given. */
  included: string[];
  /** Providers whose tables are not in the totals, and why. */
  excluded: ExcludedProvider[];
}

const keyOf = (values: readonly GroupValue[]) => JSON.stringify(values);
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Merge aggregates; the grouping is that of the first provider that published a table. Undefined when none did. */
export function mergeAggregates(parts: readonly ProviderAggregate[]): MergedAggregate | undefined {
  const reference = parts.find((p) => !p.table.tableWithheld)?.table;
  const excluded: ExcludedProvider[] = [];
  const included: ProviderAggregate[] = [];
  for (const p of parts) {
    if (p.table.tableWithheld) excluded.push({ provider: p.provider, reason: 'table-withheld' });
    else if (!reference || !sameList(p.table.groupBy, reference.groupBy) || !sameList(p.table.sum, reference.sum)) {
      excluded.push({ provider: p.provider, reason: 'other-grouping', groupBy: [...p.table.groupBy], sum: [...p.table.sum] });
    } else included.push(p);
  }
  if (!reference) return undefined;

  const merged = new Map<string, AggregateCell>();
  for (const { table } of included) {
    for (const cell of table.cells) {
      const key = keyOf(cell.values);
      const held = merged.get(key);
      if (cell.status === 'withheld' || held?.status === 'withheld') {
        merged.set(key, { values: [...cell.values], status: 'withheld' });
        continue;
      }
      if (!held) {
        merged.set(key, { ...cell, values: [...cell.values], ...(cell.sums ? { sums: { ...cell.sums } } : {}) });
        continue;
      }
      // A provider that lists no such group has no record in it: its part of the total is zero, not unknown.
      const sums = held.sums ? { ...held.sums } : undefined;
      if (sums && cell.sums) for (const [k, v] of Object.entries(cell.sums)) sums[k] = (sums[k] ?? 0) + v;
      merged.set(key, { values: held.values, status: 'published', count: held.count + cell.count, ...(sums ? { sums } : {}) });
    }
  }
  const cells = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
  return {
    groupBy: [...reference.groupBy],
    sum: [...reference.sum],
    minimumCellSize: Math.max(...included.map((p) => p.table.minimumCellSize)),
    cells,
    withheldCells: cells.filter((c) => c.status === 'withheld').length,
    included: included.map((p) => p.provider),
    excluded,
  };
}

/** Why a provider is not in the totals, for `message(code, params, lang)`. */
export function exclusionMessage(e: ExcludedProvider, node: string): { code: MessageCode; params: MessageParams } {
  return e.reason === 'table-withheld'
    ? { code: 'STATISTICS_MERGE_TABLE_WITHHELD', params: { node } }
    : { code: 'STATISTICS_MERGE_OTHER_GROUPING', params: { node, groupBy: e.groupBy.join(', ') } };
}
