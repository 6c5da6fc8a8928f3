// The console's situation reports (behind the operator token): draft one for chosen areas and a moment, read it, and
// approve it — once, by a named person, audited. The console prints or exports a report only once it is approved.
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static, type TNumber } from '@sinclair/typebox';
import { alertStatuses, AreaCodeSchema, codesOf, TextSchema } from '../../model/index.ts';
import { OPERATOR_CONSOLE, problemOf, problemResponse, requestLang, sendProblem, type ApplicationContext, type AuditEntryDraft } from '../../node/application/index.ts';
import { alertsMessages } from './messages.ts';
import { draftReport } from './report.ts';
import { reportAreaChoices, reportAreaProblems } from './report-areas.ts';
import { reportStorage } from './report-storage.ts';
import type { SituationReport } from './types.ts';

const Person = Type.String({ minLength: 1, maxLength: 200, description: 'the operator, as they named themselves in the console' });
const DraftBody = Type.Object(
  {
    status: Type.Union(codesOf(alertStatuses).map((s) => Type.Literal(s)), { default: 'actual' }),
    areas: Type.Array(AreaCodeSchema, { minItems: 1, maxItems: 100, uniqueItems: true }),
    at: Type.Optional(Type.String({ format: 'date-time', description: 'the moment the alerts are taken at; now by default' })),
    by: Person,
  },
  { additionalProperties: false },
);
const ApproveBody = Type.Object({ by: Person }, { additionalProperties: false });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

const PerNode = Type.Array(Type.Object({ node: Type.String(), count: Type.Integer() }));
const Counted = Type.Array(Type.Object({ node: Type.String(), dataset: Type.String(), count: Type.Integer() }));
const Place = Type.Object({ type: Type.String(), id: Type.String() });
/** Per municipality and item, with the needs each figure sums; `quantity` names the figure of an item and of a need. */
const ItemsByMunicipality = (quantity: 'unmet' | 'quantity', perItem: Record<string, TNumber>) =>
  Type.Array(
    Type.Object({
      code: Type.String(),
      items: Type.Array(
        Type.Object({
          category: Type.String(), unit: Type.String(), ...perItem,
          needs: Type.Array(Type.Object({ needId: Type.String(), node: Type.String(), destination: Place, origin: Type.String(), [quantity]: Type.Number() })),
        }),
      ),
    }),
  );
const UnmetNeedsSection = Type.Union([
  Type.Object({ state: Type.Literal('not-installed') }, { description: 'this node runs no logistics application' }),
  Type.Object({ state: Type.Literal('not-for-exercise') }, { description: 'an exercise or test report with no standing plan: needs and stock are not gathered, as they are shared for supply logistics, not for training (a standing plan is reported as for an actual report)' }),
  Type.Object({ state: Type.Literal('no-plan') }, { description: 'reports drafted before version 2 of logistics.unmet-needs: logistics had no plan (not declined)' }),
  Type.Object(
    {
      state: Type.Literal('needs-against-stock'),
      why: Type.Union([Type.Literal('no-plan'), Type.Literal('latest-declined')]),
      declinedPlanId: Type.Optional(Type.String()),
      computedAt: Type.String(),
      href: Type.String(),
      municipalities: ItemsByMunicipality('quantity', { needed: Type.Number() }),
      items: Type.Array(
        Type.Object({
          category: Type.String(), unit: Type.String(), neededInAreas: Type.Number(), neededEverywhere: Type.Number(), knownStock: Type.Number(), short: Type.Number(),
          holders: Type.Array(Type.Object({ node: Type.String(), quantity: Type.Number() })),
        }),
      ),
      sources: Counted,
      missing: Type.Array(Type.Object({ node: Type.String(), dataset: Type.String(), reason: Type.String() })),
    },
    { description: 'no standing plan (none proposed, or the latest declined): the open needs against the stock known — a comparison, not an allocation' },
  ),
  Type.Object({ state: Type.Literal('failed'), message: Type.String() }),
  Type.Object({
    state: Type.Literal('plan'),
    planId: Type.String(),
    planState: Type.String(),
    proposedAt: Type.String(),
    decidedAt: Type.Optional(Type.String()),
    href: Type.String(),
    municipalities: ItemsByMunicipality('unmet', { unmet: Type.Number(), needed: Type.Number() }),
    sources: Counted,
  }),
], { description: "unmet needs per municipality and item from the node's logistics application (its latest standing plan, else needs against known stock)" });

