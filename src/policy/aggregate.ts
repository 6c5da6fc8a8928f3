// Counting records per group for an aggregate-only answer, and withholding the groups that are too small — together
// with enough others that a withheld number cannot be worked out by subtracting the published ones from a total.
// Pure: records in, table out. The table never holds a record, an id, or a number below the minimum.
import type { AggregateCell, AggregateTable, GroupValue } from './aggregate-table.ts';

export interface AggregateSpec {
  readonly groupBy: readonly string[];
  readonly sum: readonly string[];
  readonly minimumCellSize: number;
}

/** A group before suppression: its values, how many records fall in it and the totals of the summed fields. */
export interface RawCell {
  readonly values: readonly GroupValue[];
  count: number;
  sums: Record<string, number>;
}

/** The value at a path already split into keys (valueAt splits on every call; a count reads millions). */
function valueAtKeys(value: unknown, keys: readonly string[]): unknown {
  let v = value;
  for (const key of keys) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    v = Object.hasOwn(v, key) ? (v as Record<string, unknown>)[key] : undefined;
  }
  return v;
}

const groupValueOf = (x: unknown): GroupValue => (typeof x === 'string' || typeof x === 'boolean' ? x : null);

/** The values a record has for one grouping field: a list counts the record once under each distinct value. */
function groupValuesOf(data: unknown, keys: readonly string[]): GroupValue[] {
  const v = valueAtKeys(data, keys);
  if (!Array.isArray(v)) return [groupValueOf(v)];
  if (v.length === 0) return [null];
  return v.length === 1 ? [groupValueOf(v[0])] : [...new Set(v.map(groupValueOf))];
}

/**
 * One value as part of a map key: typed, so that the text "true" and the yes/no true stay apart, and a string quoted
 * as JSON, so that no value can contain the separator.
 */
const keyPart = (v: GroupValue) => (v === null ? 'n' : typeof v === 'boolean' ? (v ? 'T' : 'F') : JSON.stringify(v));

const keyOf = (values: readonly GroupValue[]) => JSON.stringify(values);

/** Count records (already masked and scoped by the decision) into groups; cells in key order. */
export function countGroups(records: Iterable<{ readonly data: unknown }>, spec: Pick<AggregateSpec, 'groupBy' | 'sum'>): RawCell[] {
  const cells = new Map<string, RawCell>();
  const groupKeys = spec.groupBy.map((p) => p.split('.'));
  const sumKeys = spec.sum.map((p) => [p, p.split('.')] as const);
  const dims = groupKeys.length;
  const lists: GroupValue[][] = new Array(dims);
  const values: GroupValue[] = new Array(dims);
  let data: unknown;
  // Every combination of the record's values, one per dimension; a record is counted once in each.
  const visit = (dim: number, key: string): void => {
    if (dim === dims) {
      let cell = cells.get(key);
      if (!cell) {
        cell = { values: [...values], count: 0, sums: Object.fromEntries(spec.sum.map((s) => [s, 0])) };
        cells.set(key, cell);
      }
      cell.count++;
      for (const [name, keys] of sumKeys) {
        const n = valueAtKeys(data, keys);
        if (typeof n === 'number' && Number.isFinite(n)) cell.sums[name]! += n;
      }
      return;
    }
    for (const v of lists[dim]!) {
      values[dim] = v;
      visit(dim + 1, dim === 0 ? keyPart(v) : `${key}\u0000${keyPart(v)}`);
    }
  };
  for (const r of records) {
    data = r.data;
    for (let d = 0; d < dims; d++) lists[d] = groupValuesOf(data, groupKeys[d]!);
    visit(0, '');
  }
  return inKeyOrder(cells.values());
}

/** Cells in the order of their values' JSON text: the order of every table, wherever its groups were counted. */
export function inKeyOrder(cells: Iterable<RawCell>): RawCell[] {
  return [...cells]
    .map((c) => [keyOf(c.values), c] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, c]) => c);
}

