// The situation picture's routes for the console (behind the operator token): the alert layer of the map — the alerts
// in force of one picture per municipality, at representative points — and the timeline of alerts, declarations and
// situation reports. One picture (actual, exercise, test) per request: never mixed.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { alertSeverities, alertStatuses, codesOf, municipalityPoints, municipalityPointsSource } from '../../model/index.ts';
import type { ApplicationContext } from '../../node/application/index.ts';
import { alertsInForce } from './in-force.ts';
import { municipalityBoundaries } from './boundaries.ts';
import { alertMapPlaces } from './map-layer.ts';
import { reportStorage } from './report-storage.ts';
import { TIMELINE_LIMIT, timelineEvents } from './timeline.ts';

const StatusQuery = Type.Object(
  { status: Type.Union(codesOf(alertStatuses).map((s) => Type.Literal(s)), { default: 'actual', description: 'one picture only: actual (default), exercise, test, …' }) },
  { additionalProperties: false },
);

const LonLat = Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: '[lon, lat] WGS84' });
const MapResponse = Type.Object({
  status: Type.String(),
  at: Type.String(),
  places: Type.Array(
    Type.Object({
      code: Type.String(),
      names: Type.Array(Type.String()),
      label: Type.Optional(Type.Object({ ja: Type.Optional(Type.String()), en: Type.Optional(Type.String()) })),
      at: Type.Optional(LonLat),
      area: Type.Optional(Type.Object({ prefecture: Type.String({ pattern: '^\\d{2}$' }) })),
      severity: Type.Union(codesOf(alertSeverities).map((s) => Type.Literal(s))),
      kinds: Type.Array(Type.String()),
      maxIntensity: Type.Optional(Type.String()),
      tsunami: Type.Optional(
        Type.Object({ grade: Type.String(), name: Type.String(), expectedArrival: Type.Optional(Type.String()), expectedHeight: Type.Optional(Type.String()) }),
      ),
      alerts: Type.Array(
        Type.Object({ id: Type.String(), sent: Type.String(), severity: Type.String(), kinds: Type.Array(Type.String()), headline: Type.Optional(Type.String()) }),
      ),
    }),
  ),
  points: Type.Object({ source: Type.String(), coverage: Type.String() }),
  boundaries: Type.Object({ source: Type.String(), coverage: Type.String() }),
});

const Href = Type.String({ description: "the console's link to the record" });
const TimelineResponse = Type.Object({
  status: Type.String(),
  items: Type.Array(
    Type.Union([
      Type.Object({
        kind: Type.Literal('alert'),
        change: Type.Union([Type.Literal('issued'), Type.Literal('updated'), Type.Literal('cancelled')]),
        at: Type.String(), id: Type.String(), text: Type.String(), severity: Type.String(), state: Type.String(), href: Href,
      }),
      Type.Object({
        kind: Type.Literal('declaration'),
        at: Type.String(), id: Type.String(), hazard: Type.String(), phase: Type.String(), areas: Type.Array(Type.String()), issuer: Type.String(),
        title: Type.Object({ ja: Type.Optional(Type.String()), en: Type.Optional(Type.String()) }), href: Href,
      }),
      Type.Object({
        kind: Type.Literal('report'),
        change: Type.Union([Type.Literal('drafted'), Type.Literal('approved')]),
        at: Type.String(), id: Type.String(), by: Type.String(), areas: Type.Array(Type.String()), href: Href,
      }),
    ]),
  ),
});

export function alertsSituationRoutes(context: ApplicationContext): FastifyPluginAsync {
  const reports = reportStorage(context.database);
  return async (app) => {
    app.get<{ Querystring: Static<typeof StatusQuery> }>(
      '/alerts/map',
      {
        schema: {
          tags: ['alerts'],
          summary: "The map's alert layer: alerts in force of one picture per municipality (地図の警報レイヤー)",
          description:
            'Per municipality: the most severe severity, every kind, the highest seismic intensity and tsunami grade, the alerts; ' +
            'its area (`area`: the prefecture whose boundary file GET /alerts/boundaries/{prefecture} holds it) where the bundled boundaries know it; ' +
            'labelled at its representative point (the medoid of its GSI shelters) or the area\'s label point, else without `at`.',
          querystring: StatusQuery,
          response: { 200: MapResponse },
        },
      },
      async (request) => {
        const at = context.now();
        const { status } = request.query;
        const records = alertsInForce(await context.alerts.list(status), status, at);
        return { status, at: at.toISOString(), places: alertMapPlaces(records, municipalityPoints, municipalityBoundaries), points: municipalityPointsSource, boundaries: municipalityBoundaries.source };
      },
    );

    app.get<{ Querystring: Static<typeof StatusQuery> }>(
      '/alerts/timeline',
      {
        schema: {
          tags: ['alerts'],
          summary: 'Timeline of alerts, declarations and situation reports of one picture, newest first (時系列)',
          description: `At most ${TIMELINE_LIMIT} events. Declarations join the actual picture only.`,
          querystring: StatusQuery,
          response: { 200: TimelineResponse },
        },
      },
      async (request) => {
        const { status } = request.query;
        const items = timelineEvents({
          status,
          alerts: await context.alerts.list(status),
          declarations: context.declarations().map((d) => d.declaration),
          reports: await reports.recent(status, TIMELINE_LIMIT),
        });
        return { status, items };
      },
    );
  };
}
