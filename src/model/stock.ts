// Stock (物資在庫): one item line held at one place — a depot, shelter or facility — for logistics: needs vs. stock.
// The envelope's observedAt is when the count was taken; a new count is a new version of the same record.
import { Type, type Static } from '@sinclair/typebox';
import { AreaCodeSchema } from './area-code.ts';
import { AllergenSchema, StockCategorySchema, StockUnitSchema } from './codes.ts';
import { DateSchema, IdSchema, TextSchema } from './common.ts';
import { PointSchema } from './geo.ts';
import type { ValidationProblem } from './validate.ts';

/** The record holding the stock: a facility (depots, care sites, clinics) or a shelter (its own 備蓄倉庫). */
export const StockHolderSchema = Type.Object(
  {
    type: Type.Union([Type.Literal('facility'), Type.Literal('shelter')], { description: 'record type of the holder: facility or shelter' }),
    id: IdSchema,
  },
  { additionalProperties: false, description: 'the facility or shelter record where the stock is held' },
);

export const StockItemSchema = Type.Object(
  {
    category: StockCategorySchema,
    name: Type.Optional(TextSchema),
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "the holder's or supplier's item code, e.g. a JAN/GTIN" })),
  },
  { additionalProperties: false },
);

export const StockAllergensSchema = Type.Object(
  {
    contains: Type.Array(AllergenSchema, {
      uniqueItems: true,
      description: 'which of the eight specified allergenic ingredients the item contains; empty: none of them (特定原材料8品目不使用)',
    }),
    note: Type.Optional(Type.String({ description: 'other allergens, e.g. of the 20 recommended items (特定原材料に準ずるもの)' })),
  },
  { additionalProperties: false },
);

/** One lot (製造ロット) of a stock line, with its own expiry where known. */
export const StockLotSchema = Type.Object(
  {
    lot: Type.String({ minLength: 1, maxLength: 100, description: "the manufacturer's or holder's lot number" }),
    quantity: Type.Number({ minimum: 0, description: 'how much of the line is of this lot, in the line’s unit' }),
    expiresOn: Type.Optional(DateSchema),
  },
  { additionalProperties: false },
);
export type StockLot = Static<typeof StockLotSchema>;

/** What one unit of the line weighs and takes up as packed for transport, where the holder knows it. */
export const StockUnitLoadSchema = Type.Object(
  {
    kg: Type.Number({ exclusiveMinimum: 0, maximum: 100_000, description: 'gross weight of one unit (in `unit`) as packed for transport, kilograms' }),
    litres: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000, description: 'packed volume of one unit, litres' })),
  },
  { additionalProperties: false, description: 'weight and volume of one unit as packed; absent: the logistics application uses its table of typical loads' },
);

export const StockSchema = Type.Object(
  {
    heldAt: StockHolderSchema,
    areaCode: AreaCodeSchema,
    location: Type.Optional(PointSchema),
    item: StockItemSchema,
    quantity: Type.Number({ minimum: 0, description: 'on hand, in `unit`, reserved part included' }),
    unit: StockUnitSchema,
    reserved: Type.Optional(
      Type.Number({ minimum: 0, description: 'part of `quantity` earmarked for an allocation not yet dispatched; never more than `quantity`' }),
    ),
    shippable: Type.Optional(
      Type.Number({
        minimum: 0,
        description: 'part of `quantity` the holder is willing and able to ship now (packed, releasable); never more than quantity − reserved. Absent: quantity − reserved',
      }),
    ),
    lots: Type.Optional(Type.Array(StockLotSchema, { minItems: 1, description: 'the lots making up `quantity`, where the holder tracks them' })),
    expiresOn: Type.Optional(DateSchema),
    allergens: Type.Optional(StockAllergensSchema),
    unitLoad: Type.Optional(StockUnitLoadSchema),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false, $id: 'Stock' },
);
export type Stock = Static<typeof StockSchema>;

/** What a line can ship now: the declared shippable part, else what is on hand and not reserved. */
export function shippableQuantity(stock: Pick<Stock, 'quantity' | 'reserved' | 'shippable'>): number {
  const free = Math.max(0, stock.quantity - (stock.reserved ?? 0));
  return stock.shippable === undefined ? free : Math.min(stock.shippable, free);
}

/**
 * Rules of a stock line that JSON Schema cannot state, for a value the schema already accepted: a reservation can
 * only be taken from what is on hand, only what is neither reserved nor missing can be shipped, and the lots cannot
 * hold more than the line. `at` is the JSON Pointer of the stock value (`/data` inside a record).
 */
export function stockProblems(stock: Pick<Stock, 'quantity' | 'reserved' | 'shippable' | 'lots'>, at = ''): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const reserved = stock.reserved ?? 0;
  if (stock.reserved !== undefined && stock.reserved > stock.quantity) {
    problems.push({ path: `${at}/reserved`, message: `Expected reserved (${stock.reserved}) to be at most quantity (${stock.quantity})` });
  }
  if (stock.shippable !== undefined && stock.shippable > stock.quantity - reserved) {
    problems.push({
      path: `${at}/shippable`,
      message: `Expected shippable (${stock.shippable}) to be at most quantity − reserved (${stock.quantity} − ${reserved})`,
    });
  }
  if (stock.lots !== undefined) {
    const inLots = stock.lots.reduce((sum, l) => sum + l.quantity, 0);
    if (inLots > stock.quantity) {
      problems.push({ path: `${at}/lots`, message: `Expected the lots (${inLots} in all) to hold at most quantity (${stock.quantity})` });
    }
  }
  return problems;
}
