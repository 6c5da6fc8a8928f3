// The receiving side of a safety report: a `safety-status-update` delivered by another node's outbox to the node that
// owns the person record. The node authenticates the sender, decides `write-status` on its persons dataset by its
// own policies and audits the outcome; this kind says what the update touches and applies it when allowed. An update
// older than the status already stored is a conflict: answered and audited, never applied over the newer report.
import { Type } from '@sinclair/typebox';
import { IdSchema, PurposeSchema, SafetySchema, safetyStatuses, type AreaCode, type Person, type RecordOf } from '../../model/index.ts';
import { deliveryKind, message, type DeliveryAnswer } from '../../node/application/index.ts';
import { LIFELINE_PURPOSE } from './gather.ts';

export const SAFETY_STATUS_UPDATE = 'safety-status-update';

/** A safety-status update; the purpose defaults to life-saving (the reason safety is reported in an emergency). */
export const SafetyStatusUpdateSchema = Type.Object(
  {
    personId: IdSchema,
    safety: SafetySchema,
    purpose: Type.Optional(PurposeSchema),
  },
  { additionalProperties: false },
);

function line(code: 'NODE_PERSON_UNKNOWN' | 'NODE_STATUS_CONFLICT' | 'NODE_STATUS_APPLIED', params: Record<string, string | number>) {
  return { code, message: message(code, params, 'en') };
}

function answer(status: number, body: Record<string, unknown>, code: Parameters<typeof line>[0], params: Record<string, string | number>, recordIds: string[]): DeliveryAnswer {
  return { status, body: { ...body, ...line(code, params) }, reason: { code, params }, recordIds };
}

export const safetyStatusDelivery = deliveryKind({
  kind: SAFETY_STATUS_UPDATE,
  description: '{ personId, safety: { status, whereabouts?, shelter?, reportedBy, reportedAt, note? }, purpose? } (lifeline)',
  payload: SafetyStatusUpdateSchema,
  subjectField: 'personId',
  // Who reported and when are optional in a stored record's safety, but a report from another node must say both.
  refine: (update) => (!update.safety.reportedAt || !update.safety.reportedBy ? 'safety.reportedBy and safety.reportedAt are required' : undefined),

  async resolve(update, records) {
    const person = await records.get('person', update.personId);
    if (!person) {
      const params = { id: update.personId };
      return { ok: false, answer: answer(404, { result: 'unknown-person', personId: update.personId }, 'NODE_PERSON_UNKNOWN', params, []) };
    }
    return {
      ok: true,
      subject: person,
      subjectId: person.id,
      access: {
        purpose: update.purpose ?? LIFELINE_PURPOSE,
        action: 'write-status',
        dataset: 'persons',
        fields: ['safety'],
        recordAreas: [person.data.areaCode as AreaCode],
      },
    };
  },

  async apply(update, person: RecordOf<'person'>, records, { sender, now }) {
    const safety: Person['safety'] = update.safety;
    const stored = person.data.safety.reportedAt;
    if (stored !== undefined && Date.parse(safety.reportedAt!) < Date.parse(stored)) {
      const params = { id: person.id, stored, received: safety.reportedAt! };
      const body = { result: 'conflict', personId: person.id, storedReportedAt: stored, receivedReportedAt: safety.reportedAt! };
      return { ...answer(409, body, 'NODE_STATUS_CONFLICT', params, [person.id]) };
    }
    const [outcome] = await records.upsert([
      {
        id: person.id,
        type: 'person',
        sourceNode: person.sourceNode,
        observedAt: safety.reportedAt!,
        quality: person.quality,
        lineage: [...person.lineage, { activity: 'federated', sourceNode: sender, recordId: person.id, at: now.toISOString() }],
        data: { ...person.data, safety },
      },
    ]);
    const version = outcome!.version;
    // The owner's audit says to what and by whom, not only that a status changed.
    const params = {
      id: person.id,
      version,
      statusJa: safetyStatuses[safety.status].ja,
      statusEn: safetyStatuses[safety.status].en,
      reportedBy: safety.reportedBy ?? sender,
      reportedAt: safety.reportedAt!,
    };
    return answer(200, { result: 'applied', personId: person.id, version }, 'NODE_STATUS_APPLIED', params, [person.id]);
  },
});
