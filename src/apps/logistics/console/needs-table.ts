// Needs against stock for the console's table: needed per area and item, the shippable stock of that item in all the
// stock the nodes gave, and what is short — shortages first. Pure.
import { shippableQuantity } from '../../../model/stock.ts';
import type { CareCountSourceView, NeedLine, StockView } from '../types.ts';

export interface NeedsRow {
  areaCode: string;
  category: string;
  unit: string;
  needed: number;
  stock: number;
  short: number;
}

export function needsAgainstStock(needs: readonly NeedLine[], stock: readonly StockView[]): NeedsRow[] {
  const available = new Map<string, number>();
  for (const s of stock) {
    const key = `${s.data.item.category}|${s.data.unit}`;
    available.set(key, (available.get(key) ?? 0) + shippableQuantity(s.data));
  }
  const rows = new Map<string, NeedsRow>();
  for (const n of needs) {
    const key = `${n.demand.areaCode}|${n.demand.item.category}|${n.demand.unit}`;
    const row = rows.get(key) ?? { areaCode: n.demand.areaCode, category: n.demand.item.category, unit: n.demand.unit, needed: 0, stock: available.get(`${n.demand.item.category}|${n.demand.unit}`) ?? 0, short: 0 };
    row.needed += n.demand.quantity;
    rows.set(key, row);
  }
  return [...rows.values()]
    .map((r) => ({ ...r, short: Math.max(0, r.needed - r.stock) }))
    .sort((a, b) => b.short - a.short || b.needed - a.needed || a.areaCode.localeCompare(b.areaCode) || a.category.localeCompare(b.category));
}

/** One node's care counts for the page: how many shelters it counted, and each withheld cell by shelter and kind. */
export interface CareSourceRow {
  node: string;
  shelters: number;
  minimumCellSize: number;
  /** Shelter id and kind of care of each withheld cell, in a stable order. */
  withheld: { shelterId: string; need: string }[];
  tableWithheld: boolean;
  /** The node counted by other groups than the application asks: nothing of it is used. */
  unusable: boolean;
}

/** The care-count sources as the page lists them: nodes that counted shelters first, withheld cells sorted. */
export function careSources(care: readonly CareCountSourceView[] | undefined): CareSourceRow[] {
  return (care ?? [])
    .map((c) => ({
      node: c.node, shelters: c.shelters, minimumCellSize: c.minimumCellSize, tableWithheld: c.tableWithheld, unusable: c.groupedBy !== undefined,
      withheld: [...c.withheld].sort((a, b) => a.shelterId.localeCompare(b.shelterId) || a.need.localeCompare(b.need)),
    }))
    .sort((a, b) => b.shelters - a.shelters || a.node.localeCompare(b.node));
}
