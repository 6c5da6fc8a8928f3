// Disaster declaration and emergency delegation: the two documents that switch policies into emergency mode.
import { Type, type Static } from '@sinclair/typebox';
import { AreaCodeSchema } from './area-code.ts';
import { HazardSchema, PhaseSchema, PurposeSchema } from './codes.ts';
import { DateTimeSchema, IdSchema, ParticipantIdSchema, TextSchema } from './common.ts';
import { AreaGeometrySchema } from './geo.ts';

export const DeclarationSchema = Type.Object(
  {
    id: IdSchema,
    issuer: ParticipantIdSchema,
    hazard: HazardSchema,
    phase: PhaseSchema,
    areas: Type.Array(AreaCodeSchema, { minItems: 1, uniqueItems: true }),
    geometry: Type.Optional(AreaGeometrySchema),
    title: TextSchema,
    issuedAt: DateTimeSchema,
    expiresAt: DateTimeSchema,
    supersedes: Type.Optional(IdSchema),
  },
  { additionalProperties: false, $id: 'Declaration' },
);
export type Declaration = Static<typeof DeclarationSchema>;

export const DelegationSchema = Type.Object(
  {
    id: IdSchema,
    owner: ParticipantIdSchema,
    delegate: ParticipantIdSchema,
    datasets: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, uniqueItems: true }),
    purposes: Type.Array(PurposeSchema, { minItems: 1, uniqueItems: true }),
    actions: Type.Array(Type.Union([Type.Literal('read'), Type.Literal('write')]), { minItems: 1, uniqueItems: true }),
    areas: Type.Array(AreaCodeSchema, { minItems: 1, uniqueItems: true, description: "must lie within the owner's jurisdiction" }),
    hazards: Type.Optional(Type.Array(HazardSchema, { minItems: 1, uniqueItems: true, description: 'only for these hazards' })),
    validFrom: DateTimeSchema,
    validUntil: DateTimeSchema,
    note: Type.Optional(TextSchema),
  },
  { additionalProperties: false, $id: 'Delegation' },
);
export type Delegation = Static<typeof DelegationSchema>;
