// Quantities on the logistics page as people read them: the number, and with its unit as running text says it.
import { stockUnits, type StockUnit } from '../../../model/codes.ts';

/** A quantity as people read it: grouped digits, at most three decimals (kilograms of formula), never float noise. */
export function quantityText(n: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', { maximumFractionDigits: 3 }).format(n);
}

/**
 * The English nouns of the units in running text. The code list's labels are headings ("Pieces"); after a number
 * English writes the noun in lower case and in the singular for one ("1 piece", "150 pieces", "1.5 kilograms").
 * Typed over every unit, so a unit added to the code list cannot be forgotten here.
 */
const englishUnitNouns: Record<StockUnit, { one: string; other: string }> = {
  litre: { one: 'litre', other: 'litres' },
  kg: { one: 'kilogram', other: 'kilograms' },
  meal: { one: 'meal', other: 'meals' },
  piece: { one: 'piece', other: 'pieces' },
  sheet: { one: 'sheet', other: 'sheets' },
  roll: { one: 'roll', other: 'rolls' },
  use: { one: 'use', other: 'uses' },
  set: { one: 'set', other: 'sets' },
  unit: { one: 'unit (machine)', other: 'units (machines)' },
};

const englishPlural = new Intl.PluralRules('en-GB');

const isStockUnit = (unit: string): unit is StockUnit => Object.hasOwn(stockUnits, unit);

/**
 * A quantity with its unit in running text: "150 個・本" in Japanese (the code list's label, unchanged), "150 pieces"
 * and "1 piece" in English. A unit the code list does not know is shown as its code.
 */
export function amountText(quantity: number, unit: string, lang: string): string {
  const n = quantityText(quantity, lang);
  if (!isStockUnit(unit)) return `${n} ${unit}`;
  if (lang === 'ja') return `${n} ${stockUnits[unit].ja}`;
  const noun = englishUnitNouns[unit];
  return `${n} ${englishPlural.select(quantity) === 'one' ? noun.one : noun.other}`;
}
