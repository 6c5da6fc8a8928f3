// Lead time (リードタイム): how long goods take from one depot to an area or a destination by one mode of transport,
// as a warehouse or logistics operator states it. Logistics plans with it where the road network gives no path.
import { Type, type Static } from '@sinclair/typebox';
import { AreaCodeSchema } from './area-code.ts';
import { DateTimeSchema } from './common.ts';
import { PlaceRefSchema } from './demand.ts';
import type { Label } from './labels.ts';
import type { ValidationProblem } from './validate.ts';

/** How the goods travel; road includes ferries a truck drives onto. */
export const leadTimeModes = {
  road: { ja: '陸路', en: 'road' },
  sea: { ja: '海路', en: 'sea' },
  air: { ja: '空路', en: 'air' },
} as const satisfies Record<string, Label>;
export type LeadTimeMode = keyof typeof leadTimeModes;

/** Whether the publisher states the figure from its operations, or assumes it (an estimate to be replaced). */
export const leadTimeBases = {
  stated: { ja: '運用実績による', en: 'stated from operations' },
  assumption: { ja: '仮定', en: 'assumption' },
} as const satisfies Record<string, Label>;
export type LeadTimeBasis = keyof typeof leadTimeBases;

export const LeadTimeSchema = Type.Object(
  {
    from: PlaceRefSchema,
    to: Type.Union(
      [
        Type.Object({ areaCode: AreaCodeSchema }, { additionalProperties: false, description: 'every destination in this area (a P-code or local government code covers the codes it prefixes)' }),
        Type.Object({ destination: PlaceRefSchema }, { additionalProperties: false, description: 'one destination' }),
      ],
      { description: 'an area or one destination; a destination wins over an area, a smaller area over a larger one' },
    ),
    mode: Type.Union([Type.Literal('road'), Type.Literal('sea'), Type.Literal('air')]),
    hours: Type.Number({ exclusiveMinimum: 0, maximum: 2_160, description: 'door to door: loading, travel, transhipment and handling' }),
    validFrom: DateTimeSchema,
    validUntil: Type.Optional(DateTimeSchema),
    basis: Type.Union([Type.Literal('stated'), Type.Literal('assumption')]),
    source: Type.String({ minLength: 1, maxLength: 500, description: 'who states it and on what basis, e.g. AHA Centre DELSA operations' }),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false, $id: 'LeadTime' },
);
export type LeadTime = Static<typeof LeadTimeSchema>;

/** Rules JSON Schema cannot state: a validity that ends after it begins. */
export function leadTimeProblems(l: LeadTime, at = ''): ValidationProblem[] {
  if (l.validUntil !== undefined && Date.parse(l.validUntil) <= Date.parse(l.validFrom)) {
    return [{ path: `${at}/validUntil`, message: `Expected validUntil after validFrom (${l.validFrom})` }];
  }
  return [];
}
