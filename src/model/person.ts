// Person requiring care (要配慮者): identity, where they live, what care they depend on, consent, and safety status.
// Health and disability fields are 要配慮個人情報: policies mask them unless a purpose grants them.
import { Type, type Static } from '@sinclair/typebox';
import { AreaCodeSchema } from './area-code.ts';
import { CareNeedSchema, SafetyStatusSchema, SexSchema, WeekdaySchema } from './codes.ts';
import { AddressSchema, ContactSchema, DateSchema, DateTimeSchema, IdSchema, ParticipantIdSchema } from './common.ts';
import { PointSchema } from './geo.ts';

export const PersonNameSchema = Type.Object(
  {
    full: Type.String({ minLength: 1, description: 'full name as written by the source' }),
    family: Type.Optional(Type.String({ minLength: 1 })),
    given: Type.Optional(Type.String({ minLength: 1 })),
    kana: Type.Optional(Type.String({ minLength: 1, description: 'reading in katakana or hiragana' })),
    latin: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);

export const DialysisSchema = Type.Object(
  {
    schedule: Type.Array(WeekdaySchema, { minItems: 1, maxItems: 7, uniqueItems: true, description: 'weekly session days' }),
    clinic: Type.Optional(IdSchema),
    lastSessionAt: Type.Optional(DateTimeSchema),
  },
  { additionalProperties: false },
);

export const HomeOxygenSchema = Type.Object(
  {
    supplyHoursLeft: Type.Number({ minimum: 0, maximum: 10_000 }),
    asOf: DateTimeSchema,
    flowRateLpm: Type.Optional(Type.Number({ minimum: 0, maximum: 20 })),
  },
  { additionalProperties: false },
);

export const CareProfileSchema = Type.Object(
  {
    needs: Type.Array(CareNeedSchema, { uniqueItems: true }),
    careLevel: Type.Optional(
      Type.String({ pattern: '^(要支援[12]|要介護[1-5])$', description: '要介護度, e.g. 要介護3' }),
    ),
    dialysis: Type.Optional(DialysisSchema),
    homeOxygen: Type.Optional(HomeOxygenSchema),
    language: Type.Optional(Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', description: 'preferred language (BCP 47)' })),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type CareProfile = Static<typeof CareProfileSchema>;

export const ConsentSchema = Type.Object(
  {
    shareWithSupporters: Type.Boolean({ description: '平常時の名簿提供への同意 (consent to share in normal times)' }),
    recordedAt: Type.Optional(DateTimeSchema),
  },
  { additionalProperties: false },
);

export const SafetySchema = Type.Object(
  {
    status: SafetyStatusSchema,
    whereabouts: Type.Optional(Type.String()),
    shelter: Type.Optional(IdSchema),
    reportedBy: Type.Optional(ParticipantIdSchema),
    reportedAt: Type.Optional(DateTimeSchema),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type Safety = Static<typeof SafetySchema>;

export const PersonSchema = Type.Object(
  {
    name: PersonNameSchema,
    birthDate: Type.Optional(DateSchema),
    sex: Type.Optional(SexSchema),
    areaCode: AreaCodeSchema,
    address: Type.Optional(AddressSchema),
    location: Type.Optional(PointSchema),
    contact: Type.Optional(ContactSchema),
    care: CareProfileSchema,
    consent: ConsentSchema,
    onEvacuationSupportList: Type.Boolean({ description: '避難行動要支援者名簿に掲載' }),
    safety: SafetySchema,
  },
  { additionalProperties: false, $id: 'Person' },
);
export type Person = Static<typeof PersonSchema>;
