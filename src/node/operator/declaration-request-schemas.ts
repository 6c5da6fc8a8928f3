// The shapes of the declaration-request operator routes (declaration-request-routes.ts), which the console's client
// takes its types from.
import { Type, type Static } from '@sinclair/typebox';
import { HazardSchema, PhaseSchema } from '../../model/index.ts';

/** The longest reason kept and sent (a request's, or a decline's). */
export const REASON_MAX_LENGTH = 2000;

const TextPair = Type.Object({ ja: Type.String(), en: Type.String() });
const NamedArea = Type.Object({ code: Type.String(), name: TextPair });

export const RecipientsResponse = Type.Object({
  recipients: Type.Array(
    Type.Object({ participantId: Type.String(), name: TextPair, role: Type.String(), jurisdiction: Type.Array(Type.String()), areas: Type.Array(NamedArea) }),
    { description: 'participants that may declare now and run a node, narrowest jurisdiction first' },
  ),
});

export const RequestView = Type.Object({
  id: Type.String(),
  requester: Type.String(),
  requesterName: TextPair,
  recipient: Type.String(),
  recipientName: TextPair,
  hazard: Type.String(),
  phase: Type.String(),
  areas: Type.Array(Type.String()),
  areaNames: Type.Optional(Type.Array(Type.String())),
  reason: Type.String(),
  requestedAt: Type.String(),
  state: Type.Union([Type.Literal('sending'), Type.Literal('waiting'), Type.Literal('undelivered'), Type.Literal('issued'), Type.Literal('declined')], {
    description:
      'sending: queued for the recipient; waiting: delivered, not answered; undelivered: the outbox gave up or the recipient refused it; ' +
      'issued: a declaration answered it; declined: the recipient declined it, with its reason',
  }),
  declarationId: Type.Optional(Type.String()),
  declineReason: Type.Optional(Type.String()),
  answeredAt: Type.Optional(Type.String()),
  answerDelivery: Type.Optional(
    Type.Union([Type.Literal('sending'), Type.Literal('delivered'), Type.Literal('undelivered')], { description: 'a received request answered: whether the answer reached the requester' }),
  ),
});
export type DeclarationRequestView = Static<typeof RequestView>;

export const RequestsResponse = Type.Object({ sent: Type.Array(RequestView), received: Type.Array(RequestView) });
export const OneRequestResponse = Type.Object({ request: RequestView });

export const RequestBody = Type.Object(
  {
    recipient: Type.String({ minLength: 1, maxLength: 200, description: 'participant id, one of GET /operator/declaration-requests/recipients' }),
    hazard: HazardSchema,
    phase: PhaseSchema,
    areas: Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { minItems: 1, maxItems: 100, description: "area codes within the recipient's jurisdiction" }),
    reason: Type.String({ maxLength: REASON_MAX_LENGTH, description: 'what has happened and why a declaration is needed' }),
  },
  { additionalProperties: false },
);

export const DeclineBody = Type.Object(
  {
    requester: Type.String({ minLength: 1, maxLength: 200 }),
    id: Type.String({ minLength: 1, maxLength: 200 }),
    reason: Type.String({ maxLength: REASON_MAX_LENGTH, description: 'why, told to the requester' }),
  },
  { additionalProperties: false },
);

export type DeclarationRecipientsView = Static<typeof RecipientsResponse>;
export type DeclarationRequestsView = Static<typeof RequestsResponse>;
export type DeclarationRequestOrderBody = Static<typeof RequestBody>;
export type DeclarationRequestDecline = Static<typeof DeclineBody>;
