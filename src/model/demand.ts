// Demand (物資の需要): one item line a shelter or facility needs — a request from a municipality or shelter, or a
// need computed from evacuee counts (push) or from counts of persons requiring care — for the logistics application.
import { Type, type Static } from '@sinclair/typebox';
import { AreaCodeSchema } from './area-code.ts';
import { AllergenSchema, DemandPrioritySchema, StockCategorySchema, StockUnitSchema } from './codes.ts';
import { DateTimeSchema, IdSchema, ParticipantIdSchema, TextSchema } from './common.ts';
import { PointSchema } from './geo.ts';

/** Where a demand comes from: asked for by someone, or computed by a rule the `basis` names. */
export const DemandOriginSchema = Type.Union(
  [Type.Literal('request'), Type.Literal('push-estimate'), Type.Literal('care-estimate')],
  { description: 'request (asked for by a municipality or shelter), push-estimate (from evacuee counts and per-person standards), care-estimate (from counts of persons requiring care)' },
);
export type DemandOrigin = Static<typeof DemandOriginSchema>;

/** A reference to a shelter or facility record: where demand goes, where a shipment starts or ends. */
export const PlaceRefSchema = Type.Object(
  {
    type: Type.Union([Type.Literal('shelter'), Type.Literal('facility')], { description: 'record type: shelter or facility' }),
    id: IdSchema,
  },
  { additionalProperties: false, description: 'a shelter or facility record' },
);
export type PlaceRef = Static<typeof PlaceRefSchema>;

export const DemandSchema = Type.Object(
  {
    origin: DemandOriginSchema,
    requestedBy: Type.Optional(ParticipantIdSchema),
    destination: PlaceRefSchema,
    areaCode: AreaCodeSchema,
    location: Type.Optional(PointSchema),
    item: Type.Object(
      { category: StockCategorySchema, name: Type.Optional(TextSchema) },
      { additionalProperties: false },
    ),
    quantity: Type.Number({ exclusiveMinimum: 0, description: 'how much is needed, in `unit`' }),
    unit: StockUnitSchema,
    neededBy: DateTimeSchema,
    priority: DemandPrioritySchema,
    freeFrom: Type.Optional(
      Type.Array(AllergenSchema, { uniqueItems: true, minItems: 1, description: 'allergens the items must not contain (アレルギー対応)' }),
    ),
    basis: Type.Optional(Type.String({ description: 'how a computed demand was derived: the standard and the counts used' })),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false, $id: 'Demand' },
);
export type Demand = Static<typeof DemandSchema>;
