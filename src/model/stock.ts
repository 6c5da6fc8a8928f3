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
    expiresOn: Type.Optional(DateSchema),
    allergens: Type.Optional(StockAllergensSchema),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false, $id: 'Stock' },
);
export type Stock = Static<typeof StockSchema>;

/**
 * Rules of a stock line that JSON Schema cannot state, for a value the schema already accepted: a reservation can
 * only be taken from what is on hand. `at` is the JSON Pointer of the stock value (`/data` inside a record).
 */
export function stockProblems(stock: Pick<Stock, 'quantity' | 'reserved'>, at = ''): ValidationProblem[] {
  if (stock.reserved !== undefined && stock.reserved > stock.quantity) {
    return [{ path: `${at}/reserved`, message: `Expected reserved (${stock.reserved}) to be at most quantity (${stock.quantity})` }];
  }
  return [];
}
