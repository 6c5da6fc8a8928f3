// Shelters published by this node: list with area / bounding-box filters and keyset pagination, one shelter,
// and its version history. Every answer passes the access gate: decided, masked, audited, then sent.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { RecordEnvelopeSchemas, type AreaCode, type RecordOf } from '../../model/index.ts';
import type { RecordQuery, Store } from '../../store/types.ts';
import type { AccessGate } from '../access-gate.ts';
import { areasOf, bboxNumbers, bboxOf, commaList, DatasetReadParams, pageLimitProblem, PagingParams } from '../read-params.ts';
import { AccessTermsSchema, beginRead, sendRelease, type ReadStart } from '../access-reply.ts';
import { isProblem, problemResponse, sendProblem } from '../problem.ts';
import type { Authenticator } from '../requester.ts';
import { maskedRecordSchema } from '../response-schemas.ts';

const DATASET = 'shelters';

const ListQuery = Type.Object(
  {
    area: Type.Optional(Type.String({ description: 'comma-separated area codes, e.g. 172022 or 170003 (prefecture)' })),
    bbox: Type.Optional(Type.String({ description: 'west,south,east,north in WGS84 degrees' })),
    ...PagingParams,
    ...DatasetReadParams,
  },
  { additionalProperties: false },
);
const ReadQuery = Type.Object(DatasetReadParams, { additionalProperties: false });

const ShelterRecord = maskedRecordSchema(RecordEnvelopeSchemas.shelter);
const ListResponse = Type.Object({
  items: Type.Array(ShelterRecord),
  next: Type.Optional(Type.String({ description: 'pass as `after` to get the next page' })),
  access: AccessTermsSchema,
});
const HistoryResponse = Type.Object({ items: Type.Array(ShelterRecord), access: AccessTermsSchema });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

const gatedResponses = {
  400: problemResponse('bad parameters, e.g. a purpose outside the vocabulary'),
  403: problemResponse("denied by the provider's usage policy; `reasons` says why"),
  503: problemResponse('the audit log could not record the read, so nothing was sent'),
};

const description =
  'Every read is decided by the node\'s usage policies (GET /api/v1/policies) for the stated purpose and recorded in ' +
  'its audit log before the answer is sent; fields the decision does not grant are left out of every record. ' +
  'Shelters are open data: unauthenticated reads are allowed, and a missing purpose is taken as evacuation-support ' +
  '(recorded as assumed). 利用目的ごとにポリシーで判定し、監査ログに記録してから回答します。';

export interface ShelterRouteOptions {
  store: Store;
  gate: AccessGate;
  authenticate: Authenticator;
}

export const shelterRoutes: FastifyPluginAsyncTypebox<ShelterRouteOptions> = async (app, { store, gate, authenticate }) => {
  /** Decide, mask and audit the shelter records one read found, for the requester and purpose it stated. */
  const releaseShelters = (start: ReadStart, requestId: string, records: RecordOf<'shelter'>[], areas: readonly AreaCode[]) =>
    gate.release({ who: start.who, purpose: start.purpose, dataset: DATASET, fields: start.fields, areas, requestId, records });

  app.get(
    '/api/v1/shelters',
    {
      schema: {
        tags: ['shelters'],
        summary: 'List shelters (避難所一覧)',
        description,
        querystring: ListQuery,
        response: { 200: ListResponse, ...gatedResponses },
      },
    },
    async (request, reply) => {
      const start = await beginRead(authenticate, request, reply, request.query);
      if (!start) return reply;
      const tooMany = pageLimitProblem(request.query.limit, start.lang);
      if (tooMany) return sendProblem(reply, tooMany);
      const q: RecordQuery<'shelter'> = { type: 'shelter', limit: request.query.limit + 1 };
      if (request.query.area) {
        const areas = areasOf(commaList(request.query.area), start.lang);
        if (isProblem(areas)) return sendProblem(reply, areas);
        q.areas = areas;
      }
      if (request.query.bbox) {
        const bbox = bboxOf(bboxNumbers(request.query.bbox), start.lang);
        if (isProblem(bbox)) return sendProblem(reply, bbox);
        q.bbox = bbox;
      }
      if (request.query.after) q.after = request.query.after;
      const rows: RecordOf<'shelter'>[] = await store.query(q);
      const page = rows.slice(0, request.query.limit);
      const release = await releaseShelters(start, request.id, page, q.areas ?? []);
      // The cursor is the last id the query read, so pages advance even past records a policy withholds.
      const next = rows.length > request.query.limit ? page[page.length - 1]!.id : undefined;
      return sendRelease(reply, request, start, release, (items, access) => ({ items, ...(next ? { next } : {}), access }), 'shelters');
    },
  );

  app.get(
    '/api/v1/shelters/:id',
    {
      schema: {
        tags: ['shelters'],
        summary: 'One shelter, current version',
        description: `${description} The decision's terms are in the tsunagu-policy, tsunagu-retention and tsunagu-onward-sharing headers.`,
        params: IdParams,
        querystring: ReadQuery,
        response: { 200: ShelterRecord, ...gatedResponses },
      },
    },
    async (request, reply) => {
      const start = await beginRead(authenticate, request, reply, request.query);
      if (!start) return reply;
      const record = await store.get('shelter', request.params.id);
      const release = await releaseShelters(start, request.id, record ? [record] : [], []);
      return sendRelease(reply, request, start, release, (items) => items[0], `shelter ${request.params.id}`);
    },
  );

  app.get(
    '/api/v1/shelters/:id/history',
    {
      schema: {
        tags: ['shelters'],
        summary: 'Every version of one shelter, oldest first (版の履歴)',
        description,
        params: IdParams,
        querystring: ReadQuery,
        response: { 200: HistoryResponse, ...gatedResponses },
      },
    },
    async (request, reply) => {
      const start = await beginRead(authenticate, request, reply, request.query);
      if (!start) return reply;
      const versions = await store.history('shelter', request.params.id);
      const release = await releaseShelters(start, request.id, versions, []);
      return sendRelease(
        reply,
        request,
        start,
        release,
        (items, access) => (items.length > 0 ? { items, access } : undefined),
        `shelter ${request.params.id}`,
      );
    },
  );
};
