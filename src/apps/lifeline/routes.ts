// The console's lifeline API on a node (docs/lifeline.md): runs of the lives-to-save list, match decisions and
// safety-status reports. The node registers it behind the operator token, under /operator (src/node/application).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { CareNeedSchema, careNeeds, codesOf, IdSchema, safetyStatuses, SafetyStatusSchema, type CareNeed, type SafetyStatus } from '../../model/index.ts';
import { builtInDatasets, fieldLabel } from '../../policy/index.ts';
import {
  message,
  missingMessage,
  problemOf,
  problemResponse,
  requestLang,
  sendProblem,
  type ApplicationContext,
  type Lang,
  type MessageCode,
} from '../../node/application/index.ts';
import { CSV_EXPORT_FIELDS, lifelineCsv } from './csv-export.ts';
import type { MissingSource } from './gather.ts';
import { PRIORITY_FACTOR_CODES } from './index.ts';
import { lifelineMessages } from './messages.ts';
import { lifelineRow, renderMatch, type NodeNames } from './rows.ts';
import type { LifelineRun, RunFilter, RunSort } from './runs.ts';
import { exportAuditDraft, runAuditDraft } from './safety.ts';
import { createLifelineService, type LifelineService, type LifelineServiceOptions, type ServiceProblem } from './service.ts';
import type { DecisionResult, PersonsPage, PriorityFactorCode, ReviewPage, RunSummary, SafetyHistory, SafetyResult } from './types.ts';

export interface LifelineRouteOptions {
  context: ApplicationContext;
  /** Tuning for tests and benchmarks (deadline, runs kept). */
  service?: LifelineServiceOptions;
}

const personsDataset = builtInDatasets.get('persons');

const Lang = Type.Optional(Type.Union([Type.Literal('ja'), Type.Literal('en')]));
const Text = Type.String({ minLength: 1, maxLength: 200 });

const RunBody = Type.Object(
  {
    declarationId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'a declaration in force on this node' })),
    hazard: Type.Optional(Type.Unknown({ description: 'GeoJSON Polygon or MultiPolygon, [lon, lat] WGS84' })),
    needs: Type.Optional(Type.Array(CareNeedSchema, { maxItems: 20, description: 'only persons with one of these care needs' })),
  },
  { additionalProperties: false },
);

const RunParams = Type.Object({ runId: Type.String({ minLength: 1, maxLength: 100 }) });

const PersonsQuery = Type.Object(
  {
    offset: Type.Integer({ minimum: 0, default: 0 }),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
    sort: Type.Union([Type.Literal('priority'), Type.Literal('name'), Type.Literal('status'), Type.Literal('updated')], { default: 'priority' }),
    order: Type.Union([Type.Literal('desc'), Type.Literal('asc')], { default: 'desc' }),
    needs: Type.Optional(Type.String({ maxLength: 500, description: 'comma-separated care needs (any of)' })),
    status: Type.Optional(Type.String({ maxLength: 500, description: 'comma-separated safety statuses (any of)' })),
    area: Type.Optional(Type.String({ maxLength: 2000, description: 'comma-separated area codes' })),
    factor: Type.Optional(Type.String({ maxLength: 500, description: 'comma-separated priority factor codes (any of)' })),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'text in the name, reading, address or ids' })),
    lang: Lang,
  },
  { additionalProperties: false },
);
type PersonsQueryValue = Static<typeof PersonsQuery>;

const DecisionBody = Type.Object(
  {
    runId: Type.String({ minLength: 1, maxLength: 100 }),
    a: Type.String({ minLength: 1, maxLength: 400 }),
    b: Type.String({ minLength: 1, maxLength: 400 }),
    decision: Type.Union([Type.Literal('confirm'), Type.Literal('split')]),
    by: Text,
  },
  { additionalProperties: false },
);

const SafetyBody = Type.Object(
  {
    runId: Type.String({ minLength: 1, maxLength: 100 }),
    personId: Type.String({ minLength: 1, maxLength: 400 }),
    status: SafetyStatusSchema,
    shelter: Type.Optional(IdSchema),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    by: Text,
    basedOnAt: Type.Optional(Type.String({ format: 'date-time', description: 'the status time the operator saw' })),
  },
  { additionalProperties: false },
);

