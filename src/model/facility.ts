// Facility: hospitals, dialysis clinics, care facilities, pharmacies, stores and supply depots.
import { Type, type Static } from '@sinclair/typebox';
import { AreaCodeSchema } from './area-code.ts';
import { FacilityKindSchema } from './codes.ts';
import { AddressSchema, ContactSchema, DateTimeSchema, ParticipantIdSchema, TextSchema } from './common.ts';
import { PointSchema } from './geo.ts';

export const FacilityOperatingStatusSchema = Type.Union(
  [Type.Literal('unknown'), Type.Literal('operating'), Type.Literal('limited'), Type.Literal('closed')],
  { description: 'operating status: unknown, operating, limited, closed' },
);

export const FacilitySchema = Type.Object(
  {
    kind: FacilityKindSchema,
    name: TextSchema,
    operator: Type.Optional(ParticipantIdSchema),
    areaCode: AreaCodeSchema,
    address: Type.Optional(AddressSchema),
    location: Type.Optional(PointSchema),
    capacity: Type.Optional(
      Type.Object(
        {
          beds: Type.Optional(Type.Integer({ minimum: 0 })),
          dialysisStations: Type.Optional(Type.Integer({ minimum: 0 })),
          storageM3: Type.Optional(Type.Number({ minimum: 0 })),
        },
        { additionalProperties: false },
      ),
    ),
    status: Type.Object(
      { value: FacilityOperatingStatusSchema, asOf: Type.Optional(DateTimeSchema), note: Type.Optional(Type.String()) },
      { additionalProperties: false },
    ),
    contact: Type.Optional(ContactSchema),
  },
  { additionalProperties: false, $id: 'Facility' },
);
export type Facility = Static<typeof FacilitySchema>;