const ReportSchema = Type.Object({
  id: Type.String(),
  draftedAt: Type.String(),
  draftedBy: Type.String(),
  approval: Type.Union([
    Type.Object({ state: Type.Literal('draft') }),
    Type.Object({ state: Type.Literal('approved'), by: Type.String(), at: Type.String() }),
  ]),
  body: Type.Object({
    status: Type.String(),
    areas: Type.Array(Type.String()),
    at: Type.String(),
    figuresAt: Type.String(),
    purpose: Type.String(),
    alerts: Type.Array(
      Type.Object({
        id: Type.String(), sender: Type.String(), sent: Type.String(), kinds: Type.Array(Type.String()), severity: Type.String(),
        headline: Type.Optional(Type.String()), event: Type.Optional(Type.String()), areaCodes: Type.Array(Type.String()),
      }),
    ),
    municipalities: Type.Array(
      Type.Object({
        code: Type.String(), names: Type.Array(Type.String()), name: Type.Optional(TextSchema), maxIntensity: Type.Optional(Type.String()), persons: PerNode,
        safety: Type.Record(Type.String(), Type.Integer()), shelters: PerNode, openShelters: Type.Integer(), evacuees: Type.Integer(),
      }),
    ),
    sources: Counted,
    missing: Type.Array(Type.Object({ node: Type.String(), dataset: Type.String(), reason: Type.String(), message: Type.String() })),
    unmetNeeds: Type.Optional(UnmetNeedsSection),
  }),
});

const REPORT_DEADLINE_MS = 5_000;

const AreaChoices = Type.Object({
  jurisdiction: Type.Array(Type.String(), { description: "this node's jurisdiction (from the trust list; the areas its data covers without one)" }),
  areas: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.Object({ ja: Type.Optional(Type.String()), en: Type.Optional(Type.String()) }),
      city: Type.Optional(Type.String({ description: 'for a ward: its designated city' })),
      whole: Type.Optional(Type.Literal(true, { description: 'one of the jurisdiction’s own areas' })),
    }),
  ),
});

/** The node's jurisdiction: its own entry of the trust list, else the areas its data covers. */
const jurisdictionOf = (context: ApplicationContext): string[] => [
  ...(context.peers().find((p) => p.participantId === context.node.id)?.jurisdiction ?? context.dataAreas),
];

/** What the report's unmet needs rest on, for its audit entry: the plan, or why there are none. */
const unmetNeedsBasis = (report: SituationReport) => {
  const u = report.body.unmetNeeds;
  return u === undefined ? '-' : u.state === 'plan' ? u.planId : u.state;
};

function reportAudit(report: SituationReport, code: 'ALERTS_REPORT_DRAFTED' | 'ALERTS_REPORT_APPROVED', by: string, requestId: string): AuditEntryDraft {
  const persons = report.body.municipalities.reduce((n, m) => n + m.persons.reduce((k, p) => k + p.count, 0), 0);
  return {
    kind: 'situation-report',
    requester: OPERATOR_CONSOLE,
    purpose: report.body.purpose,
    action: 'read',
    dataset: 'persons',
    fields: ['areaCode', 'safety'],
    recordCount: persons,
    decision: 'allow',
    reasons: [{ code, params: { report: report.id, by: by.slice(0, 200), areas: report.body.areas.join(', ').slice(0, 1000), persons, unmetNeeds: unmetNeedsBasis(report) } }],
    requestId,
  };
}

