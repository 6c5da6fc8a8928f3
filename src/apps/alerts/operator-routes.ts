// The console's alerts API (behind the operator token, under /operator): the alerts in force on this node for one
// status — real alerts, or one exercise or test picture, never mixed — and one alert with its municipalities named.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { AlertSchema, alertStatuses, codesOf, RecordEnvelopeSchemas, TextSchema } from '../../model/index.ts';
import { withAreaName } from './municipality-names.ts';
import { OPERATOR_CONSOLE, problemOf, problemResponse, requestLang, sendProblem, type ApplicationContext } from '../../node/application/index.ts';
import { isInForce, alertsInForce, namedMunicipalities } from './in-force.ts';
import { lifelineLinkFor } from './lifeline-link.ts';
import { declarationProposalFor } from './declaration-proposal.ts';
import { alertsMessages } from './messages.ts';
import { areaOfAlert, figuresByMunicipality, gatherAtRisk } from './people.ts';
import { missingText } from './report.ts';

const StatusQuery = Type.Object(
  {
    status: Type.Union(
      codesOf(alertStatuses).map((s) => Type.Literal(s)),
      { default: 'actual', description: 'one status only: actual (default), exercise, test, system or draft — never mixed' },
    ),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 300 }) });

const AlertSummary = Type.Object({
  id: Type.String(),
  format: AlertSchema.properties.format,
  status: AlertSchema.properties.status,
  kinds: AlertSchema.properties.kinds,
  severity: AlertSchema.properties.severity,
  urgency: AlertSchema.properties.urgency,
  event: Type.Optional(Type.String()),
  headline: Type.Optional(Type.String()),
  sender: Type.String(),
  sent: Type.String(),
  expires: Type.Optional(Type.String()),
  areaCodes: AlertSchema.properties.areaCodes,
  hasGeometry: Type.Boolean({ description: 'whether the alert carries a polygon or circle' }),
  signature: AlertSchema.properties.signature,
});
const ListResponse = Type.Object({ status: AlertSchema.properties.status, at: Type.String(), items: Type.Array(AlertSummary) });

const Municipality = Type.Object({
  code: Type.String(),
  names: Type.Array(Type.String(), { description: 'names the message gives the areas covering it' }),
  name: Type.Optional(TextSchema),
  maxIntensity: Type.Optional(Type.String()),
});
const OneResponse = Type.Object({
  record: RecordEnvelopeSchemas.alert,
  inForce: Type.Boolean(),
  municipalities: Type.Array(Municipality),
});

const PerNode = Type.Array(Type.Object({ node: Type.String(), count: Type.Integer() }));
const PeopleResponse = Type.Object({
  alertId: Type.String(),
  purpose: Type.String({ description: 'life-saving for a real alert, training for an exercise or test' }),
  generatedAt: Type.String(),
  geometry: Type.Optional(Type.Unknown({ description: "the alert's polygons and circles as one GeoJSON geometry, when it has any" })),
  municipalities: Type.Array(
    Type.Object({
      code: Type.String(),
      names: Type.Array(Type.String()),
      name: Type.Optional(TextSchema),
      maxIntensity: Type.Optional(Type.String()),
      persons: PerNode,
      safety: Type.Record(Type.String(), Type.Integer()),
      shelters: PerNode,
      openShelters: Type.Integer(),
      evacuees: Type.Integer(),
    }),
  ),
  persons: Type.Array(
    Type.Object({ node: Type.String(), recordId: Type.String(), areaCode: Type.Optional(Type.String()), safety: Type.Optional(Type.String()), needs: Type.Optional(Type.Array(Type.String())) }),
  ),
  shelters: Type.Array(
    Type.Object({
      node: Type.String(), recordId: Type.String(), name: Type.Optional(Type.String()), areaCode: Type.Optional(Type.String()),
      openStatus: Type.Optional(Type.String()), evacuees: Type.Optional(Type.Integer()),
    }),
  ),
  answered: Type.Array(Type.Object({ node: Type.String(), dataset: Type.String(), count: Type.Integer(), withheld: Type.Optional(Type.Array(Type.String())) })),
  missing: Type.Array(
    Type.Object({ node: Type.String(), dataset: Type.String(), reason: Type.String(), message: Type.String(), code: Type.Optional(Type.String()), status: Type.Optional(Type.Integer()) }),
  ),
  notOffered: Type.Array(Type.Object({ node: Type.String(), dataset: Type.String() })),
  lifeline: Type.Union([
    Type.Object({ kind: Type.Literal('hazard'), href: Type.String() }),
    Type.Object({ kind: Type.Literal('declaration'), declarationId: Type.String(), href: Type.String() }),
    Type.Object({ kind: Type.Literal('not-offered'), reason: Type.Union([Type.Literal('exercise'), Type.Literal('no-declaration')]) }),
  ]),
  declaration: Type.Union(
    [
      Type.Object({
        kind: Type.Literal('proposed'),
        hazard: Type.String(),
        phase: Type.Union([Type.Literal('alert'), Type.Literal('emergency')]),
        areas: Type.Array(Type.String()),
        href: Type.String(),
      }),
      Type.Object({ kind: Type.Literal('not-offered'), reason: Type.Union([Type.Literal('exercise'), Type.Literal('not-in-force'), Type.Literal('no-areas')]) }),
    ],
    { description: 'a declaration prepared from the alert for a person to check and issue (never issued by itself)' },
  ),
});

/** How long the people behind an alert may take to gather from every node of its areas (issue 16: the list in 5 s). */
const PEOPLE_DEADLINE_MS = 5_000;

