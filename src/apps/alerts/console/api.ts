// The alerts page's part of the console's client: its operator routes (../operator-routes.ts, ../report-routes.ts),
// typed with the application's pure answer types (../types.ts).
import { api, getJson, postJson, query, send } from '../../../../web/src/api.ts';
import type { AlertDetailView, AlertMapView, AlertPeopleView, AlertsInForceView, AlertSubscriptionsView, HeldAlertSubscription, ReportAreasView, SituationReport, TimelineView } from '../types.ts';

export type { ReportAreaChoiceView, ReportAreasView } from '../types.ts';
export type { AlertDetailView, AlertSubscriptionsView, HeldAlertSubscription, AlertMapPlace, AlertMapView, AlertPeopleView, AlertsInForceView, AlertSummaryView, ReportMunicipality, SituationReport, TimelineEvent, TimelineView } from '../types.ts';

const one = (id: string) => `/alerts/${encodeURIComponent(id)}`;

export const alertsApi = {
  inForce: (status: string) => getJson<AlertsInForceView>(api(`/alerts${query({ status })}`)),
  alert: (id: string) => getJson<AlertDetailView>(api(one(id))),
  people: (id: string) => getJson<AlertPeopleView>(api(`${one(id)}/people`)),
  map: (status: string) => getJson<AlertMapView>(api(`/alerts/map${query({ status })}`)),
  timeline: (status: string) => getJson<TimelineView>(api(`/alerts/timeline${query({ status })}`)),
  reportAreas: () => getJson<ReportAreasView>(api('/alerts/report-areas')),
  report: (id: string) => getJson<SituationReport>(api(`/alerts/reports/${encodeURIComponent(id)}`)),
  subscriptions: () => getJson<AlertSubscriptionsView>(api('/alerts/subscriptions')),
  subscribe: (body: { provider: string; purpose: string; days?: number; within?: object }) => postJson<{ provider: string; subscription: HeldAlertSubscription }>(api('/alerts/subscriptions'), body),
  unsubscribe: async (provider: string, id: string): Promise<void> => void (await send(api(`/alerts/subscriptions/${encodeURIComponent(provider)}/${encodeURIComponent(id)}`), { method: 'DELETE' })),
  draftReport: (body: { status: string; areas: string[]; at?: string; by: string }) => postJson<SituationReport>(api('/alerts/reports'), body),
  approveReport: (id: string, by: string) => postJson<SituationReport>(api(`/alerts/reports/${encodeURIComponent(id)}/approval`), { by }),
};
