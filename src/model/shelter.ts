// Shelter: designated shelters, emergency evacuation sites, welfare and ad-hoc shelters, with status over time.
import { Type, type Static } from '@sinclair/typebox';
import { AreaCodeSchema } from './area-code.ts';
import { HazardSchema, ShelterKindSchema, ShelterOpenStatusSchema } from './codes.ts';
import { AddressSchema, ContactSchema, DateTimeSchema, TextSchema } from './common.ts';
import { PointSchema } from './geo.ts';

/** 共通ID of the GSI nationwide shelter data: a letter, the local government code without its check digit (5 digits), then 8 digits. */
export const ShelterCommonIdSchema = Type.String({
  pattern: '^[A-Z][0-9]{13}$',
  description: 'nationwide common shelter ID (共通ID), e.g. E1720200002111',
});

export const EvacueeCountSchema = Type.Object(
  {
    observedAt: DateTimeSchema,
    count: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    source: Type.Optional(Type.String({ description: 'where the figure was published' })),
  },
  { additionalProperties: false },
);
export type EvacueeCount = Static<typeof EvacueeCountSchema>;

export const ShelterNeedSchema = Type.Object(
  {
    item: Type.String({ minLength: 1 }),
    quantity: Type.Optional(Type.Number({ minimum: 0 })),
    unit: Type.Optional(Type.String()),
    priority: Type.Optional(Type.Union([Type.Literal('urgent'), Type.Literal('high'), Type.Literal('normal')])),
    reportedAt: DateTimeSchema,
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type ShelterNeed = Static<typeof ShelterNeedSchema>;

export const ShelterSchema = Type.Object(
  {
    commonId: Type.Optional(ShelterCommonIdSchema),
    localId: Type.Optional(Type.String({ minLength: 1, description: "the municipality's own identifier, e.g. CC0000000504 or NEW001" })),
    name: TextSchema,
    kinds: Type.Array(ShelterKindSchema, { minItems: 1, uniqueItems: true }),
    hazards: Type.Array(HazardSchema, { uniqueItems: true, description: 'hazards the site is designated for' }),
    areaCode: AreaCodeSchema,
    address: Type.Optional(AddressSchema),
    location: Type.Optional(PointSchema),
    capacity: Type.Optional(
      Type.Object(
        {
          persons: Type.Optional(Type.Integer({ minimum: 0 })),
          note: Type.Optional(Type.String({ description: 'capacity as published, e.g. 屋内480人／屋外3,350人' })),
        },
        { additionalProperties: false },
      ),
    ),
    openStatus: ShelterOpenStatusSchema,
    evacueeCounts: Type.Array(EvacueeCountSchema, { description: 'evacuee counts over time, oldest first' }),
    needs: Type.Array(ShelterNeedSchema),
    acceptedGroups: Type.Optional(Type.String({ description: '受入対象者 (e.g. only persons requiring care)' })),
    servedCommunities: Type.Optional(Type.String({ description: '対象となる町会・自治会' })),
    contact: Type.Optional(ContactSchema),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false, $id: 'Shelter' },
);
export type Shelter = Static<typeof ShelterSchema>;
