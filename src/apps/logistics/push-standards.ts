// The per-person standards behind computed needs (data/logistics/push-standards.json), as a checked value: each
// figure carries its kind (public, derived, assumption) and its source, so a need can say where it came from.
import { Type, type Static } from '@sinclair/typebox';
import { StockCategorySchema, StockUnitSchema, validate, type ValidationProblem } from '../../model/index.ts';
import shipped from '../../../data/logistics/push-standards.json' with { type: 'json' };

const KindSchema = Type.Union([Type.Literal('public'), Type.Literal('derived'), Type.Literal('assumption')]);
const GroupSchema = Type.Union([Type.Literal('everyone'), Type.Literal('infants0'), Type.Literal('children0to2'), Type.Literal('aged65plus'), Type.Literal('women15to49')]);
export type PopulationGroup = Static<typeof GroupSchema>;

const ShareSchema = Type.Object(
  { share: Type.Number({ exclusiveMinimum: 0, maximum: 1 }), kind: KindSchema, source: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);

const PerPersonSchema = Type.Object(
  {
    category: StockCategorySchema,
    unit: StockUnitSchema,
    perPersonPerDay: Type.Number({ exclusiveMinimum: 0 }),
    kind: KindSchema,
    source: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);

const PushItemSchema = Type.Object(
  {
    category: StockCategorySchema,
    unit: StockUnitSchema,
    // Daily items scale with the days covered; once-only items (blankets) do not.
    perPersonPerDay: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    perPerson: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    appliesTo: GroupSchema,
    shareOfGroup: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
    kind: KindSchema,
    source: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);

export const PushStandardsSchema = Type.Object(
  {
    about: Type.Object({ ja: Type.String(), en: Type.String() }, { additionalProperties: false }),
    population: Type.Object(
      { infants0: ShareSchema, children0to2: ShareSchema, aged65plus: ShareSchema, women15to49: ShareSchema },
      { additionalProperties: false },
    ),
    items: Type.Array(PushItemSchema, { minItems: 1 }),
    care: Type.Object(
      { 'allergen-free-food': PerPersonSchema, bedridden: PerPersonSchema, infant: PerPersonSchema },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type PushStandards = Static<typeof PushStandardsSchema>;
export type PushItemStandard = PushStandards['items'][number];

export type PushStandardsResult = { ok: true; value: PushStandards } | { ok: false; problems: ValidationProblem[] };

/** Check a standards document: its shape, and that every item is either daily or once-only, never both or neither. */
export function parsePushStandards(value: unknown): PushStandardsResult {
  const r = validate(PushStandardsSchema, value);
  if (!r.ok) return r;
  const problems: ValidationProblem[] = [];
  r.value.items.forEach((item, i) => {
    if ((item.perPersonPerDay === undefined) === (item.perPerson === undefined)) {
      problems.push({ path: `/items/${i}`, message: 'Expected exactly one of perPersonPerDay and perPerson' });
    }
  });
  return problems.length > 0 ? { ok: false, problems } : r;
}

function shippedStandards(): PushStandards {
  const r = parsePushStandards(shipped);
  if (!r.ok) throw new Error(`data/logistics/push-standards.json: ${r.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
  return r.value;
}

/** The standards shipped with Tsunagu (data/logistics/push-standards.json). */
export const pushStandards: PushStandards = shippedStandards();
