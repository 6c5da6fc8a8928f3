// Any dataset this node publishes (persons, shelters, facilities): a query by area codes, bounding box or polygon,
// with purpose, fields and an optional delegation (on-behalf-of), answered only through the access gate — decided,
// masked, audited, then sent. An unknown dataset is refused with 404 and audited too.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AuditLogWriter } from '../../audit/index.ts';
import type { Purpose, RecordType } from '../../model/index.ts';
import type { RecordQuery, Store } from '../../store/types.ts';
import { verifyDelegation } from '../../trust/delegation.ts';
import { verifyParticipant, type TrustRegistry } from '../../trust/trust-registry.ts';
import type { TrustProblem } from '../../trust/verified.ts';
import type { Lang } from '../../i18n/index.ts';
import { isPublicRequester } from '../../policy/index.ts';
import type { AccessGate, GatedRecord } from '../access-gate.ts';
import { areasOf, bboxNumbers, bboxOf, commaList, DatasetReadParams, pageLimitProblem, PagingParams, withinOf } from '../read-params.ts';
import { AccessTermsSchema, beginRead, sendAggregateRelease, sendRelease, sendReleasedPage, type ReadStart } from '../access-reply.ts';
import { AggregateTableSchema } from '../../policy/aggregate-table.ts';
import { isProblem, problemOf, problemResponse, requestLang, sendProblem, type Problem } from '../problem.ts';
import type { Authenticator } from '../requester.ts';

/** Dataset names of the policies and the record type that holds each. */
export const datasetRecordTypes: Readonly<Record<string, RecordType>> = {
  persons: 'person', shelters: 'shelter', facilities: 'facility', stock: 'stock',
  demands: 'demand', vehicles: 'vehicle', 'road-segments': 'road-segment', shipments: 'shipment', 'lead-times': 'lead-time',
};

/** Header carrying a signed delegation for a GET: RFC 8785 JSON of the signed document, UTF-8, base64url. */
export const DELEGATION_HEADER = 'tsunagu-delegation';
const MAX_DELEGATION_HEADER_CHARS = 16_384;

const DatasetParams = Type.Object({ dataset: Type.String({ minLength: 1, maxLength: 100, description: 'persons, shelters, facilities or stock' }) });

const AnswerParam = Type.Optional(
  Type.Union([Type.Literal('records'), Type.Literal('aggregate')], {
    description:
      'records (the default), or aggregate: counts per group as an aggregate-only permit (e.g. for statistics) defines them, ' +
      'groups under its minimum withheld; narrowed by `area` only (集計での回答)',
  }),
);

const RecordsQuery = Type.Object(
  {
    answer: AnswerParam,
    area: Type.Optional(Type.String({ maxLength: 2000, description: 'comma-separated area codes, e.g. 172022 or 170003 (prefecture)' })),
    bbox: Type.Optional(Type.String({ maxLength: 200, description: 'west,south,east,north in WGS84 degrees' })),
    within: Type.Optional(Type.String({ maxLength: 100_000, description: 'a GeoJSON Polygon or MultiPolygon as JSON; prefer POST …/query for polygons' })),
    ...PagingParams,
    ...DatasetReadParams,
  },
  { additionalProperties: false },
);

const QueryBody = Type.Object(
  {
    answer: AnswerParam,
    purpose: DatasetReadParams.purpose,
    fields: DatasetReadParams.fields,
    lang: DatasetReadParams.lang,
    area: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 200, description: 'area codes' })),
    bbox: Type.Optional(Type.Array(Type.Number(), { minItems: 4, maxItems: 4, description: '[west, south, east, north]' })),
    // Both are checked by their own validators, whose refusals carry their own codes: the polygon by the model's
    // (schema and ring closure, NODE_WITHIN_INVALID), the delegation by trust (signature, standing, NODE_DELEGATION_INVALID 403).
    within: Type.Optional(Type.Unknown({ description: 'GeoJSON Polygon or MultiPolygon, [lon, lat] WGS84' })),
    delegation: Type.Optional(Type.Unknown({ description: 'a signed delegation (src/trust signDelegation) to act on behalf of its owner' })),
    ...PagingParams,
  },
  { additionalProperties: false },
);

