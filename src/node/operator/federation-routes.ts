// GET /operator/catalog and POST /operator/federation/query: what every node of the federation offers, under which
// policy in words, and a query sent as this node to one of them — answered with the records, or with the provider's
// refusal and its reasons (the refusal is the answer the operator asked for), or with why no answer came.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { fanOut, missingMessage, PeerFailure } from '../../federation/fan-out.ts';
import { nodeAggregateOf, nodeAnswerOf } from '../../federation/federated-query.ts';
import { message, type Lang } from '../../i18n/index.ts';
import { validate } from '../../model/index.ts';
import { PurposeParam } from '../read-params.ts';
import { AccessTermsSchema } from '../access-reply.ts';
import { datasetRecordTypes } from '../routes/datasets.ts';
import { problemOf, problemResponse, requestLang, sendProblem } from '../problem.ts';
import { OPERATOR_CONSOLE } from './context.ts';
import { nameOf, otherPeers, targetOf } from './peers.ts';
import { CatalogResponse, QueryResponse } from './api-schemas.ts';
import { LangQuery, unauthorized, type OperatorRouteOptions } from './session-routes.ts';

/** The catalog fan-out answers within this time, whatever the peers do. */
export const CATALOG_DEADLINE_MS = 5_000;
/** One proxied query waits this long for its node. */
export const QUERY_TIMEOUT_MS = 10_000;

/** A peer's GET /api/v1/catalog, as much of it as the console uses. */
const PeerCatalog = Type.Object(
  {
    publisher: Type.String(),
    dataset: Type.Array(
      Type.Object(
        {
          identifier: Type.String(),
          title: Type.Object({ ja: Type.String(), en: Type.String() }),
          recordCount: Type.Optional(Type.Integer()),
          policies: Type.Array(Type.Object({ summary: Type.Object({ ja: Type.String(), en: Type.String() }) }, { additionalProperties: true })),
        },
        { additionalProperties: true },
      ),
    ),
  },
  { additionalProperties: true },
);
type PeerCatalogValue = Static<typeof PeerCatalog>;




const FieldPath = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]*(?:\\.[A-Za-z][A-Za-z0-9_]*)*$', maxLength: 200 });

