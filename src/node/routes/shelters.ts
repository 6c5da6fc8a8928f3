// Shelters published by this node: list with area / bounding-box filters and keyset pagination, one shelter,
// and its version history.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { RecordEnvelopeSchemas, type RecordOf } from '../../model/index.ts';
import type { RecordQuery, Store } from '../../store/types.ts';
import { problemOf, requestLang, sendProblem } from '../problem.ts';
import { isProblem, parseAreasParam, parseBBoxParam } from '../query-params.ts';

const ListQuery = Type.Object(
  {
    area: Type.Optional(Type.String({ description: 'comma-separated area codes, e.g. 172022 or 170003 (prefecture)' })),
    bbox: Type.Optional(Type.String({ description: 'west,south,east,north in WGS84 degrees' })),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
    after: Type.Optional(Type.String({ description: 'id of the last item of the previous page' })),
    lang: Type.Optional(Type.Union([Type.Literal('ja'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);

const ShelterRecord = RecordEnvelopeSchemas.shelter;
const ListResponse = Type.Object({
  items: Type.Array(ShelterRecord),
  next: Type.Optional(Type.String({ description: 'pass as `after` to get the next page' })),
});
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

export const shelterRoutes: FastifyPluginAsync<{ store: Store; participantId: string }> = async (app, { store }) => {
  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/v1/shelters',
    { schema: { tags: ['shelters'], summary: 'List shelters (避難所一覧)', querystring: ListQuery, response: { 200: ListResponse } } },
    async (request, reply) => {
      const lang = requestLang(request);
      const q: RecordQuery<'shelter'> = { type: 'shelter', limit: request.query.limit + 1 };
      if (request.query.area) {
        const areas = parseAreasParam(request.query.area, lang);
        if (isProblem(areas)) return sendProblem(reply, areas);
        q.areas = areas;
      }
      if (request.query.bbox) {
        const bbox = parseBBoxParam(request.query.bbox, lang);
        if (isProblem(bbox)) return sendProblem(reply, bbox);
        q.bbox = bbox;
      }
      if (request.query.after) q.after = request.query.after;
      const rows: RecordOf<'shelter'>[] = await store.query(q);
      const items = rows.slice(0, request.query.limit);
      return rows.length > request.query.limit ? { items, next: items[items.length - 1]!.id } : { items };
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/shelters/:id',
    { schema: { tags: ['shelters'], summary: 'One shelter, current version', params: IdParams, response: { 200: ShelterRecord } } },
    async (request, reply) => {
      const record = await store.get('shelter', request.params.id);
      if (!record) return sendProblem(reply, problemOf(404, 'HTTP_NOT_FOUND', { what: `shelter ${request.params.id}` }, requestLang(request)));
      return record;
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/shelters/:id/history',
    {
      schema: {
        tags: ['shelters'],
        summary: 'Every version of one shelter, oldest first (版の履歴)',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(ShelterRecord) }) },
      },
    },
    async (request, reply) => {
      const items = await store.history('shelter', request.params.id);
      if (items.length === 0) return sendProblem(reply, problemOf(404, 'HTTP_NOT_FOUND', { what: `shelter ${request.params.id}` }, requestLang(request)));
      return { items };
    },
  );
};