/**
 * Whether the withheld cells of one line are safe with the line's total known: at least two of them, holding together
 * at least `minimum + k - 2` records. Then, each cell being at least 1, every value from 1 to minimum − 1 of any one
 * of them is consistent with the rest — the subtraction tells nothing the word "withheld" did not.
 */
function lineProtected(hidden: readonly RawCell[], minimum: number): boolean {
  if (hidden.length === 0) return true;
  const held = hidden.reduce((n, c) => n + c.count, 0);
  return hidden.length >= 2 && held >= minimum + hidden.length - 2;
}

/** The cells sharing every value but the one of dimension `dim`, for each such line. */
function linesAlong(cells: readonly RawCell[], dim: number): RawCell[][] {
  const lines = new Map<string, RawCell[]>();
  for (const c of cells) {
    const key = keyOf(c.values.filter((_, i) => i !== dim));
    const line = lines.get(key) ?? [];
    line.push(c);
    lines.set(key, line);
  }
  return [...lines.values()];
}

/**
 * Primary suppression (cells under the minimum), then complementary suppression along every line of every dimension,
 * smallest cells first, until each line with a withheld cell is protected or wholly withheld; repeated until nothing
 * changes, since withholding along one dimension can open a line of another. When the table as a whole cannot be
 * protected, no group is listed at all.
 */
export function suppressCells(raw: readonly RawCell[], spec: AggregateSpec): Pick<AggregateTable, 'cells' | 'withheldCells' | 'tableWithheld'> {
  const m = spec.minimumCellSize;
  const hidden = new Set<RawCell>(raw.filter((c) => c.count < m));
  const dims = spec.groupBy.length;
  for (let changed = hidden.size > 0; changed; ) {
    changed = false;
    for (let d = 0; d < dims; d++) {
      for (const line of linesAlong(raw, d)) {
        const withheld = line.filter((c) => hidden.has(c));
        if (withheld.length === 0) continue;
        const open = line.filter((c) => !hidden.has(c)).sort((a, b) => a.count - b.count);
        while (!lineProtected(withheld, m) && open.length > 0) {
          const next = open.shift()!;
          hidden.add(next);
          withheld.push(next);
          changed = true;
        }
      }
    }
  }
  if (hidden.size > 0 && hidden.size === raw.length && !lineProtected(raw, m)) {
    return { cells: [], withheldCells: raw.length, tableWithheld: true };
  }
  const cells: AggregateCell[] = raw.map((c) =>
    hidden.has(c)
      ? { values: [...c.values], status: 'withheld' }
      : { values: [...c.values], status: 'published', count: c.count, ...(spec.sum.length > 0 ? { sums: { ...c.sums } } : {}) },
  );
  return { cells, withheldCells: hidden.size, tableWithheld: false };
}

/**
 * The aggregate answer from groups already counted (here by `countGroups`, or by the store's GROUP BY), in any order:
 * ordered, then small groups withheld.
 */
export function aggregateTable(groups: Iterable<RawCell>, spec: AggregateSpec): AggregateTable {
  const raw = inKeyOrder(groups);
  return { groupBy: [...spec.groupBy], sum: [...spec.sum], minimumCellSize: spec.minimumCellSize, ...suppressCells(raw, spec) };
}

/** The aggregate answer for records the decision let through: counts per group, small groups withheld. */
export function aggregateRecords(records: Iterable<{ readonly data: unknown }>, spec: AggregateSpec): AggregateTable {
  return aggregateTable(countGroups(records, spec), spec);
}

/**
 * The groups of a table whose value in dimension `dim` passes `keep`, withheld ones included, counted again. The
 * table is suppressed first and selected after, so a narrower query shows each group exactly as the whole table does:
 * comparing answers for different selections tells nothing the whole table does not.
 */
export function selectCells(table: AggregateTable, dim: number, keep: (value: GroupValue) => boolean): AggregateTable {
  const cells = table.cells.filter((c) => keep(c.values[dim] ?? null));
  return { ...table, cells, withheldCells: table.tableWithheld ? table.withheldCells : cells.filter((c) => c.status === 'withheld').length };
}