const QueryBody = Type.Object(
  {
    node: Type.String({ minLength: 1, maxLength: 100, description: 'participant id of the node to ask (from /operator/session peers)' }),
    dataset: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$', description: 'persons, shelters, facilities or stock' }),
    purpose: PurposeParam,
    area: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { maxItems: 200, description: 'area codes' })),
    fields: Type.Optional(Type.Array(FieldPath, { maxItems: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    answer: Type.Optional(
      Type.Union([Type.Literal('records'), Type.Literal('aggregate')], { description: 'aggregate: counts per group from an aggregate-only permit (statistics)' }),
    ),
  },
  { additionalProperties: false },
);



function policySummary(d: PeerCatalogValue['dataset'][number]) {
  const none = { ja: 'ポリシーがありません（提供しません）', en: 'No policy (nothing is shared)' };
  if (d.policies.length === 0) return none;
  return { ja: d.policies.map((p) => p.summary.ja).join('\n\n'), en: d.policies.map((p) => p.summary.en).join('\n\n') };
}

function datasetsOf(catalog: PeerCatalogValue) {
  return catalog.dataset.map((d) => ({
    id: d.identifier,
    title: d.title,
    ...(datasetRecordTypes[d.identifier] ? { recordType: datasetRecordTypes[d.identifier] } : {}),
    ...(d.recordCount !== undefined ? { recordCount: d.recordCount } : {}),
    policySummary: policySummary(d),
  }));
}

function parseCatalog(body: unknown): PeerCatalogValue {
  const v = validate(PeerCatalog, body);
  if (!v.ok) throw new PeerFailure('invalid-response', `catalog: ${v.problems[0]?.path ?? '/'} ${v.problems[0]?.message ?? ''}`, { retryable: false });
  return v.value;
}

function problemBody(body: unknown): { code?: string; detail?: string; reasons?: { code: string; message: string }[]; requestId?: string } {
  if (typeof body !== 'object' || body === null) return {};
  const b = body as Record<string, unknown>;
  const reasons = Array.isArray(b.reasons)
    ? b.reasons
        .filter((r): r is { code: unknown; message: unknown } => typeof r === 'object' && r !== null)
        .map((r) => ({ code: String(r.code ?? '').slice(0, 100), message: String(r.message ?? '').slice(0, 2000) }))
        .slice(0, 100)
    : undefined;
  return {
    ...(typeof b.code === 'string' ? { code: b.code.slice(0, 100) } : {}),
    ...(typeof b.detail === 'string' ? { detail: b.detail.slice(0, 4000) } : {}),
    ...(reasons ? { reasons } : {}),
    ...(typeof b.requestId === 'string' ? { requestId: b.requestId.slice(0, 200) } : {}),
  };
}

export const federationRoutes: FastifyPluginAsyncTypebox<OperatorRouteOptions> = async (app, { context }) => {
  const security = [{ operatorToken: [] }];

  /** This node's own catalog, read from its own API without a network round trip. */
  async function ownCatalog(): Promise<PeerCatalogValue> {
    const r = await app.inject({ method: 'GET', url: '/api/v1/catalog' });
    return parseCatalog(r.json());
  }

  app.get(
    '/catalog',
    {
      schema: {
        tags: ['operator'],
        summary: "Every node's datasets with their policies in words (フェデレーションのカタログ)",
        description: `Asks every node in the trust list at once and answers within ${CATALOG_DEADLINE_MS / 1000} s; nodes that did not answer are listed in \`missing\` with why.`,
        security,
        querystring: LangQuery,
        response: { 200: CatalogResponse, ...unauthorized },
      },
    },
    async (request) => {
      const lang = requestLang(request);
      const own = await ownCatalog();
      const outcome = await fanOut({
        targets: otherPeers(context),
        deadlineMs: CATALOG_DEADLINE_MS,
        retry: { attempts: 2, baseDelayMs: 100, maxDelayMs: 500 },
        request: async (peer, signal) => {
          const r = await context.client.request(targetOf(peer), 'GET', '/api/v1/catalog', undefined, signal);
          if (!r.ok) {
            if (r.reason === 'network') throw new PeerFailure('unreachable', r.detail);
            throw new PeerFailure('invalid-response', r.problems.map((p) => p.code).join(', ') || 'unverified', { retryable: false, status: r.status });
          }
          if (r.status !== 200) throw new PeerFailure('refused', problemBody(r.body).detail ?? `HTTP ${r.status}`, { status: r.status, retryable: r.status >= 500 });
          return parseCatalog(r.body);
        },
      });
      const nodes = [
        { participantId: context.participantId, name: context.name, datasets: datasetsOf(own) },
        ...outcome.results.map((r) => ({ participantId: r.target.participantId, name: nameOf(context, r.target.participantId), datasets: datasetsOf(r.value) })),
      ];
      const missing = outcome.missing.map((m) => {
        const name = nameOf(context, m.target.participantId);
        const text = missingMessage(m, name[lang]);
        return { participantId: m.target.participantId, name, reason: m.reason, detail: message(text.code, text.params, lang) };
      });
      return { nodes, missing };
    },
  );

  app.post(
    '/federation/query',
    {
      schema: {
        tags: ['operator'],
        summary: 'Ask one node for a dataset as this node, for a purpose (データ利用の試行)',
        description:
          'The request is signed as this node and decided by the provider\'s policies, which audit it. Answered 200 ' +
          'with `outcome`: `allowed` (the records and the terms that travel with them), `aggregated` (for `answer: aggregate`: ' +
          'counts per group, small groups withheld), `denied` (the provider\'s ' +
          'refusal and each reason, in the request\'s language) or `unreachable` (no usable answer, and why).',
        security,
        querystring: LangQuery,
        body: QueryBody,
        response: { 200: QueryResponse, 400: problemResponse('a malformed body or a node this node cannot ask'), 503: problemResponse('this node could not record the query in its audit log, so nothing is shown'), ...unauthorized },
      },
    },
    async (request, reply) => {
      const lang: Lang = requestLang(request);
      const b = request.body;
      const peer = context.peers().find((p) => p.participantId === b.node);
      if (!peer) {
        const known = context.peers().map((p) => p.participantId).join(', ') || '-';
        return sendProblem(reply, problemOf(400, 'OPERATOR_NODE_UNKNOWN', { node: b.node, known }, lang));
      }
      const nodeName = nameOf(context, peer.participantId)[lang];
      const result = await context.client.query(
        targetOf(peer),
        b.dataset,
        {
          purpose: b.purpose,
          lang,
          ...(b.area ? { area: b.area } : {}),
          ...(b.fields ? { fields: b.fields } : {}),
          ...(b.limit !== undefined ? { limit: b.limit } : {}),
          ...(b.answer !== undefined ? { answer: b.answer } : {}),
        },
        AbortSignal.timeout(QUERY_TIMEOUT_MS),
      );
      if (!result.ok) {
        return result.reason === 'network'
          ? { outcome: 'unreachable' as const, reason: 'network' as const, detail: message('OPERATOR_PEER_UNREACHABLE', { node: nodeName, detail: result.detail }, lang) }
          : {
              outcome: 'unreachable' as const,
              reason: 'unverified' as const,
              detail: message('OPERATOR_PEER_UNVERIFIED', { node: nodeName, detail: result.problems.map((p) => p.code).join(', ') }, lang),
            };
      }
      // The provider audited its answer; this node records that its operator asked and what came back, before showing it.
      const recorded = async (decision: 'allow' | 'deny', count: number, providerRequestId?: string) => {
        try {
          const r = await context.auditLog.append([
            {
              kind: 'operator-query',
              requester: OPERATOR_CONSOLE,
              purpose: b.purpose,
              action: 'query',
              dataset: b.dataset,
              fields: [...(b.fields ?? [])],
              recordCount: count,
              decision,
              reasons: [{ code: 'OPERATOR_QUERY_RECORDED', params: { node: peer.participantId, ...(providerRequestId ? { providerRequestId } : {}) } }],
              requestId: request.id,
            },
          ]);
          return r.ok;
        } catch {
          return false;
        }
      };
      const unaudited = () => sendProblem(reply, problemOf(503, 'NODE_AUDIT_UNAVAILABLE', { requestId: request.id }, lang, { requestId: request.id }));
      if (result.status < 200 || result.status >= 300) {
        const p = problemBody(result.body);
        if (!(await recorded('deny', 0, p.requestId))) return unaudited();
        return {
          outcome: 'denied' as const,
          status: result.status,
          code: p.code ?? `HTTP_${result.status}`,
          detail: p.detail ?? `HTTP ${result.status}`,
          reasons: p.reasons ?? [],
          ...(p.requestId ? { requestId: p.requestId } : {}),
        };
      }
      try {
        if (b.answer === 'aggregate') {
          const aggregate = nodeAggregateOf(result, b.purpose);
          // No record came back: the count is zero records, the provider's request id says which table.
          if (!(await recorded('allow', 0, aggregate.access.requestId))) return unaudited();
          return { outcome: 'aggregated' as const, aggregate: aggregate.table, access: aggregate.access };
        }
        const answer = nodeAnswerOf(result, b.purpose);
        if (!(await recorded('allow', answer.items.length, answer.access?.requestId))) return unaudited();
        return { outcome: 'allowed' as const, items: answer.items, ...(answer.next ? { next: answer.next } : {}), access: answer.access! };
      } catch (e) {
        const detail = e instanceof PeerFailure ? e.detail : String(e);
        return { outcome: 'unreachable' as const, reason: 'invalid-response' as const, detail: message('OPERATOR_PEER_ANSWER_INVALID', { node: nodeName, detail }, lang) };
      }
    },
  );
};
