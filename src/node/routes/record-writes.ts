// POST /api/v1/datasets/{dataset}/records: the owner writes its own records through its node's API. Only a signed
// request of the participant this node serves may; each draft is checked against the model, audited, then stored
// as a new version (earlier versions stay in history).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AuditLogWriter } from '../../audit/index.ts';
import { RecordEnvelopeSchemas, validateYielding, type AnyRecordDraft, type Validated } from '../../model/index.ts';
import { isPublicRequester } from '../../policy/index.ts';
import type { Store } from '../../store/types.ts';
import { problemOf, problemResponse, requestLang, sendProblem } from '../problem.ts';
import type { Authenticator } from '../requester.ts';
import { datasetRecordTypes } from './datasets.ts';

const Params = Type.Object({ dataset: Type.String({ minLength: 1, maxLength: 100 }) });
const Body = Type.Object(
  { records: Type.Array(Type.Unknown({ description: 'a record draft: the envelope without version and recordedAt' }), { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);

export interface RecordWriteRouteOptions {
  store: Store;
  participantId: string;
  published: ReadonlySet<string>;
  auditLog: Pick<AuditLogWriter, 'append'>;
  authenticate: Authenticator;
}

export const recordWriteRoutes: FastifyPluginAsyncTypebox<RecordWriteRouteOptions> = async (app, options) => {
  const { store, participantId, published, auditLog, authenticate } = options;
  const draftSchemas = Object.fromEntries(
    Object.entries(RecordEnvelopeSchemas).map(([t, s]) => [t, Type.Omit(s, ['version', 'recordedAt'])]),
  );

  app.post(
    '/api/v1/datasets/:dataset/records',
    {
      schema: {
        tags: ['datasets'],
        summary: "Write the owner's records (所有者によるレコードの書き込み)",
        description: `Signed requests of this node's own participant only. Each record must be of the dataset's type and name this node as sourceNode.`,
        params: Params,
        body: Body,
        response: {
          200: Type.Object({ outcomes: Type.Array(Type.Object({ id: Type.String(), kind: Type.String(), version: Type.Integer() })) }),
          403: problemResponse("not a signed request of this node's owner"),
          404: problemResponse('the dataset is not published by this node'),
          422: problemResponse('a record does not match the model'),
        },
      },
    },
    async (request, reply) => {
      const lang = requestLang(request);
      const who = await authenticate(request);
      if (!who.ok) return sendProblem(reply, who.problem);
      const requester = who.value.requester;
      if (isPublicRequester(requester) || requester.id !== participantId) {
        return sendProblem(reply, problemOf(403, 'NODE_WRITE_OWNER_ONLY', { owner: participantId }, lang, { requestId: request.id }));
      }
      const { dataset } = request.params;
      const type = datasetRecordTypes[dataset];
      if (type === undefined || !published.has(dataset)) {
        const known = [...published].sort().join(', ');
        return sendProblem(reply, problemOf(404, 'NODE_DATASET_UNKNOWN', { dataset: dataset.slice(0, 100), known }, lang, { requestId: request.id }));
      }
      const problems: string[] = [];
      const drafts: AnyRecordDraft[] = [];
      // Records may hold areas (an alert's polygons): their ring checks run in slices, the event loop free between.
      for (const [i, r] of request.body.records.entries()) {
        const v: Validated<unknown> = await validateYielding(draftSchemas[type]!, r);
        if (!v.ok) problems.push(...v.problems.slice(0, 5).map((p) => `/records/${i}${p.path} ${p.message}`));
        else if ((v.value as AnyRecordDraft).type !== type) problems.push(`/records/${i}/type must be ${type}`);
        else if ((v.value as AnyRecordDraft).sourceNode !== participantId) problems.push(`/records/${i}/sourceNode must be ${participantId}`);
        else drafts.push(v.value as AnyRecordDraft);
      }
      if (problems.length > 0) {
        const detail = problems.slice(0, 20).join('; ').slice(0, 900);
        return sendProblem(reply, problemOf(422, 'NODE_RECORDS_INVALID', { detail }, lang, { requestId: request.id }));
      }
      const ids = [...new Set(drafts.map((d) => d.id))];
      const appended = await auditLog.append([
        {
          kind: 'access-decision',
          requester: requester.id,
          purpose: 'record-maintenance',
          action: 'write',
          dataset,
          fields: ['*'],
          recordCount: drafts.length,
          ...(ids.length <= 1000 ? { recordIds: ids } : {}),
          decision: 'allow',
          reasons: [{ code: 'NODE_RECORDS_WRITTEN', params: { count: drafts.length } }],
          requestId: request.id,
        },
      ]);
      if (!appended.ok) return sendProblem(reply, problemOf(503, 'NODE_AUDIT_UNAVAILABLE', { requestId: request.id }, lang, { requestId: request.id }));
      const outcomes = await store.upsert(drafts);
      return { outcomes: outcomes.map((o) => ({ id: o.id, kind: o.kind, version: o.version })) };
    },
  );
};
