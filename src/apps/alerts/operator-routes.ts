// The console's alerts API (behind the operator token, under /operator): the alerts in force on this node for one
// status — real alerts, or one exercise or test picture, never mixed — and one alert with its municipalities named.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { AlertSchema, alertStatuses, codesOf, RecordEnvelopeSchemas } from '../../model/index.ts';
import { problemResponse, requestLang, sendProblem, type ApplicationContext } from '../../node/application/index.ts';
import { alertsInForce, namedMunicipalities } from './in-force.ts';
import { alertsMessages } from './messages.ts';

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
  maxIntensity: Type.Optional(Type.String()),
});
const OneResponse = Type.Object({
  record: RecordEnvelopeSchemas.alert,
  inForce: Type.Boolean(),
  municipalities: Type.Array(Municipality),
});

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
        return { record, inForce: alertsInForce([record], record.data.status, context.now()).length === 1, municipalities: namedMunicipalities(record.data) };
      },
    );
  };
}