const SafetyParams = Type.Object({ personId: Type.String({ minLength: 1, maxLength: 400 }) });
const SafetyQuery = Type.Object({ runId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), lang: Lang }, { additionalProperties: false });

const problems = {
  400: problemResponse('invalid parameters, an unreadable polygon, or an area no node serves'),
  404: problemResponse('no such run, person, record or declaration'),
};

type ListParse<T> = { ok: true; value?: T[] } | { ok: false; param: string; value: string; allowed: string };

function codeList<T extends string>(param: string, raw: string | undefined, allowed: readonly T[]): ListParse<T> {
  if (raw === undefined || raw.trim() === '') return { ok: true };
  const values = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const bad = values.find((v) => !(allowed as readonly string[]).includes(v));
  if (bad !== undefined) return { ok: false, param, value: bad.slice(0, 100), allowed: allowed.join(', ') };
  return { ok: true, value: values as T[] };
}

export const lifelineRoutes: FastifyPluginAsync<LifelineRouteOptions> = async (app, options) => {
  const { context } = options;
  const service: LifelineService = createLifelineService(context, options.service);
  const names: NodeNames = (node) => (node === context.node.id ? context.node.name : context.participantName(node));

  function sendServiceProblem(request: FastifyRequest, reply: FastifyReply, problem: ServiceProblem): FastifyReply {
    const lang = requestLang(request);
    const extra = { requestId: request.id };
    // The service's problems carry the lifeline's own codes, or the node's for what the node defines.
    const rendered = Object.hasOwn(lifelineMessages.catalog, problem.code)
      ? lifelineMessages.problem(problem.status, problem.code as keyof typeof lifelineMessages.catalog, problem.params, lang, extra)
      : problemOf(problem.status, problem.code as MessageCode, problem.params, lang, extra);
    return sendProblem(reply, rendered);
  }

  function missingDetail(m: MissingSource, lang: Lang): string {
    if (m.reason === 'incomplete') return lifelineMessages.text('LIFELINE_SOURCE_INCOMPLETE', { node: m.node, count: m.received ?? 0, detail: m.detail }, lang);
    const { code, params } = missingMessage({ reason: m.reason, detail: m.detail, attempts: m.attempts, ...(m.status !== undefined ? { status: m.status } : {}) }, m.node);
    return message(code, params, lang);
  }

  function runSummary(run: LifelineRun, lang: Lang): RunSummary {
    const name = (node: string) => names(node)?.[lang];
    return {
      runId: run.id,
      generatedAt: run.generatedAt,
      area: { areas: run.area.areas, ...(run.area.hazard !== undefined ? { hazard: run.area.hazard } : {}), ...(run.area.declarationId ? { declarationId: run.area.declarationId } : {}) },
      total: run.persons.length,
      reviewCount: run.review.length,
      sources: {
        answered: run.answered.map(({ withheld, ...a }) => ({
          ...a,
          ...(name(a.node) !== undefined ? { nodeName: name(a.node) } : {}),
          ...(withheld !== undefined ? { withheld: withheld.map((field) => ({ field, label: fieldLabel(personsDataset, field, lang) })) } : {}),
        })),
        missing: run.missing.map((m) => ({
          node: m.node,
          ...(name(m.node) !== undefined ? { nodeName: name(m.node) } : {}),
          reason: m.reason,
          detail: missingDetail(m, lang),
          ...(m.code !== undefined ? { code: m.code } : {}),
        })),
      },
      weights: run.weights,
    };
  }

  /** The filter a query asks for, or the problem with it. */
  function filterOf(q: PersonsQueryValue, paged: boolean): { ok: true; value: RunFilter } | { ok: false; problem: ServiceProblem } {
    const needs = codeList<CareNeed>('needs', q.needs, codesOf(careNeeds));
    const status = codeList<SafetyStatus>('status', q.status, codesOf(safetyStatuses));
    const factors = codeList<PriorityFactorCode>('factor', q.factor, PRIORITY_FACTOR_CODES);
    for (const parsed of [needs, status, factors]) {
      if (!parsed.ok) return { ok: false, problem: { status: 400, code: 'LIFELINE_FILTER_INVALID', params: { param: parsed.param, value: parsed.value, allowed: parsed.allowed } } };
    }
    const areas = q.area?.split(',').map((s) => s.trim()).filter((s) => s !== '');
    return {
      ok: true,
      value: {
        offset: paged ? q.offset : 0,
        limit: paged ? q.limit : Number.MAX_SAFE_INTEGER,
        sort: q.sort as RunSort,
        order: q.order,
        ...(needs.ok && needs.value ? { needs: needs.value } : {}),
        ...(status.ok && status.value ? { status: status.value } : {}),
        ...(factors.ok && factors.value ? { factors: factors.value } : {}),
        ...(areas && areas.length > 0 ? { areas } : {}),
        ...(q.q !== undefined && q.q.trim() !== '' ? { q: q.q } : {}),
      },
    };
  }

  app.post<{ Body: Static<typeof RunBody> }>(
    '/lifeline/runs',
    {
      schema: {
        tags: ['operator'],
        summary: 'Start a lives-to-save list for a declaration or a hazard polygon (要救助者リストの作成)',
        body: RunBody,
        response: { 400: problems[400], 404: problems[404], 503: problemResponse('the audit log could not record the run, so no person was shown') },
      },
    },
    async (request, reply) => {
      // A console that went away stops the gathering; the response's close before it ended is how that shows.
      const controller = new AbortController();
      const onClose = () => {
        if (!reply.raw.writableEnded) controller.abort();
      };
      reply.raw.once('close', onClose);
      try {
        const started = await service.startRun(request.body, controller.signal);
        if (!started.ok) return sendServiceProblem(request, reply, started.problem);
        const run = started.value;
        const audited = await service.audit(
          runAuditDraft({
            runId: run.id,
            persons: run.persons.length,
            records: run.records.length,
            sources: run.answered.map((a) => a.node),
            ...(request.body.declarationId !== undefined ? { declarationId: request.body.declarationId } : {}),
            requestId: request.id,
          }),
        );
        // The operator is shown persons only once this node has recorded that it showed them.
        if (!audited) return sendProblem(reply, problemOf(503, 'NODE_AUDIT_UNAVAILABLE', { requestId: request.id }, requestLang(request), { requestId: request.id }));
        return reply.code(201).send(runSummary(run, requestLang(request)));
      } finally {
        reply.raw.off('close', onClose);
      }
    },
  );

  app.get<{ Params: Static<typeof RunParams>; Querystring: PersonsQueryValue }>(
    '/lifeline/runs/:runId/persons',
    {
      schema: { tags: ['operator'], summary: 'Persons of a list: filtered, sorted, paged (リストの人物)', params: RunParams, querystring: PersonsQuery, response: problems },
    },
    async (request, reply) => {
      const filter = filterOf(request.query, true);
      if (!filter.ok) return sendServiceProblem(request, reply, filter.problem);
      const page = service.persons(request.params.runId, filter.value);
      if (!page.ok) return sendServiceProblem(request, reply, page.problem);
      const lang = requestLang(request);
      return {
        runId: page.value.run.id,
        generatedAt: page.value.run.generatedAt,
        total: page.value.total,
        offset: filter.value.offset,
        items: page.value.items.map((p) => lifelineRow(page.value.run, p, lang, names)),
      } satisfies PersonsPage;
    },
  );

  app.get<{ Params: Static<typeof RunParams>; Querystring: PersonsQueryValue }>(
    '/lifeline/runs/:runId/persons.csv',
    {
      schema: {
        tags: ['operator'],
        summary: 'The list as CSV (UTF-8 with BOM), audited as an export (CSV出力)',
        params: RunParams,
        querystring: PersonsQuery,
        response: { ...problems, 503: problemResponse('the audit log could not record the export, so nothing was sent') },
      },
    },
    async (request, reply) => {
      const filter = filterOf(request.query, false);
      if (!filter.ok) return sendServiceProblem(request, reply, filter.problem);
      const page = service.persons(request.params.runId, filter.value);
      if (!page.ok) return sendServiceProblem(request, reply, page.problem);
      const lang = requestLang(request);
      const { run, items } = page.value;
      const audited = await service.audit(
        exportAuditDraft({ runId: run.id, personIds: items.map((p) => p.person.id), fields: CSV_EXPORT_FIELDS, requestId: request.id }),
      );
      // Nothing leaves without its audit entry, as for any read the node answers.
      if (!audited) return sendProblem(reply, problemOf(503, 'NODE_AUDIT_UNAVAILABLE', { requestId: request.id }, lang, { requestId: request.id }));
      const csv = lifelineCsv(
        items.map((p) => lifelineRow(run, p, lang, names)),
        lang,
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="lifeline-${run.generatedAt.slice(0, 10)}-${run.id.slice(0, 8)}.csv"`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  );

  app.get<{ Params: Static<typeof RunParams>; Querystring: Static<typeof SafetyQuery> }>(
    '/lifeline/runs/:runId/review',
    { schema: { tags: ['operator'], summary: 'Pairs of records awaiting a person\'s decision (照合の確認待ち)', params: RunParams, querystring: SafetyQuery, response: problems } },
    async (request, reply) => {
      const review = service.review(request.params.runId);
      if (!review.ok) return sendServiceProblem(request, reply, review.problem);
      const lang = requestLang(request);
      return { items: review.value.items.map((i) => ({ a: i.a, b: i.b, match: renderMatch(i.match, lang) })) } satisfies ReviewPage;
    },
  );

  app.post<{ Body: Static<typeof DecisionBody> }>(
    '/lifeline/decisions',
    { schema: { tags: ['operator'], summary: 'Confirm or split a pair of records (同一人物の確認・分離)', body: DecisionBody, response: problems } },
    async (request, reply) => {
      const decided = await service.decide(request.body, request.id);
      if (!decided.ok) return sendServiceProblem(request, reply, decided.problem);
      return decided.value satisfies DecisionResult;
    },
  );

  app.post<{ Body: Static<typeof SafetyBody> }>(
    '/lifeline/safety',
    { schema: { tags: ['operator'], summary: 'Report a person\'s safety status (安否の登録)', body: SafetyBody, response: problems } },
    async (request, reply) => {
      const b = request.body;
      const reported = await service.reportSafety(
        {
          runId: b.runId,
          personId: b.personId,
          status: b.status,
          by: b.by,
          ...(b.shelter !== undefined ? { shelter: b.shelter } : {}),
          ...(b.note !== undefined ? { note: b.note } : {}),
          ...(b.basedOnAt !== undefined ? { basedOnAt: b.basedOnAt } : {}),
        },
        request.id,
      );
      if (!reported.ok) return sendServiceProblem(request, reply, reported.problem);
      const { report, deliveries, conflict } = reported.value;
      const lang = requestLang(request);
      const answer: SafetyResult = {
        report,
        deliveries: deliveries.map((d) => ({ node: d.node, recordId: d.recordId, state: d.state })),
        ...(conflict !== undefined
          ? {
              conflict: {
                current: conflict.current,
                message: lifelineMessages.text('LIFELINE_SAFETY_CONFLICT', { by: report.by, status: report.status, current: conflict.current.status, currentAt: conflict.current.at }, lang),
              },
            }
          : {}),
      };
      return reply.code(201).send(answer);
    },
  );

  app.get<{ Params: Static<typeof SafetyParams>; Querystring: Static<typeof SafetyQuery> }>(
    '/lifeline/persons/:personId/safety',
    {
      schema: {
        tags: ['operator'],
        summary: 'A person\'s safety reports and their deliveries (安否の履歴と送信状況); encode the id with encodeURIComponent',
        params: SafetyParams,
        querystring: SafetyQuery,
        response: problems,
      },
    },
    async (request, reply) => {
      const found = await service.safetyOf(request.params.personId, request.query.runId);
      if (!found.ok) return sendServiceProblem(request, reply, found.problem);
      return {
        reports: found.value.reports,
        deliveries: found.value.deliveries.map((d) => ({ reportId: d.reportId, node: d.node, recordId: d.recordId, state: d.state, ...(d.lastError ? { lastError: d.lastError } : {}) })),
      } satisfies SafetyHistory;
    },
  );
};
