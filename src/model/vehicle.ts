// Vehicle (輸送手段): a logistics firm's vehicle or transport capacity offered for supply logistics, with where it
// starts (its depot) and when it is available.
import { Type, type Static } from '@sinclair/typebox';
import { VehicleClassSchema } from './codes.ts';
import { DateTimeSchema, IdSchema, ParticipantIdSchema, TextSchema } from './common.ts';
import { PointSchema } from './geo.ts';
import type { ValidationProblem } from './validate.ts';

export const VehicleSchema = Type.Object(
  {
    operator: ParticipantIdSchema,
    name: Type.Optional(TextSchema),
    vehicleClass: VehicleClassSchema,
    count: Type.Integer({ minimum: 1, maximum: 100_000, description: 'how many vehicles of this class the line offers (1 for one vehicle)' }),
    capacity: Type.Object(
      {
        kg: Type.Number({ exclusiveMinimum: 0, description: 'payload per vehicle, kilograms' }),
        m3: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'load volume per vehicle, cubic metres' })),
        pallets: Type.Optional(Type.Integer({ minimum: 1, description: 'pallet places per vehicle' })),
      },
      { additionalProperties: false },
    ),
    depot: Type.Object(
      { type: Type.Literal('facility'), id: IdSchema },
      { additionalProperties: false, description: 'the depot facility the vehicle loads at' },
    ),
    location: Type.Optional(PointSchema),
    availableFrom: DateTimeSchema,
    availableUntil: DateTimeSchema,
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false, $id: 'Vehicle' },
);
export type Vehicle = Static<typeof VehicleSchema>;

/** Rules JSON Schema cannot state: a vehicle is available for a period that does not end before it starts. */
export function vehicleProblems(v: Pick<Vehicle, 'availableFrom' | 'availableUntil'>, at = ''): ValidationProblem[] {
  if (Date.parse(v.availableUntil) < Date.parse(v.availableFrom)) {
    return [{ path: `${at}/availableUntil`, message: `Expected availableUntil (${v.availableUntil}) not to be before availableFrom (${v.availableFrom})` }];
  }
  return [];
}
