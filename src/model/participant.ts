// Participant: an organisation in the data space, as listed in a trust list.
import { Type, type Static } from '@sinclair/typebox';
import { AreaCodeSchema } from './area-code.ts';
import { ParticipantRoleSchema } from './codes.ts';
import { ContactSchema, DateTimeSchema, ParticipantIdSchema, TextSchema } from './common.ts';

export const PublicKeySchema = Type.Object(
  {
    kid: Type.String({ minLength: 1, maxLength: 100, description: 'key identifier' }),
    alg: Type.Literal('Ed25519'),
    publicKey: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$', description: 'raw 32-byte Ed25519 public key, base64url' }),
    validFrom: Type.Optional(DateTimeSchema),
    validUntil: Type.Optional(DateTimeSchema),
  },
  { additionalProperties: false },
);
export type PublicKey = Static<typeof PublicKeySchema>;

export const ParticipantSchema = Type.Object(
  {
    id: ParticipantIdSchema,
    name: TextSchema,
    role: ParticipantRoleSchema,
    jurisdiction: Type.Array(AreaCodeSchema, { minItems: 1, uniqueItems: true, description: 'areas the participant serves' }),
    nodeUrl: Type.Optional(Type.String({ format: 'uri', description: "base URL of the participant's Tsunagu node" })),
    keys: Type.Array(PublicKeySchema, { minItems: 1 }),
    contact: Type.Optional(ContactSchema),
  },
  { additionalProperties: false, $id: 'Participant' },
);
export type Participant = Static<typeof ParticipantSchema>;
