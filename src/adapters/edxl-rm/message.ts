// EDXL-RM 1.0 messages as Tsunagu reads and writes them: plain typed values (and their JSON Schemas, for JSON given
// on the command line) that the logistics application can take — a request's demand lines, a commitment's answer
// and what it commits, a deployment status report's shipment state — without knowing any XML.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import {
  DateSchema,
  DateTimeSchema,
  DemandSchema,
  ParticipantIdSchema,
  PlaceRefSchema,
  ShipmentLineSchema,
  type ShipmentStatus,
} from '../../model/index.ts';

/** The message types Tsunagu reads and writes; the standard defines thirteen more, which are refused by name. */
export const rmMessageTypes = ['RequestResource', 'CommitResource', 'ReportResourceDeploymentStatus'] as const;
export type RmMessageType = (typeof rmMessageTypes)[number];

/** Every message type EDXL-RM 1.0 reserves (MessageContentTypeType), so a known but unsupported one is named as such. */
export const allRmMessageTypes: readonly string[] = [
  ...rmMessageTypes,
  'ResponseToRequestResource', 'RequisitionResource', 'RequestInformation', 'ResponseToRequestInformation',
  'OfferUnsolicitedResource', 'ReleaseResource', 'RequestReturn', 'ResponseToRequestReturn', 'RequestQuote',
  'ResponseToRequestQuote', 'RequestResourceDeploymentStatus', 'RequestExtendedDeploymentDuration',
  'ResponseToRequestExtendedDeploymentDuration',
];

const Text = Type.String({ minLength: 1 });

/** ContactRoleType of EDXL-RM 1.0. */
export const RmContactRoleSchema = Type.Union([
  Type.Literal('Sender'),
  Type.Literal('Requester'),
  Type.Literal('SubjectMatterExpert'),
  Type.Literal('Approver'),
  Type.Literal('RespondingOrg'),
  Type.Literal('Owner'),
]);

/** What every message carries before its resource lines. */
export const RmHeaderSchema = Type.Object(
  {
    messageId: Text,
    sentAt: DateTimeSchema,
    originatingMessageId: Type.String({ minLength: 1, description: 'the message that started the exchange (a request: its own id)' }),
    precedingMessageId: Type.Optional(Type.String({ minLength: 1, description: 'the message this one answers; required in a CommitResource' })),
    incidentId: Type.Optional(Text),
    description: Type.Optional(Text),
    recall: Type.Optional(
      Type.Object(
        { messageId: Text, type: Type.Union([Type.Literal('update'), Type.Literal('cancel')]) },
        { additionalProperties: false, description: 'MessageRecall: this message updates or cancels an earlier one' },
      ),
    ),
    contact: Type.Object(
      { role: Type.Optional(RmContactRoleSchema), description: Type.Optional(Text) },
      { additionalProperties: false, minProperties: 1, description: 'ContactInformation: its role, its description (who: an organisation, a desk), or both' },
    ),
  },
  { additionalProperties: false },
);
export type RmHeader = Static<typeof RmHeaderSchema>;

/** One ResourceInformation of a RequestResource: one demand line. */
export const RmRequestLineSchema = Type.Object({ elementId: Text, demand: DemandSchema }, { additionalProperties: false });

/** Where a committed or reported shipment line goes, from whom, under which dispatch order. */
const shipmentParties = {
  order: Type.Optional(Type.String({ minLength: 1, description: 'OrderID: the dispatch order this line fulfils' })),
  supplier: Type.Optional(ParticipantIdSchema),
  from: Type.Optional(PlaceRefSchema),
  to: Type.Optional(PlaceRefSchema),
};

/** ResponseTypeType of EDXL-RM 1.0, in Tsunagu's words. */
export const RmAnswerSchema = Type.Union([Type.Literal('accept'), Type.Literal('decline'), Type.Literal('provisional')]);
export type RmAnswer = Static<typeof RmAnswerSchema>;

