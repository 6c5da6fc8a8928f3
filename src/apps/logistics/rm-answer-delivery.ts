// A participant's EDXL-RM answer to a request this node sent (delivery kind `logistics-resource-answer`): a
// CommitResource when it commits or declines, a ReportResourceDeploymentStatus when a consignment moves. The node
// authenticates the sender, applies each idempotency key once, decides a `write-status` on `shipments` by this node's
// policy for the areas of the request's lines, and audits; this kind refuses an answer to a request the node never
// sent or from anyone but the participant the request went to, and stores the rest inside the delivery's transaction.
import type { Static } from '@sinclair/typebox';
import { deliveryKind, type ApplicationContext, type ApplicationDeliveryKind, type DeliveryAnswer } from '../../node/application/index.ts';
import { logisticsMessages } from './messages.ts';
import { answer } from './order-delivery.ts';
import { requestAnswered, takeAnswersIn } from './rm-answer-storage.ts';
import { answeredRequestIds, answerMessagesOf, answersTakenReason, type RmAnswerMessage, type SentRequest } from './rm-answers.ts';
import { deliveredDocument, messagesResolution, refusedAnswer, rmDocumentPayload } from './rm-delivery.ts';
import { LOGISTICS_PURPOSE } from './shipment-flow.ts';

export const RESOURCE_ANSWER = 'logistics-resource-answer';

export const ResourceAnswerSchema = rmDocumentPayload('EDXL-RM 1.0 CommitResource or ReportResourceDeploymentStatus XML, alone or in an EDXL-DE envelope');
export type ResourceAnswer = Static<typeof ResourceAnswerSchema>;

/** What an answer tells of this node's shipments: the fields the policy on `shipments` must grant the sender. */
export const ANSWER_FIELDS = ['status'];

export function resourceAnswerDelivery(context: ApplicationContext): ApplicationDeliveryKind {
  return deliveryKind({
    kind: RESOURCE_ANSWER,
    description: '{ document: EDXL-RM CommitResource / ReportResourceDeploymentStatus XML (alone or in EDXL-DE), purpose? } (logistics; answers to requests this node sent, from the participant each went to)',
    payload: ResourceAnswerSchema,
    subjectField: 'messageId',
    auditKind: 'logistics-answer',

    async resolve(payload, records, { sender }) {
      const read = deliveredDocument(context, payload.document);
      if (!read.ok) return read;
      const found = answerMessagesOf(read.messages);
      if (!found.ok) return { ok: false, answer: answer(422, { result: 'refused', messageId: found.messageId }, 'LOGISTICS_RM_NOT_ANSWER', { messageId: found.messageId, type: found.type }, []) };
      // The decision concerns the areas the answered requests asked for; an answer to no request of ours has nothing to
      // decide. A request this node sent to someone else is, to the sender, one it never sent: answered the same, before
      // any policy, so that no participant learns which MessageIDs this node sent (or to whom) by answering them.
      const requests: SentRequest[] = [];
      for (const m of found.answers) {
        const sent = await requestAnswered(records.tables, m);
        if (!sent || sent.sentTo !== sender) return { ok: false, answer: unknownRequest(m, sender, sent) };
        requests.push(sent);
      }
      const areas = [...new Set(requests.flatMap((r) => r.lines.map((l) => l.areaCode)))];
      return messagesResolution(context, found.answers, { purpose: payload.purpose ?? LOGISTICS_PURPOSE, action: 'write-status', dataset: 'shipments', fields: ANSWER_FIELDS }, areas);
    },

    async apply(_payload, answers: RmAnswerMessage[], records, { sender, now }) {
      const outcome = await takeAnswersIn(records.tables, answers, { sender, signed: true, by: sender, at: now.toISOString() });
      if (!outcome.ok) {
        const refused = answers[outcome.index]!;
        // Refused as unknown (a request sent to another party since resolve read it): told as resolve tells it.
        if (outcome.refusal.code === 'LOGISTICS_RM_ANSWER_REQUEST_UNKNOWN') return unknownRequest(refused, sender, await requestAnswered(records.tables, refused));
        return refusedAnswer(outcome.refusal, refused.header.messageId);
      }
      const reason = answersTakenReason(outcome.steps, sender, sender);
      const unchanged = outcome.steps.every((s) => s.kind === 'unchanged');
      return {
        status: unchanged ? 200 : 202,
        body: {
          result: unchanged ? 'unchanged' : 'taken', messages: outcome.steps.map((s) => ({ messageId: s.messageId, answers: s.answers, result: s.kind === 'store' ? 'stored' : 'unchanged' })),
          code: reason.code, message: logisticsMessages.text('LOGISTICS_RM_ANSWER_TAKEN', reason.params, 'en'),
        },
        reason,
        recordIds: [...new Set(outcome.steps.map((s) => s.answers))].slice(0, 1000),
      };
    },
  });
}

/**
 * The refusal of an answer to a request this node did not send to `sender`: the same to the peer whether it was never
 * sent or sent to another party; only the audit entry names the request and its addressee (LOGISTICS_RM_ANSWER_NOT_ADDRESSEE).
 */
export function unknownRequest(m: RmAnswerMessage, sender: string, sent: SentRequest | undefined): DeliveryAnswer {
  const params = { messageId: m.header.messageId, request: answeredRequestIds(m).join(', ') };
  const refused = answer(409, { result: 'refused', messageId: m.header.messageId }, 'LOGISTICS_RM_ANSWER_REQUEST_UNKNOWN', params, []);
  if (!sent) return refused;
  const addressee = { messageId: m.header.messageId, request: sent.messageId, sender, addressee: sent.sentTo ?? sent.recipient };
  return { ...refused, audit: [refused.reason, { code: 'LOGISTICS_RM_ANSWER_NOT_ADDRESSEE', params: addressee }] };
}