export function alertsOperatorRoutes(context: ApplicationContext): FastifyPluginAsync {


  return async (app) => {
    app.get<{ Querystring: Static<typeof StatusQuery> }>(
      '/alerts',
      {
        schema: {
          tags: ['alerts'],
          summary: 'Alerts in force on this node, of one status (発表中の警報)',
          querystring: StatusQuery,
          response: { 200: ListResponse },
        },
      },
      async (request) => {
        const at = context.now();
        const records = alertsInForce(await context.alerts.list(request.query.status), request.query.status, at);
        return {
          status: request.query.status,
          at: at.toISOString(),
          items: records.map(({ id, data: a }) => ({
            id,
            format: a.format,
            status: a.status,
            kinds: a.kinds,
            severity: a.severity,
            urgency: a.urgency,
            ...(a.event !== undefined ? { event: a.event } : {}),
            ...(a.headline !== undefined ? { headline: a.headline } : {}),
            sender: a.sender,
            sent: a.sent,
            ...(a.expires !== undefined ? { expires: a.expires } : {}),
            areaCodes: a.areaCodes,
            hasGeometry: a.polygons.length > 0 || a.circles.length > 0,
            signature: a.signature,
          })),
        };
      },
    );

    app.get<{ Params: Static<typeof IdParams> }>(
      '/alerts/:id',
      {
        schema: {
          tags: ['alerts'],
          summary: 'One alert with its municipalities named (警報の詳細)',
          params: IdParams,
          response: { 200: OneResponse, 404: problemResponse('no such alert on this node') },
        },
      },
      async (request, reply) => {
        const record = await context.alerts.get(request.params.id);
        if (!record) {
          return sendProblem(reply, alertsMessages.problem(404, 'ALERTS_ALERT_UNKNOWN', { id: request.params.id }, requestLang(request), { requestId: request.id }));
        }
        return { record, inForce: alertsInForce([record], record.data.status, context.now()).length === 1, municipalities: namedMunicipalities(record.data).map(withAreaName) };
      },
    );

    app.get<{ Params: Static<typeof IdParams> }>(
      '/alerts/:id/people',
      {
        schema: {
          tags: ['alerts'],
          summary: 'Persons requiring care and shelters in the areas of one alert, from every node serving them (警報から人へ)',
          description:
            'A federated query for persons and shelters over the nodes whose jurisdiction overlaps the alert, by municipality ' +
            'and inside its polygons or circles; life-saving for a real alert (providers refuse without a declaration in force, ' +
            'and the answer lists each refusal), training for an exercise. Every figure names its node; the operator is shown ' +
            'person record ids only after an audit entry records them.',
          params: IdParams,
          response: { 200: PeopleResponse, 404: problemResponse('no such alert on this node'), 503: problemResponse('the audit log could not record what would be shown') },
        },
      },
      async (request, reply) => {
        const lang = requestLang(request);
        const record = await context.alerts.get(request.params.id);
        if (!record) return sendProblem(reply, alertsMessages.problem(404, 'ALERTS_ALERT_UNKNOWN', { id: request.params.id }, lang, { requestId: request.id }));
        const atRisk = await gatherAtRisk(context, areaOfAlert(record.data), { deadlineMs: PEOPLE_DEADLINE_MS, lang });
        const personIds = atRisk.persons.map((p) => `${p.node}/${p.recordId}`);
        const audited = await context.audit.append({
          kind: 'alert-people',
          requester: OPERATOR_CONSOLE,
          purpose: atRisk.purpose,
          action: 'read',
          dataset: 'persons',
          fields: ['areaCode', 'safety', 'care.needs'],
          recordCount: personIds.length,
          ...(personIds.length > 0 ? { recordIds: personIds.slice(0, 1000) } : {}),
          decision: 'allow',
          reasons: [{ code: 'ALERTS_PEOPLE_AUDIT_REASON', params: { alert: record.id.slice(0, 1000), persons: personIds.length, shelters: atRisk.shelters.length, missing: atRisk.missing.length } }],
          requestId: request.id,
        });
        if (!audited) return sendProblem(reply, problemOf(503, 'NODE_AUDIT_UNAVAILABLE', { requestId: request.id }, lang));
        const figures = new Map(figuresByMunicipality(atRisk.persons, atRisk.shelters).map((f) => [f.code, f]));
        const named = namedMunicipalities(record.data);
        const empty = { persons: [], safety: {}, shelters: [], openShelters: 0, evacuees: 0 };
        // The alert's municipalities first (with zero where nobody answered), then any other code a provider gave.
        const municipalities = [
          ...named.map((m) => ({ ...m, ...empty, ...figures.get(m.code), code: m.code })),
          ...[...figures.values()].filter((f) => !named.some((m) => m.code === f.code)).map((f) => ({ ...f, names: [] })),
        ].map(withAreaName);
        return {
          alertId: record.id,
          purpose: atRisk.purpose,
          generatedAt: context.now().toISOString(),
          ...(atRisk.geometry ? { geometry: atRisk.geometry } : {}),
          municipalities,
          persons: atRisk.persons,
          shelters: atRisk.shelters,
          answered: atRisk.answered,
          missing: atRisk.missing.map((m) => ({ ...m, message: missingText(m, lang) })),
          notOffered: atRisk.notOffered,
          lifeline: lifelineLinkFor(record.data, atRisk.geometry, context.declarations().map((d) => ({ id: d.declaration.id, areas: d.declaration.areas }))),
          declaration: declarationProposalFor(record.data, isInForce(record.data, context.now())),
        };
      },
    );
  };
}
