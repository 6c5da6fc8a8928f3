// Vehicle (輸送手段): a logistics firm's vehicles, ships or aircraft offered for supply logistics, with where they
// load (a depot, and for a ship or aircraft the port or airfield there), where a ship or aircraft can deliver, and when.
import { Type, type Static } from '@sinclair/typebox';
import { VehicleClassSchema, vehicleClassModes } from './codes.ts';
import { DateTimeSchema, IdSchema, ParticipantIdSchema, TextSchema } from './common.ts';
import { PlaceRefSchema } from './demand.ts';
import { PointSchema } from './geo.ts';
import type { ValidationProblem } from './validate.ts';

/** How a vehicle travels; the lead-time record's modes (road, sea, air). */
export type TransportMode = 'road' | 'sea' | 'air';

/** A port, beach landing point, airfield or helipad a ship or aircraft unloads at, and the destinations it serves. */
export const LandingPointSchema = Type.Object(
  {
    name: TextSchema,
    location: PointSchema,
    serves: Type.Array(PlaceRefSchema, { minItems: 1, maxItems: 1000, description: 'the shelters or facilities goods unloaded here reach' }),
  },
  { additionalProperties: false },
);
export type LandingPoint = Static<typeof LandingPointSchema>;

export const VehicleSchema = Type.Object(
  {
    operator: ParticipantIdSchema,
    name: Type.Optional(TextSchema),
    mode: Type.Optional(Type.Union([Type.Literal('road'), Type.Literal('sea'), Type.Literal('air')], { description: 'how it travels; absent: road' })),
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
      { additionalProperties: false, description: 'the depot facility the vehicle loads at; a ship or aircraft carries the stock held there' },
    ),
    location: Type.Optional(PointSchema),
    loadsAt: Type.Optional(
      Type.Object({ name: TextSchema, location: PointSchema }, { additionalProperties: false, description: 'sea or air: the port or airfield where it loads the depot’s goods' }),
    ),
    landingPoints: Type.Optional(Type.Array(LandingPointSchema, { minItems: 1, maxItems: 200, description: 'sea or air: where it can unload, each with the destinations it serves' })),
    radiusKm: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1000, description: 'air (a helicopter): any destination within this straight-line distance of where it loads' })),
    speedKmh: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1000, description: 'sea or air: cruising speed, for a leg no lead time states' })),
    tripsPerDay: Type.Optional(Type.Integer({ minimum: 1, maximum: 48, description: 'sea or air: round trips one vehicle makes per day at most' })),
    turnaroundHours: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 720, description: 'sea or air: hours of one round trip, loading and unloading included (instead of the one computed)' })),
    availableFrom: DateTimeSchema,
    availableUntil: DateTimeSchema,
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false, $id: 'Vehicle' },
);
export type Vehicle = Static<typeof VehicleSchema>;

/** A vehicle record's mode: its stated mode, else road. */
export const modeOf = (v: Pick<Vehicle, 'mode'>): TransportMode => v.mode ?? 'road';

const SEA_AIR_FIELDS = ['loadsAt', 'landingPoints', 'radiusKm', 'speedKmh', 'tripsPerDay', 'turnaroundHours'] as const;

/**
 * Rules JSON Schema cannot state: a vehicle is available for a period that does not end before it starts; its class
 * travels by its mode; a road vehicle has none of the sea and air fields; a ship or aircraft says where it loads
 * (`loadsAt`, else its `location`), where it delivers (landing points; an aircraft may give a radius instead) and how
 * fast it goes.
 */
export function vehicleProblems(v: Pick<Vehicle, 'availableFrom' | 'availableUntil'> & Partial<Vehicle>, at = ''): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (Date.parse(v.availableUntil) < Date.parse(v.availableFrom)) {
    problems.push({ path: `${at}/availableUntil`, message: `Expected availableUntil (${v.availableUntil}) not to be before availableFrom (${v.availableFrom})` });
  }
  if (v.vehicleClass === undefined) return problems;
  const mode = modeOf(v);
  const classMode = vehicleClassModes[v.vehicleClass];
  if (classMode !== mode) {
    problems.push({ path: `${at}/vehicleClass`, message: `Expected a vehicle class that travels by ${mode} (${v.vehicleClass} travels by ${classMode})` });
  }
  if (mode === 'road') {
    for (const field of SEA_AIR_FIELDS) {
      if (v[field] !== undefined) problems.push({ path: `${at}/${field}`, message: `Expected ${field} only on a ship or aircraft (mode sea or air)` });
    }
    return problems;
  }
  if (mode === 'sea' && v.radiusKm !== undefined) problems.push({ path: `${at}/radiusKm`, message: 'Expected radiusKm only on an aircraft: a ship unloads at its landing points' });
  if (v.landingPoints === undefined && (mode === 'sea' || v.radiusKm === undefined)) {
    problems.push({
      path: `${at}/landingPoints`,
      message: mode === 'sea' ? 'Expected a ship to name the landing points it can unload at' : 'Expected an aircraft to name its landing points or a radiusKm',
    });
  }
  if (v.speedKmh === undefined) problems.push({ path: `${at}/speedKmh`, message: `Expected a ${mode === 'sea' ? 'ship' : 'aircraft'} to state its speedKmh` });
  // Where it loads is where trucks bring stock and where its legs start: a craft loading nowhere known is no transport.
  if (v.loadsAt === undefined && v.location === undefined) {
    problems.push({ path: `${at}/loadsAt`, message: `Expected a ${mode === 'sea' ? 'ship' : 'aircraft'} to state where it loads (loadsAt, or its location)` });
  }
  return problems;
}