/** A page of a dataset answer, as documented in the OpenAPI schema (written as JSON bytes by `sendJsonBytes`). */
export const RecordsResponse = Type.Object({
  items: Type.Array(Type.Object({}, { additionalProperties: true, description: 'a record as the policy lets it out' })),
  next: Type.Optional(Type.String({ description: 'pass as `after` to get the next page' })),
  access: AccessTermsSchema,
});

/** An aggregate answer: counts (and totals) per group, never a record. */
export const AggregateResponse = Type.Object({ aggregate: AggregateTableSchema, access: AccessTermsSchema });

/**
 * The most records one aggregate counts: on PGlite the count runs on the node's own thread, which no statement timeout
 * can interrupt, so this bounds what one request can cost there.
 */
export const MAX_AGGREGATE_RECORDS = 200_000;

const responses = {
  200: Type.Union([RecordsResponse, AggregateResponse]),
  400: problemResponse('bad parameters, e.g. a purpose outside the vocabulary or a malformed polygon'),
  401: problemResponse('a signature that did not verify (forged, clock-skewed, replayed)'),
  403: problemResponse("denied by the provider's usage policy, or an invalid delegation; `reasons` says why"),
  404: problemResponse('the dataset is not published by this node'),
  503: problemResponse('the audit log could not record the read, so nothing was sent'),
};

const description =
  'With `answer=aggregate`, an aggregate-only permit (statistics) is answered with counts per group and no record; ' +
  'groups under its minimum are withheld. ' +
  'Every read is decided by the node\'s usage policies for the stated purpose (required for participants) and recorded ' +
  'in its audit log before the answer is sent; fields the decision does not grant are left out. Acting for another ' +
  `participant needs a signed delegation (body \`delegation\`, or the ${DELEGATION_HEADER} header). ` +
  '利用目的ごとにポリシーで判定し、監査ログに記録してから回答します。';

/** What a read asks for, from either route, in one typed shape: a query string's lists split once, a body's as given. */
interface Filters {
  answer?: 'records' | 'aggregate';
  areas?: readonly string[];
  bbox?: readonly number[];
  within?: { json: string } | { value: unknown };
  limit: number;
  after?: string;
  delegation?: unknown;
}

export interface DatasetRouteOptions {
  store: Store;
  gate: AccessGate;
  authenticate: Authenticator;
  auditLog: Pick<AuditLogWriter, 'append'>;
  /** Datasets a policy of this node governs: only these are published. */
  published: ReadonlySet<string>;
  /** Needed to verify delegations; without it, on-behalf-of requests are refused. */
  registry?: TrustRegistry;
  now?: () => Date;
  /**
   * Longest piece of a query area's ring check between two turns of the event loop (src/model/steps.ts's default).
   * `Infinity` checks the whole area in one turn of its own, as the node did before the check yielded: for the
   * own-/health benchmark's comparison.
   */
  areaCheckSliceMs?: number;
}

/** A delegation that did not verify: its trust problems named in `detail` and, one by one, in `errors`. */
function delegationRefused(problems: readonly TrustProblem[], lang: Lang): Problem {
  return problemOf(403, 'NODE_DELEGATION_INVALID', { detail: problems.map((p) => p.code).join(', ') }, lang, {
    errors: problems.map((p) => ({ path: p.field ?? '', message: p.code })),
  });
}

