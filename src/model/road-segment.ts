// Road segment (道路区間): one edge of the road network between two junctions, with its status as a road
// administrator observed it; logistics computes travel times and cut-off destinations from these.
import { Type, type Static } from '@sinclair/typebox';
import { RoadClassSchema, RoadStatusSchema, VehicleClassSchema, vehicleClassModes } from './codes.ts';
import { DateTimeSchema, IdSchema, TextSchema } from './common.ts';
import { LineStringSchema, LonLatSchema } from './geo.ts';
import type { ValidationProblem } from './validate.ts';

export const RoadNodeSchema = Type.Object(
  { id: IdSchema, coordinates: LonLatSchema },
  { additionalProperties: false, description: 'a junction or end point of the network, shared by the segments that meet there' },
);
export type RoadNode = Static<typeof RoadNodeSchema>;

export const RoadSegmentSchema = Type.Object(
  {
    name: Type.Optional(TextSchema),
    from: RoadNodeSchema,
    to: RoadNodeSchema,
    geometry: LineStringSchema,
    roadClass: RoadClassSchema,
    lengthKm: Type.Number({ exclusiveMinimum: 0, maximum: 10_000 }),
    speedKmh: Type.Number({ exclusiveMinimum: 0, maximum: 200, description: 'usual travel speed; travel time is lengthKm / speedKmh' }),
    oneWay: Type.Optional(Type.Boolean({ description: 'true: passable only from `from` to `to`' })),
    status: RoadStatusSchema,
    allowedVehicleClasses: Type.Optional(
      Type.Array(VehicleClassSchema, { minItems: 1, uniqueItems: true, description: 'for a restricted road: the vehicle classes it lets through' }),
    ),
    statusObservedAt: DateTimeSchema,
    statusSource: Type.String({ minLength: 1, description: 'who reported the status, e.g. 国土交通省 道路情報提供システム' }),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false, $id: 'RoadSegment' },
);
export type RoadSegment = Static<typeof RoadSegmentSchema>;

/**
 * Rules JSON Schema cannot state: the geometry runs from the `from` node to the `to` node, a segment joins two
 * different nodes, and a restricted road says which vehicle classes pass (only a restricted one does).
 */
export function roadSegmentProblems(s: RoadSegment, at = ''): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const line = s.geometry.coordinates;
  const same = (a: readonly number[], b: readonly number[]) => a[0] === b[0] && a[1] === b[1];
  if (s.from.id === s.to.id) problems.push({ path: `${at}/to/id`, message: `Expected a segment to join two different nodes (both are ${s.from.id})` });
  if (!same(line[0]!, s.from.coordinates)) {
    problems.push({ path: `${at}/geometry/coordinates/0`, message: 'Expected the geometry to start at the from node' });
  }
  if (!same(line[line.length - 1]!, s.to.coordinates)) {
    problems.push({ path: `${at}/geometry/coordinates/${line.length - 1}`, message: 'Expected the geometry to end at the to node' });
  }
  for (let i = 1; i < line.length; i++) {
    if (same(line[i]!, line[i - 1]!)) problems.push({ path: `${at}/geometry/coordinates/${i}`, message: 'Expected no repeated position in a road geometry' });
  }
  if (s.status === 'restricted' && s.allowedVehicleClasses === undefined) {
    problems.push({ path: `${at}/allowedVehicleClasses`, message: 'Expected a restricted road to name the vehicle classes it lets through' });
  }
  if (s.status !== 'restricted' && s.allowedVehicleClasses !== undefined) {
    problems.push({ path: `${at}/allowedVehicleClasses`, message: `Expected allowedVehicleClasses only on a restricted road (status is ${s.status})` });
  }
  (s.allowedVehicleClasses ?? []).forEach((c, i) => {
    if (vehicleClassModes[c] !== 'road') problems.push({ path: `${at}/allowedVehicleClasses/${i}`, message: `Expected a road vehicle class (${c} travels by ${vehicleClassModes[c]})` });
  });
  return problems;
}
