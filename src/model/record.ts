// The Record envelope: every stored or exchanged datum carries its source, times, quality and lineage.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { AlertSchema } from './alert.ts';
import { QualityLevelSchema } from './codes.ts';
import { DateTimeSchema, IdSchema, ParticipantIdSchema } from './common.ts';
import { DeclarationSchema, DelegationSchema } from './declaration.ts';
import { FacilitySchema } from './facility.ts';
import { ParticipantSchema } from './participant.ts';
import { PersonSchema } from './person.ts';
import { ShelterSchema } from './shelter.ts';
import { StockSchema, stockProblems } from './stock.ts';
import { DemandSchema } from './demand.ts';
import { VehicleSchema, vehicleProblems } from './vehicle.ts';
import { RoadSegmentSchema, roadSegmentProblems } from './road-segment.ts';
import { ShipmentSchema, shipmentProblems } from './shipment.ts';
import { LeadTimeSchema, leadTimeProblems } from './lead-time.ts';
import type { ValidationProblem } from './validate.ts';

/** Payload schema of each record type. Adding a type here adds it to storage, validation and docs. */
export const recordPayloadSchemas = {
  participant: ParticipantSchema,
  shelter: ShelterSchema,
  facility: FacilitySchema,
  person: PersonSchema,
  declaration: DeclarationSchema,
  delegation: DelegationSchema,
  stock: StockSchema,
  alert: AlertSchema,
  demand: DemandSchema,
  vehicle: VehicleSchema,
  'road-segment': RoadSegmentSchema,
  shipment: ShipmentSchema,
  'lead-time': LeadTimeSchema,
} as const;

export type RecordType = keyof typeof recordPayloadSchemas;
export const recordTypes = Object.keys(recordPayloadSchemas) as RecordType[];
export type PayloadOf<T extends RecordType> = Static<(typeof recordPayloadSchemas)[T]>;

export function isRecordType(s: string): s is RecordType {
  return Object.hasOwn(recordPayloadSchemas, s);
}

/** Rules of a payload that JSON Schema cannot state, by record type; run after the schema has accepted the record. */
const payloadRules: { [T in RecordType]?: (data: PayloadOf<T>, at: string) => ValidationProblem[] } = {
  stock: stockProblems,
  vehicle: vehicleProblems,
  'road-segment': roadSegmentProblems,
  shipment: shipmentProblems,
  'lead-time': leadTimeProblems,
};

/**
 * Problems of a record or draft that passed its envelope schema but breaks a rule of its type the schema cannot
 * express (e.g. stock reserved above quantity); paths point into the record (`/data/…`). Empty when it is sound.
 */
export function recordRuleProblems(record: { type: RecordType; data: unknown }): ValidationProblem[] {
  const rule = payloadRules[record.type] as ((data: unknown, at: string) => ValidationProblem[]) | undefined;
  return rule ? rule(record.data, '/data') : [];
}

export const QualitySchema = Type.Object(
  {
    level: QualityLevelSchema,
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type Quality = Static<typeof QualitySchema>;

export const LineageStepSchema = Type.Object(
  {
    activity: Type.Union([Type.Literal('import'), Type.Literal('entry'), Type.Literal('derived'), Type.Literal('federated')]),
    sourceNode: Type.Optional(ParticipantIdSchema),
    recordId: Type.Optional(IdSchema),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
    file: Type.Optional(Type.String({ description: 'file name (no directory) an import came from' })),
    row: Type.Optional(Type.Integer({ minimum: 1, description: 'row in that file as a spreadsheet shows it (CSV: 1 = the header, 2 = the first data row) or feature number (GeoJSON: 1 = the first feature)' })),
    adapter: Type.Optional(Type.String()),
    at: DateTimeSchema,
  },
  { additionalProperties: false },
);
export type LineageStep = Static<typeof LineageStepSchema>;

function envelopeSchema<T extends RecordType>(type: T, payload: TSchema) {
  return Type.Object(
    {
      id: IdSchema,
      type: Type.Literal(type),
      version: Type.Integer({ minimum: 1, description: 'increases by one on every change; old versions are kept' }),
      sourceNode: ParticipantIdSchema,
      observedAt: DateTimeSchema,
      recordedAt: DateTimeSchema,
      quality: QualitySchema,
      lineage: Type.Array(LineageStepSchema),
      data: payload,
    },
    { additionalProperties: false },
  );
}

export const RecordEnvelopeSchemas = Object.fromEntries(
  Object.entries(recordPayloadSchemas).map(([t, s]) => [t, envelopeSchema(t as RecordType, s)]),
) as { [T in RecordType]: ReturnType<typeof envelopeSchema<T>> };

/** A record of one type with its typed payload. */
export interface RecordOf<T extends RecordType> {
  id: string;
  type: T;
  version: number;
  sourceNode: string;
  observedAt: string;
  recordedAt: string;
  quality: Quality;
  lineage: LineageStep[];
  data: PayloadOf<T>;
}

/** Any record: a discriminated union on `type`. */
export type AnyRecord = { [T in RecordType]: RecordOf<T> }[RecordType];

/** What a writer supplies; the store assigns version and recordedAt. */
export type RecordDraft<T extends RecordType = RecordType> = Omit<RecordOf<T>, 'version' | 'recordedAt'>;
export type AnyRecordDraft = { [T in RecordType]: RecordDraft<T> }[RecordType];
