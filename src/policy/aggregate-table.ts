// The aggregate answer as it travels: counts (and totals) per group, withheld groups marked without their numbers.
// A wire contract shared by the node (which writes it) and the federation client (which checks and merges it).
import { Type, type Static } from '@sinclair/typebox';

export const GroupValueSchema = Type.Union([Type.String(), Type.Boolean(), Type.Null()], {
  description: 'the value of one grouping field; null for a record without one',
});

export const AggregateCellSchema = Type.Union([
  Type.Object(
    {
      values: Type.Array(GroupValueSchema, { description: 'one value per groupBy field, in its order' }),
      status: Type.Literal('published'),
      count: Type.Integer({ minimum: 0 }),
      sums: Type.Optional(Type.Record(Type.String(), Type.Number(), { description: 'total of each summed field' })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      values: Type.Array(GroupValueSchema),
      status: Type.Literal('withheld', { description: 'too few records, or withheld with them so that they cannot be worked out by subtraction' }),
    },
    { additionalProperties: false },
  ),
]);

export const AggregateTableSchema = Type.Object(
  {
    groupBy: Type.Array(Type.String(), { minItems: 1 }),
    sum: Type.Array(Type.String()),
    minimumCellSize: Type.Integer({ minimum: 1 }),
    cells: Type.Array(AggregateCellSchema),
    withheldCells: Type.Integer({ minimum: 0, description: 'how many groups are withheld (their numbers are not given)' }),
    tableWithheld: Type.Boolean({ description: 'true when the whole table is too small to publish: no group is listed' }),
  },
  { additionalProperties: false, description: 'counts per group; never a record, an id or a number under the minimum' },
);

export type GroupValue = Static<typeof GroupValueSchema>;
export type AggregateCell = Static<typeof AggregateCellSchema>;
export type AggregateTable = Static<typeof AggregateTableSchema>;
