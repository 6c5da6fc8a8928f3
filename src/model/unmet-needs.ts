// The read logistics offers the other applications of a node (`logistics.unmet-needs`, version 1): per municipality
// and item, what the latest plan leaves unmet, with the needs (and their records and nodes) each figure sums. Shared
// here because applications may not import one another; the node checks both sides declare these very schemas.
import { Type, type Static } from '@sinclair/typebox';
import { AreaCodeSchema } from './area-code.ts';
import { StockCategorySchema, StockUnitSchema } from './codes.ts';
import { DemandOriginSchema, PlaceRefSchema } from './demand.ts';

const UnmetNeedSourceSchema = Type.Object(
  {
    /** The need's id in the plan (`need:<node>/<shelter>/<n>` for a computed need, the request's id otherwise). */
    needId: Type.String({ maxLength: 300 }),
    /** The node the need is for (the shelter's or requester's node): the record `destination` lives there. */
    node: Type.String({ maxLength: 200 }),
    destination: PlaceRefSchema,
    origin: DemandOriginSchema,
    /** What of this need the plan leaves unmet. */
    unmet: Type.Number({ minimum: 0 }),
  },
  { additionalProperties: false },
);

const UnmetItemSchema = Type.Object(
  {
    category: StockCategorySchema,
    unit: StockUnitSchema,
    /** Σ unmet over `needs`. */
    unmet: Type.Number({ minimum: 0 }),
    /** Σ of what the plan was asked for these needs. */
    needed: Type.Number({ minimum: 0 }),
    needs: Type.Array(UnmetNeedSourceSchema, { maxItems: 10_000 }),
  },
  { additionalProperties: false },
);

export const UnmetNeedsAnswerSchema = Type.Union([
  /** No plan has been proposed on this node yet (or every plan was declined): nothing to say about unmet needs. */
  Type.Object({ kind: Type.Literal('no-plan') }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('plan'),
      /** The figures are the latest plan's that was not declined — not a fresh comparison of needs with stock. */
      basis: Type.Literal('latest-plan'),
      planId: Type.String({ maxLength: 200 }),
      planState: Type.Union([Type.Literal('proposed'), Type.Literal('approved')]),
      proposedAt: Type.String({ format: 'date-time' }),
      decidedAt: Type.Optional(Type.String({ format: 'date-time' })),
      /** Municipalities of the question with an unmet need, by code; items with nothing unmet are left out. */
      areas: Type.Array(Type.Object({ areaCode: AreaCodeSchema, items: Type.Array(UnmetItemSchema) }, { additionalProperties: false })),
      /** The nodes and datasets the plan's inputs came from, with how many records each answered. */
      sources: Type.Array(Type.Object({ node: Type.String(), dataset: Type.String(), count: Type.Integer({ minimum: 0 }) }, { additionalProperties: false })),
    },
    { additionalProperties: false },
  ),
]);
export type UnmetNeedsAnswer = Static<typeof UnmetNeedsAnswerSchema>;
export type UnmetNeedsItem = Static<typeof UnmetItemSchema>;

export const UnmetNeedsQuestionSchema = Type.Object(
  { areas: Type.Array(AreaCodeSchema, { minItems: 1, maxItems: 100, uniqueItems: true, description: 'municipalities or prefectures; a need counts when its area lies in one' }) },
  { additionalProperties: false },
);
export type UnmetNeedsQuestion = Static<typeof UnmetNeedsQuestionSchema>;

export const unmetNeedsCapability = {
  name: 'logistics.unmet-needs',
  version: 1,
  description: 'per municipality and item, what the latest supply plan leaves unmet, with the needs each figure sums',
  question: UnmetNeedsQuestionSchema,
  answer: UnmetNeedsAnswerSchema,
} as const;