/** One ResourceInformation of a CommitResource: the answer to one requested line and, when accepted, what is committed. */
export const RmCommitLineSchema = Type.Object(
  {
    elementId: Text,
    respondsTo: Type.String({ minLength: 1, description: 'PrecedingResourceInfoElementID: the requested line answered' }),
    answer: RmAnswerSchema,
    reason: Type.Optional(Text),
    ...shipmentParties,
    line: Type.Optional(ShipmentLineSchema),
    estimatedArrival: Type.Optional(DateTimeSchema),
  },
  { additionalProperties: false },
);
export type RmCommitLine = Static<typeof RmCommitLineSchema>;

/** The states a deployment status report can carry: what happens after a commitment (commit and decline are CommitResource). */
export const RmReportedStateSchema = Type.Union([
  Type.Literal('dispatched'),
  Type.Literal('in-transit'),
  Type.Literal('delivered'),
  Type.Literal('received'),
]);

/** What the receiver counted of one reported line: every unit shipped is received, damaged or lost. */
export const RmReceiptSchema = Type.Object(
  {
    received: Type.Number({ minimum: 0 }),
    damaged: Type.Number({ minimum: 0 }),
    lost: Type.Number({ minimum: 0 }),
    lot: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    expiresOn: Type.Optional(DateSchema),
  },
  { additionalProperties: false },
);

/** One ResourceInformation of a ReportResourceDeploymentStatus: one shipment line and the state it has reached. */
export const RmStatusLineSchema = Type.Object(
  {
    elementId: Text,
    respondsTo: Type.Optional(Type.String({ minLength: 1 })),
    ...shipmentParties,
    line: ShipmentLineSchema,
    state: RmReportedStateSchema,
    at: DateTimeSchema,
    receipt: Type.Optional(RmReceiptSchema),
  },
  { additionalProperties: false },
);
export type RmStatusLine = Static<typeof RmStatusLineSchema>;

const messageOf = <T extends RmMessageType, L extends TSchema>(type: T, line: L) =>
  Type.Object({ type: Type.Literal(type), header: RmHeaderSchema, lines: Type.Array(line, { minItems: 1 }) }, { additionalProperties: false });

/** Each message type's schema, so that a problem is reported against the type the message says it is. */
export const rmMessageSchemas = {
  RequestResource: messageOf('RequestResource', RmRequestLineSchema),
  CommitResource: messageOf('CommitResource', RmCommitLineSchema),
  ReportResourceDeploymentStatus: messageOf('ReportResourceDeploymentStatus', RmStatusLineSchema),
} as const;

export const RmMessageSchema = Type.Union([rmMessageSchemas.RequestResource, rmMessageSchemas.CommitResource, rmMessageSchemas.ReportResourceDeploymentStatus]);
export type RmMessage = Static<typeof RmMessageSchema>;
export type RmRequestResource = Extract<RmMessage, { type: 'RequestResource' }>;
export type RmCommitResource = Extract<RmMessage, { type: 'CommitResource' }>;
export type RmDeploymentStatus = Extract<RmMessage, { type: 'ReportResourceDeploymentStatus' }>;

/**
 * The shipment status a commitment line puts a planned shipment in: committed when accepted, declined (with the
 * reason given, else the standard's word) when declined; none while provisional ("I will get back to you").
 */
export function commitmentStatus(line: RmCommitLine, at: string): Extract<ShipmentStatus, { state: 'committed' | 'declined' }> | undefined {
  if (line.answer === 'accept') return { state: 'committed', at };
  if (line.answer === 'decline') return { state: 'declined', at, reason: line.reason ?? 'Decline' };
  return undefined;
}

/** The shipment status a reported line puts its shipment in; a received line carries its receipt as line 0. */
export function reportedStatus(line: RmStatusLine): Extract<ShipmentStatus, { state: RmStatusLine['state'] }> | undefined {
  if (line.state !== 'received') return { state: line.state, at: line.at };
  if (!line.receipt) return undefined;
  return { state: 'received', at: line.at, receipt: [{ line: 0, ...line.receipt }] };
}
