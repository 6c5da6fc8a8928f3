// A participant's EDXL-RM RequestResource arriving from its node's outbox (delivery kind `logistics-resource-request`):
// the node authenticates the sender, applies each idempotency key once, decides a write on `demands` by this node's
// policies for the areas the lines name, and audits; this kind reads the document and takes its lines in as requests
// inside the delivery's transaction — all lines or none, the same MessageID again changing nothing.
import { Type, type Static } from '@sinclair/typebox';
import { areaCode, DemandSchema, PurposeSchema } from '../../model/index.ts';
import { deliveryKind, message, type ApplicationContext, type ApplicationDeliveryKind, type DeliveryAccess, type DeliveryAnswer, type RmMessage } from '../../node/application/index.ts';
import { logisticsMessages } from './messages.ts';
import { answer } from './order-delivery.ts';
import { problemErrors, rmTakenOf, rmTakenReason } from './rm-service.ts';
import { LOGISTICS_PURPOSE } from './shipment-flow.ts';
import { takeRmMessagesIn } from './storage.ts';

export const RESOURCE_REQUEST = 'logistics-resource-request';

/**
 * The payload of every EDXL-RM delivery kind: the document travels as its XML text (the receiving node reads it itself,
 * as it reads a file), with the purpose it is sent for. `description` names the messages the kind carries.
 */
export function rmDocumentPayload(description: string) {
  return Type.Object(
    {
      document: Type.String({ minLength: 1, maxLength: 900_000, description }),
      purpose: Type.Optional(PurposeSchema),
    },
    { additionalProperties: false },
  );
}

export const ResourceRequestSchema = rmDocumentPayload('EDXL-RM 1.0 RequestResource XML, alone or in an EDXL-DE envelope');
export type ResourceRequest = Static<typeof ResourceRequestSchema>;

/** The demand fields a request writes: what the policy on `demands` must grant the sender. */
export const DEMAND_FIELDS = Object.keys(DemandSchema.properties);

/** The messages of an EDXL-RM document a peer delivered, or the refusal (every problem named) when it does not read. */
export function deliveredDocument(context: ApplicationContext, document: string): { ok: true; messages: RmMessage[] } | { ok: false; answer: DeliveryAnswer } {
  const read = context.resourceMessages.read(new TextEncoder().encode(document));
  if (read.ok) return { ok: true, messages: read.messages };
  const reasons = read.problems.map((p) => message(p.code, p.params, 'en')).join('; ').slice(0, 2000);
  return { ok: false, answer: answer(422, { result: 'refused', errors: problemErrors(read.problems, 'en') }, 'LOGISTICS_RM_DOCUMENT_REFUSED', { reasons }, []) };
}

/** A refused message of a delivered document, answered with its code and the elements it names. */
export function refusedAnswer(r: { status: number; code: Parameters<typeof answer>[2]; params: Record<string, string | number>; errors?: { path: string; message: string }[] }, messageId: string): DeliveryAnswer {
  return answer(r.status, { result: 'refused', messageId, ...(r.errors ? { errors: r.errors } : {}) }, r.code, r.params, []);
}

/** What a delivered document's messages ask of this node, for its policies: the access, over the areas they concern (else the node's). */
export function messagesResolution<M extends RmMessage>(context: ApplicationContext, messages: M[], access: Omit<DeliveryAccess, 'recordAreas'>, areas: readonly string[]) {
  return {
    ok: true as const,
    subject: messages,
    subjectId: messages.map((m) => m.header.messageId).join(', ').slice(0, 500),
    access: { ...access, recordAreas: areas.length > 0 ? areas.map(areaCode) : [...context.dataAreas] },
  };
}

export function resourceRequestDelivery(context: ApplicationContext): ApplicationDeliveryKind {
  return deliveryKind({
    kind: RESOURCE_REQUEST,
    description: '{ document: EDXL-RM RequestResource XML (alone or in EDXL-DE), purpose? } (logistics; taken in as requests, all lines or none)',
    payload: ResourceRequestSchema,
    subjectField: 'messageId',
    auditKind: 'logistics-request',

    async resolve(payload) {
      const read = deliveredDocument(context, payload.document);
      if (!read.ok) return read;
      // The decision concerns the areas the requested lines name; a message of another type is refused when applied.
      const areas = [...new Set(read.messages.flatMap((m) => (m.type === 'RequestResource' ? m.lines.map((l) => l.demand.areaCode) : [])))];
      return messagesResolution(context, read.messages, { purpose: payload.purpose ?? LOGISTICS_PURPOSE, action: 'write', dataset: 'demands', fields: DEMAND_FIELDS }, areas);
    },

    async apply(_payload, messages: RmMessage[], records, { sender, now }) {
      const outcome = await takeRmMessagesIn(records.tables, messages, { sender, requester: sender, by: sender, at: now.toISOString() });
      if (!outcome.ok) return refusedAnswer(outcome.refusal, messages[outcome.index]!.header.messageId);
      const taken = rmTakenOf(outcome);
      const reason = rmTakenReason(taken, sender, sender);
      const unchanged = taken.messages.every((m) => m.result === 'unchanged');
      return {
        status: unchanged ? 200 : 202,
        body: { result: unchanged ? 'unchanged' : 'taken', messages: taken.messages, code: reason.code, message: logisticsMessages.text('LOGISTICS_RM_TAKEN', reason.params, 'en') },
        reason,
        recordIds: taken.messages.flatMap((m) => [...m.requestIds, ...m.withdrawn]).slice(0, 1000),
      };
    },
  });
}
