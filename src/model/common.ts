// Small building blocks shared by the entity schemas: texts, times, addresses, contacts.
import { Type, type Static } from '@sinclair/typebox';
import { AreaCodeSchema } from './area-code.ts';

/** ISO 8601 date-time with an explicit offset (Z or ±hh:mm). Stored in UTC, shown in local time. */
export const DateTimeSchema = Type.String({ format: 'date-time', description: 'ISO 8601 date-time with offset' });
export const DateSchema = Type.String({ format: 'date', description: 'ISO 8601 calendar date (YYYY-MM-DD)' });

/** A stable identifier: letters, digits and - _ . : @ / only, so it is safe in URLs, logs and file names. */
export const IdSchema = Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9][A-Za-z0-9_.:@/-]*$' });

/** A participant's identifier in the trust list, e.g. `jp-172022-nanao-city`. */
export const ParticipantIdSchema = Type.String({
  minLength: 3,
  maxLength: 100,
  pattern: '^[a-z0-9][a-z0-9-]*[a-z0-9]$',
  description: 'participant identifier (lower-case letters, digits, hyphens)',
});

export const TextSchema = Type.Object(
  {
    ja: Type.Optional(Type.String({ minLength: 1 })),
    en: Type.Optional(Type.String({ minLength: 1 })),
    kana: Type.Optional(Type.String({ minLength: 1, description: 'reading in katakana' })),
  },
  { additionalProperties: false, minProperties: 1, description: 'Text in Japanese and/or English' },
);
export type Text = Static<typeof TextSchema>;

export const AddressSchema = Type.Object(
  {
    text: Type.String({ minLength: 1, description: 'address as written by the source (not normalised)' }),
    postalCode: Type.Optional(Type.String({ pattern: '^[0-9]{3}-?[0-9]{4}$' })),
    prefecture: Type.Optional(Type.String()),
    municipality: Type.Optional(Type.String()),
    locality: Type.Optional(Type.String({ description: '町字 and below' })),
    areaCode: Type.Optional(AreaCodeSchema),
  },
  { additionalProperties: false },
);
export type Address = Static<typeof AddressSchema>;

export const ContactSchema = Type.Object(
  {
    phone: Type.Optional(Type.String({ pattern: '^[0-9+()\\- ]{5,20}$' })),
    email: Type.Optional(Type.String({ format: 'email' })),
  },
  { additionalProperties: false },
);
export type Contact = Static<typeof ContactSchema>;