export function alertsReportRoutes(context: ApplicationContext): FastifyPluginAsync {
  const reports = reportStorage(context.database);
  return async (app) => {
    app.get(
      '/alerts/report-areas',
      {
        schema: {
          tags: ['alerts'],
          summary: 'The municipalities a situation report may be drafted for, by name (報告の対象にできる市町村)',
          description: "This node's jurisdiction, then every municipality and designated-city ward inside it that the bundled code tables name.",
          response: { 200: AreaChoices },
        },
      },
      async () => {
        const jurisdiction = jurisdictionOf(context);
        return { jurisdiction, areas: reportAreaChoices(jurisdiction) };
      },
    );

    app.post<{ Body: Static<typeof DraftBody> }>(
      '/alerts/reports',
      {
        schema: {
          tags: ['alerts'],
          summary: 'Draft a situation report for areas and a moment (状況報告の下書き)',
          body: DraftBody,
          response: {
            201: ReportSchema,
            400: problemResponse('bad areas or time; an area code no table knows (ALERTS_REPORT_AREA_UNKNOWN)'),
            403: problemResponse("an area outside this node's jurisdiction (ALERTS_REPORT_AREA_OUTSIDE)"),
            503: problemResponse('the audit log could not record the draft'),
          },
        },
      },
      async (request, reply) => {
        const lang = requestLang(request);
        const jurisdiction = jurisdictionOf(context);
        const problems = reportAreaProblems(request.body.areas, jurisdiction);
        if (problems.length > 0) {
          // Unknown codes first: a code no table knows cannot be said to be inside or outside anything.
          const unknown = problems.filter((p) => p.kind === 'unknown');
          const named = unknown.length > 0 ? unknown : problems;
          const areas = named.map((p) => p.code).join(', ');
          const code = unknown.length > 0 ? 'ALERTS_REPORT_AREA_UNKNOWN' : 'ALERTS_REPORT_AREA_OUTSIDE';
          const errors = named.map((p) => ({ path: `/areas/${p.index}`, message: alertsMessages.text(code, { areas: p.code, jurisdiction: jurisdiction.join(', ') }, lang) }));
          return sendProblem(reply, alertsMessages.problem(unknown.length > 0 ? 400 : 403, code, { areas, jurisdiction: jurisdiction.join(', ') }, lang, { requestId: request.id, errors }));
        }
        const at = request.body.at !== undefined ? new Date(request.body.at) : context.now();
        const body = await draftReport(context, { status: request.body.status, areas: request.body.areas, at }, { deadlineMs: REPORT_DEADLINE_MS, lang });
        const report: SituationReport = { id: randomUUID(), draftedAt: context.now().toISOString(), draftedBy: request.body.by, approval: { state: 'draft' }, body };
        // Audited before it is kept or shown: the figures come from persons' records of other nodes.
        if (!(await context.audit.append(reportAudit(report, 'ALERTS_REPORT_DRAFTED', request.body.by, request.id)))) {
          return sendProblem(reply, problemOf(503, 'NODE_AUDIT_UNAVAILABLE', { requestId: request.id }, lang));
        }
        await reports.save(report);
        return reply.code(201).send(report);
      },
    );

    app.get<{ Params: Static<typeof IdParams> }>(
      '/alerts/reports/:id',
      { schema: { tags: ['alerts'], summary: 'One situation report, with its approval', params: IdParams, response: { 200: ReportSchema, 404: problemResponse('no such report') } } },
      async (request, reply) => {
        const report = await reports.get(request.params.id);
        if (!report) return sendProblem(reply, alertsMessages.problem(404, 'ALERTS_REPORT_UNKNOWN', { id: request.params.id }, requestLang(request), { requestId: request.id }));
        return report;
      },
    );

    app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof ApproveBody> }>(
      '/alerts/reports/:id/approval',
      {
        schema: {
          tags: ['alerts'],
          summary: 'Approve a situation report (a named person; once) — only then may it be printed or exported',
          params: IdParams,
          body: ApproveBody,
          response: { 200: ReportSchema, 404: problemResponse('no such report'), 409: problemResponse('already approved, by whom and when'), 503: problemResponse('the audit log could not record the approval') },
        },
      },
      async (request, reply) => {
        const lang = requestLang(request);
        const at = context.now().toISOString();
        const outcome = await reports.approve(request.params.id, request.body.by, at);
        // The approval and its audit entry stand or fall together: an approval the log could not record is withdrawn.
        if (outcome.kind === 'approved' && !(await context.audit.append(reportAudit(outcome.report, 'ALERTS_REPORT_APPROVED', request.body.by, request.id)))) {
          await reports.withdraw(request.params.id, request.body.by, at);
          return sendProblem(reply, problemOf(503, 'NODE_AUDIT_UNAVAILABLE', { requestId: request.id }, lang));
        }
        if (outcome.kind === 'unknown') return sendProblem(reply, alertsMessages.problem(404, 'ALERTS_REPORT_UNKNOWN', { id: request.params.id }, lang, { requestId: request.id }));
        if (outcome.kind === 'already-approved') {
          const by = outcome.report.approval.state === 'approved' ? outcome.report.approval : { by: '-', at: '-' };
          return sendProblem(reply, alertsMessages.problem(409, 'ALERTS_REPORT_ALREADY_APPROVED', { id: request.params.id, by: by.by, at: by.at }, lang, { requestId: request.id }));
        }
        return outcome.report;
      },
    );
  };
}
