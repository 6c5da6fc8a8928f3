// A participant's EDXL-RM answer to a request this node sent (delivery kind `logistics-resource-answer`): a
// CommitResource when it commits or declines, a ReportResourceDeploymentStatus when a consignment moves. The node
// authenticates the sender, applies each idempotency key once, decides a `write-status` on `shipments` by this node's
// policy for the areas of the request's lines, and audits; this kind refuses an answer to a request the node never
// sent or from anyone but the participant the request went to, and stores the rest inside the delivery's transaction.
import type { Static } from '@sinclair/typebox';
import { deliveryKind, type ApplicationContext, type ApplicationDeliveryKind } from '../../node/application/index.ts';
import { logisticsMessages } from './messages.ts';
import { answer } from './order-delivery.ts';
import { requestAnswered, takeAnswersIn } from './rm-answer-storage.ts';
import { answerMessagesOf, answersTakenReason, type RmAnswerMessage, type SentRequest } from './rm-answers.ts';
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

    async resolve(payload, records) {
      const read = deliveredDocument(context, payload.document);
      if (!read.ok) return read;
      const found = answerMessagesOf(read.messages);
      if (!found.ok) return { ok: false, answer: answer(422, { result: 'refused', messageId: found.messageId }, 'LOGISTICS_RM_NOT_ANSWER', { messageId: found.messageId, type: found.type }, []) };
      // The decision concerns the areas the answered requests asked for; an answer to no request of ours has nothing to decide.
      const requests: SentRequest[] = [];
      for (const m of found.answers) {
        const sent = await requestAnswered(records.tables, m);
        if (!sent) {
          const params = { messageId: m.header.messageId, request: m.header.originatingMessageId };
          return { ok: false, answer: answer(409, { result: 'refused', messageId: m.header.messageId }, 'LOGISTICS_RM_ANSWER_REQUEST_UNKNOWN', params, []) };
        }
        requests.push(sent);
      }
      const areas = [...new Set(requests.flatMap((r) => r.lines.map((l) => l.areaCode)))];
      return messagesResolution(context, found.answers, { purpose: payload.purpose ?? LOGISTICS_PURPOSE, action: 'write-status', dataset: 'shipments', fields: ANSWER_FIELDS }, areas);
    },

    async apply(_payload, answers: RmAnswerMessage[], records, { sender, now }) {
      const outcome = await takeAnswersIn(records.tables, answers, { sender, signed: true, by: sender, at: now.toISOString() });
      if (!outcome.ok) return refusedAnswer(outcome.refusal, answers[outcome.index]!.header.messageId);
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
