// The read logistics offers the other applications of a node (`logistics.unmet-needs`): per municipality and item,
// what the latest plan leaves unmet (version 1, and version 2 with a plan), or, with no standing plan, the needs against
// the stock the node can see (version 2). Shared here because applications may not import one another; the node checks
// both sides declare these very schemas.
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

const SourcesSchema = Type.Array(
  Type.Object({ node: Type.String(), dataset: Type.String(), count: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }),
);

const PlanAnswerSchema = Type.Object(
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
    sources: SourcesSchema,
  },
  { additionalProperties: false },
);

export const UnmetNeedsAnswerSchema = Type.Union([
  /** No plan has been proposed on this node yet (or every plan was declined): nothing to say about unmet needs. */
  Type.Object({ kind: Type.Literal('no-plan') }, { additionalProperties: false }),
  PlanAnswerSchema,
]);
export type UnmetNeedsAnswer = Static<typeof UnmetNeedsAnswerSchema>;

const OpenNeedSchema = Type.Object(
  {
    needId: Type.String({ maxLength: 300 }),
    node: Type.String({ maxLength: 200 }),
    destination: PlaceRefSchema,
    origin: DemandOriginSchema,
    /** What is still needed: the need less what approved plans already ordered for it. */
    quantity: Type.Number({ minimum: 0 }),
  },
  { additionalProperties: false },
);

/**
 * With no standing plan: the open needs (computed for shelters, and requests entered) per municipality and item, and
 * per item the stock every node the node may ask lets it see — a comparison, not an allocation: stock is not placed,
 * and one depot's stock may be counted against needs of other municipalities too.
 */
const NeedsAgainstStockSchema = Type.Object(
  {
    kind: Type.Literal('needs-against-stock'),
    /** Why there is no plan to read: none was proposed, or the latest was declined. */
    why: Type.Union([Type.Literal('no-plan'), Type.Literal('latest-declined')]),
    /** The declined plan, when `why` is latest-declined. */
    declinedPlanId: Type.Optional(Type.String({ maxLength: 200 })),
    /** When the needs and stock were gathered (now, at the question). */
    computedAt: Type.String({ format: 'date-time' }),
    /** Municipalities of the question with an open need, by code; each item with the needs it sums. */
    areas: Type.Array(
      Type.Object(
        {
          areaCode: AreaCodeSchema,
          items: Type.Array(
            Type.Object(
              { category: StockCategorySchema, unit: StockUnitSchema, needed: Type.Number({ minimum: 0 }), needs: Type.Array(OpenNeedSchema, { maxItems: 10_000 }) },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    /** Per item needed in the asked areas: what they need, what every area the node sees needs, the stock known, and the shortfall. */
    items: Type.Array(
      Type.Object(
        {
          category: StockCategorySchema,
          unit: StockUnitSchema,
          /** Σ open needs of this item in the asked areas. */
          neededInAreas: Type.Number({ minimum: 0 }),
          /** Σ open needs of this item in every area the node sees (the stock is shared among them). */
          neededEverywhere: Type.Number({ minimum: 0 }),
          /** Σ shippable stock of this item (category and unit) at every node that released its stock. */
          knownStock: Type.Number({ minimum: 0 }),
          /** max(0, neededEverywhere − knownStock): what no known stock covers. */
          short: Type.Number({ minimum: 0 }),
          /** The stock's holders: node and how much each can ship. */
          holders: Type.Array(Type.Object({ node: Type.String({ maxLength: 200 }), quantity: Type.Number({ minimum: 0 }) }, { additionalProperties: false })),
        },
        { additionalProperties: false },
      ),
    ),
    /** The nodes and datasets the needs and stock came from, with how many records each answered. */
    sources: SourcesSchema,
    /** The nodes that did not answer or refused, and the dataset: their needs or stock are not in the figures. */
    missing: Type.Array(
      Type.Object({ node: Type.String({ maxLength: 200 }), dataset: Type.String({ maxLength: 100 }), reason: Type.String({ maxLength: 40 }) }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);

/** Version 2: the latest plan when the newest plan stands (proposed or approved), else the needs against the stock known. */
export const UnmetNeedsAnswerV2Schema = Type.Union([PlanAnswerSchema, NeedsAgainstStockSchema]);
export type UnmetNeedsAnswerV2 = Static<typeof UnmetNeedsAnswerV2Schema>;
export type NeedsAgainstStockAnswer = Static<typeof NeedsAgainstStockSchema>;
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

/**
 * Version 2 of the same read, for a report that must say something before any plan: the plan's figures as in version 1
 * while the newest plan stands, else the open needs against the stock known. Version 1 keeps answering as it did.
 */
export const unmetNeedsCapabilityV2 = {
  name: 'logistics.unmet-needs',
  version: 2,
  description: 'per municipality and item, what the latest supply plan leaves unmet; with no standing plan, the open needs against the stock known',
  question: UnmetNeedsQuestionSchema,
  answer: UnmetNeedsAnswerV2Schema,
} as const;