export const datasetRoutes: FastifyPluginAsyncTypebox<DatasetRouteOptions> = async (app, options) => {
  const { store, gate, authenticate, auditLog, published } = options;
  const now = options.now ?? (() => new Date());

  /** An unknown dataset is refused and, like every refusal, audited. */
  async function unknownDataset(request: FastifyRequest, reply: FastifyReply, dataset: string, start: ReadStart): Promise<FastifyReply> {
    const known = [...published].sort().join(', ');
    const safe = /^[A-Za-z0-9][A-Za-z0-9_.:@/-]*$/.test(dataset) ? dataset : 'unknown';
    await auditLog
      .append([
        {
          kind: 'access-decision',
          requester: isPublicRequester(start.who.requester) ? 'public:anonymous' : start.who.requester.id,
          purpose: start.purpose.purpose,
          action: 'read',
          dataset: safe,
          fields: start.fields === '*' ? ['*'] : [...start.fields],
          recordCount: 0,
          decision: 'deny',
          reasons: [{ code: 'NODE_DATASET_UNKNOWN', params: { dataset: dataset.slice(0, 100), known } }],
          requestId: request.id,
        },
      ])
      .catch((e: unknown) => request.log.error({ requestId: request.id, err: e }, 'refusal not audited'));
    return sendProblem(reply, problemOf(404, 'NODE_DATASET_UNKNOWN', { dataset: dataset.slice(0, 100), known }, start.lang, { requestId: request.id }));
  }

  async function delegationOf(raw: unknown, start: ReadStart): Promise<ReadStart | Problem> {
    if (raw === undefined) return start;
    if (isPublicRequester(start.who.requester)) return problemOf(403, 'NODE_DELEGATION_NEEDS_PARTICIPANT', {}, start.lang);
    if (!options.registry) return problemOf(403, 'NODE_DELEGATION_INVALID', { detail: 'no trust registry' }, start.lang);
    const at = now();
    const verified = verifyDelegation(raw, options.registry, at);
    if (!verified.ok) return delegationRefused(verified.problems, start.lang);
    const owner = verifyParticipant(verified.value.delegation.owner, options.registry, at);
    if (!owner.ok) return delegationRefused(owner.problems, start.lang);
    return { ...start, who: { ...start.who, onBehalfOf: { owner: owner.value, delegation: verified.value } } };
  }

  /**
   * An aggregate over every record of the dataset, not a page nor a range: aggregates over ranges that differ by a few
   * records (a box, a polygon, a page, another set of areas) would single them out by subtraction. Area codes only
   * select which groups of the whole table are shown. The gate decides before anything is counted, and counts in the
   * store.
   */
  async function aggregate(request: FastifyRequest, reply: FastifyReply, dataset: string, start: ReadStart, q: RecordQuery, filters: Filters) {
    if (filters.bbox || filters.within !== undefined || filters.after !== undefined) {
      return sendProblem(reply, problemOf(400, 'NODE_AGGREGATE_FILTER', {}, start.lang, { requestId: request.id }));
    }
    const release = await gate.releaseAggregate({
      who: start.who,
      purpose: start.purpose,
      dataset,
      fields: start.fields,
      ...(q.areas ? { select: q.areas } : {}),
      requestId: request.id,
      source: { store, type: q.type, maxRecords: MAX_AGGREGATE_RECORDS },
    });
    return sendAggregateRelease(reply, request, start, release);
  }

  async function answer(request: FastifyRequest, reply: FastifyReply, dataset: string, query: { purpose?: Purpose; fields?: string }, filters: Filters) {
    const begun = await beginRead(authenticate, request, reply, query);
    if (!begun) return reply;
    const type = datasetRecordTypes[dataset];
    if (type === undefined || !published.has(dataset)) return unknownDataset(request, reply, dataset, begun);
    const start = await delegationOf(filters.delegation, begun);
    if (isProblem(start)) return sendProblem(reply, { ...start, requestId: request.id });

    const q: RecordQuery = { type, limit: filters.limit + 1 };
    if (filters.areas && filters.areas.length > 0) {
      const areas = areasOf(filters.areas, start.lang);
      if (isProblem(areas)) return sendProblem(reply, areas);
      q.areas = areas;
    }
    if (filters.bbox) {
      const bbox = bboxOf(filters.bbox, start.lang);
      if (isProblem(bbox)) return sendProblem(reply, bbox);
      q.bbox = bbox;
    }
    if (filters.within !== undefined) {
      const within = await withinOf(filters.within, start.lang, options.areaCheckSliceMs);
      if (isProblem(within)) return sendProblem(reply, within);
      q.within = within;
    }
    if (filters.answer === 'aggregate') return aggregate(request, reply, dataset, start, q, filters);
    if (filters.after) q.after = filters.after;
    if (q.areas && q.areas.length > 0) {
      // The areas named are what is decided: decided before anything is read, then read as released, the page's JSON
      // written by the database where it can be and sent as it is.
      const released = await gate.releasePage({
        who: start.who,
        purpose: start.purpose,
        dataset,
        fields: start.fields,
        areas: q.areas,
        requestId: request.id,
        source: { store, query: { ...q, limit: filters.limit } },
      });
      return sendReleasedPage(reply, request, start, released);
    }
    const rows = (await store.query(q)) as GatedRecord[];
    const page = rows.slice(0, filters.limit);
    const release = await gate.release({
      who: start.who,
      purpose: start.purpose,
      dataset,
      fields: start.fields,
      areas: q.areas ?? [],
      requestId: request.id,
      records: page,
    });
    // The cursor is the last id the query read, so pages advance even past records a policy withholds.
    const next = rows.length > filters.limit ? page[page.length - 1]!.id : undefined;
    // Written as JSON bytes once (RecordsResponse names all a page holds: open records, `next`, the terms built by
    // accessTerms), then digested, signed and sent as they are.
    return sendRelease(reply, request, start, release, (items, access) => ({ items, ...(next ? { next } : {}), access }), dataset, 'json');
  }

  app.get(
    '/api/v1/datasets/:dataset/records',
    {
      schema: {
        tags: ['datasets'],
        summary: 'Query the records of a dataset (データセットの検索)',
        description,
        params: DatasetParams,
        querystring: RecordsQuery,
        response: responses,
      },
    },
    async (request, reply) => {
      const q = request.query;
      const tooMany = pageLimitProblem(q.limit, requestLang(request));
      if (tooMany) return sendProblem(reply, tooMany);
      const header = request.headers[DELEGATION_HEADER];
      let delegation: unknown;
      if (typeof header === 'string') {
        try {
          if (header.length > MAX_DELEGATION_HEADER_CHARS) throw new Error('too large');
          delegation = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
        } catch (e) {
          return sendProblem(reply, problemOf(403, 'NODE_DELEGATION_INVALID', { detail: (e as Error).message.slice(0, 200) }, requestLang(request)));
        }
      }
      return answer(request, reply, request.params.dataset, q, {
        limit: q.limit,
        ...(q.answer ? { answer: q.answer } : {}),
        ...(q.area ? { areas: commaList(q.area) } : {}),
        ...(q.bbox ? { bbox: bboxNumbers(q.bbox) } : {}),
        ...(q.within !== undefined ? { within: { json: q.within } } : {}),
        ...(q.after !== undefined ? { after: q.after } : {}),
        ...(delegation !== undefined ? { delegation } : {}),
      });
    },
  );

  app.post(
    '/api/v1/datasets/:dataset/query',
    {
      schema: {
        tags: ['datasets'],
        summary: 'Query a dataset with a JSON body, e.g. inside a polygon (ポリゴン等での検索)',
        description,
        params: DatasetParams,
        body: QueryBody,
        response: responses,
      },
    },
    async (request, reply) => {
      const b = request.body;
      return answer(request, reply, request.params.dataset, b, {
        limit: b.limit,
        ...(b.answer ? { answer: b.answer } : {}),
        ...(b.area !== undefined ? { areas: b.area } : {}),
        ...(b.bbox !== undefined ? { bbox: b.bbox } : {}),
        ...(b.within !== undefined ? { within: { value: b.within } } : {}),
        ...(b.after !== undefined ? { after: b.after } : {}),
        ...(b.delegation !== undefined ? { delegation: b.delegation } : {}),
      });
    },
  );
};
