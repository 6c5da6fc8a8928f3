// The situation's timeline: alerts issued, updated and cancelled, declarations, and situation reports drafted and
// approved, newest first, each linking to its record in the console. One picture at a time: declarations are acts of
// real authorities and join the real picture only; an exercise report stays in the exercise picture. Pure.
import type { Alert, AlertStatus, Declaration } from '../../model/index.ts';
import type { SituationReport, TimelineEvent } from './types.ts';

/** How many events the console is given: a day of a large disaster fits, a year of drills does not need to. */
export const TIMELINE_LIMIT = 300;

/** What the alert's message did: a CAP Update/Cancel, a JMA 訂正/取消, or a JMA report after the first of its event. */
export function alertChange(alert: Alert): 'issued' | 'updated' | 'cancelled' {
  if (alert.messageType === 'cancel' || alert.jma?.infoType === '取消') return 'cancelled';
  if (alert.messageType === 'update' || (alert.jma?.serial ?? 1) > 1) return 'updated';
  return 'issued';
}

const alertHref = (status: string, id: string) => `#/alerts?status=${encodeURIComponent(status)}&alert=${encodeURIComponent(id)}`;
const reportHref = (status: string, id: string) => `#/alerts?status=${encodeURIComponent(status)}&report=${encodeURIComponent(id)}`;

export function timelineEvents(args: {
  status: AlertStatus;
  alerts: readonly { id: string; data: Alert }[];
  declarations: readonly Declaration[];
  reports: readonly SituationReport[];
}): TimelineEvent[] {
  const { status } = args;
  const events: TimelineEvent[] = [];
  for (const { id, data: a } of args.alerts) {
    if (a.status !== status) continue;
    const text = a.headline ?? a.event ?? a.kinds.join(', ');
    events.push({ kind: 'alert', change: alertChange(a), at: a.sent, id, text, severity: a.severity, state: a.state, href: alertHref(status, id) });
  }
  if (status === 'actual') {
    for (const d of args.declarations) {
      events.push({ kind: 'declaration', at: d.issuedAt, id: d.id, hazard: d.hazard, phase: d.phase, areas: d.areas, issuer: d.issuer, title: d.title, href: '#/declarations' });
    }
  }
  for (const r of args.reports) {
    if (r.body.status !== status) continue;
    events.push({ kind: 'report', change: 'drafted', at: r.draftedAt, id: r.id, by: r.draftedBy, areas: r.body.areas, href: reportHref(status, r.id) });
    if (r.approval.state === 'approved') events.push({ kind: 'report', change: 'approved', at: r.approval.at, id: r.id, by: r.approval.by, areas: r.body.areas, href: reportHref(status, r.id) });
  }
  return events
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, TIMELINE_LIMIT);
}
