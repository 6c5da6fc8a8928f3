// What one unit of each item the application plans weighs and takes up as packed for transport: the table the
// transport-capacity model uses when a stock line does not state its own `unitLoad`. Data with the basis of each
// figure; almost all are Tsunagu's estimates from typical retail packs, to be replaced by a holder's own figures.
import type { Stock, StockCategory, StockUnit } from '../../model/index.ts';

/**
 * `physical`: follows from the unit itself (a litre of water weighs a kilogram); `estimate`: Tsunagu's estimate from
 * typical packs sold in Japan (weights and case sizes as printed on packs, rounded up for cases and pallets).
 */
export type LoadFigureKind = 'physical' | 'estimate';

export interface ItemLoad {
  category: StockCategory;
  unit: StockUnit;
  /** Gross kilograms per unit, packaging included. */
  kg: number;
  /** Litres per unit as packed (cases, not pallets). */
  litres: number;
  kind: LoadFigureKind;
  basis: string;
}

/** The basic eight push items, water and what the demo's holders stock, in the units they are counted in. */
export const itemLoads: readonly ItemLoad[] = [
  { category: 'drinking-water', unit: 'litre', kg: 1.04, litres: 1.75, kind: 'physical', basis: 'water 1 kg/L; a case of 6 × 2 L PET bottles ≈ 12.5 kg, ≈ 32 × 21 × 31 cm (≈ 21 L for 12 L)' },
  { category: 'food', unit: 'meal', kg: 0.25, litres: 0.7, kind: 'estimate', basis: 'a mix of cooked-rice packs (200 g + tray ≈ 0.22 kg, ≈ 0.4 L), long-life crackers and cup noodles (≈ 0.1 kg but ≈ 1 L); cases included' },
  { category: 'allergy-friendly-food', unit: 'meal', kg: 0.14, litres: 0.45, kind: 'estimate', basis: 'instant (alpha) rice: 100 g dry in a stand-up bag ≈ 0.12 kg; a case of 50 ≈ 7 kg, ≈ 22 L' },
  { category: 'infant-formula', unit: 'kg', kg: 1.3, litres: 3.5, kind: 'estimate', basis: '800 g cans ≈ 1.0 kg gross, ≈ 12.7 cm across × 17.5 cm (≈ 2.8 L packed) per 0.8 kg' },
  { category: 'infant-formula', unit: 'litre', kg: 1.15, litres: 1.4, kind: 'estimate', basis: 'liquid formula in 200–240 mL bottles or cans, 24 to a case' },
  { category: 'baby-diaper', unit: 'piece', kg: 0.035, litres: 0.3, kind: 'estimate', basis: 'a pack of 60 M-size diapers ≈ 2.1 kg, ≈ 38 × 25 × 19 cm (≈ 18 L)' },
  { category: 'adult-diaper', unit: 'piece', kg: 0.11, litres: 1.3, kind: 'estimate', basis: 'a pack of 20 tape-type adult diapers ≈ 2.2 kg, ≈ 42 × 30 × 21 cm (≈ 26 L)' },
  { category: 'portable-toilet', unit: 'use', kg: 0.06, litres: 0.2, kind: 'estimate', basis: 'a box of 50 portable-toilet sets (bag and absorbent) ≈ 3 kg, ≈ 10 L' },
  { category: 'toilet-paper', unit: 'roll', kg: 0.18, litres: 1.5, kind: 'estimate', basis: 'a 12-roll pack (single, 55 m) ≈ 2.2 kg; a roll ≈ 11.4 cm wide and across' },
  { category: 'menstrual-product', unit: 'piece', kg: 0.011, litres: 0.09, kind: 'estimate', basis: 'a pack of 28 day pads ≈ 0.3 kg, ≈ 2.5 L' },
  { category: 'blanket', unit: 'piece', kg: 1.6, litres: 8, kind: 'estimate', basis: 'a single blanket ≈ 1.5 kg; ≈ 4 L vacuum-packed, ≈ 15 L folded: the table takes the middle' },
];

/** The weight and volume the capacity model uses for one unit, and where they come from. */
export type UnitLoad =
  | { source: 'stock-line'; kg: number; litres: number | undefined }
  | { source: 'table'; kg: number; litres: number; kind: LoadFigureKind }
  | { source: 'unknown' };

const tableIndex = new Map(itemLoads.map((l) => [`${l.category}\u0000${l.unit}`, l]));

/** The line's own `unitLoad` first (its volume from the table when it gives only a weight), then the table. */
export function unitLoadOf(stock: Pick<Stock, 'item' | 'unit' | 'unitLoad'>): UnitLoad {
  const row = tableIndex.get(`${stock.item.category}\u0000${stock.unit}`);
  if (stock.unitLoad !== undefined) return { source: 'stock-line', kg: stock.unitLoad.kg, litres: stock.unitLoad.litres ?? row?.litres };
  if (row !== undefined) return { source: 'table', kg: row.kg, litres: row.litres, kind: row.kind };
  return { source: 'unknown' };
}
