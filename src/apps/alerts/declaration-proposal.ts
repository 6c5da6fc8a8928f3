// "Prepare a declaration from this alert": a link to the console's declarations page with the form filled in from a
// real alert in force — hazard, phase and areas — for a person to check, narrow to their own jurisdiction and issue.
// Never for an exercise or test, never issued by itself (the node still decides who may declare, and where).
import type { Alert, AlertKind, Hazard } from '../../model/index.ts';

export type DeclarationProposal =
  | { kind: 'proposed'; hazard: Hazard; phase: 'alert' | 'emergency'; areas: string[]; href: string }
  | { kind: 'not-offered'; reason: 'exercise' | 'not-in-force' | 'no-areas' };

/** The hazard a kind of alert speaks of, most specific first; the first kind that names one wins. */
const hazardOfKind: readonly [readonly AlertKind[], Hazard][] = [
  [['major-tsunami-warning', 'tsunami-warning', 'tsunami-advisory', 'tsunami-forecast', 'tsunami-information'], 'tsunami'],
  [['earthquake-intensity', 'hypocentre', 'earthquake-early-warning'], 'earthquake'],
  [['landslide-alert'], 'landslide'],
  [['river-flood-forecast'], 'flood'],
];

/** Alerts that call for acting now: the emergency phase is proposed; other alerts propose the alert phase. */
const emergencyKinds: readonly AlertKind[] = ['major-tsunami-warning', 'tsunami-warning', 'weather-emergency-warning', 'earthquake-early-warning'];

export function declarationProposalFor(alert: Alert, inForce: boolean): DeclarationProposal {
  if (alert.status !== 'actual') return { kind: 'not-offered', reason: 'exercise' };
  if (!inForce) return { kind: 'not-offered', reason: 'not-in-force' };
  if (alert.areaCodes.length === 0) return { kind: 'not-offered', reason: 'no-areas' };
  const hazard = hazardOfKind.find(([kinds]) => alert.kinds.some((k) => kinds.includes(k)))?.[1] ?? 'other';
  const urgent = alert.severity === 'extreme' || alert.severity === 'severe' || alert.kinds.some((k) => emergencyKinds.includes(k));
  const phase = urgent ? 'emergency' : 'alert';
  const areas = [...new Set(alert.areaCodes)].sort();
  const query = new URLSearchParams({ propose: '1', hazard, phase, areas: areas.join(','), alert: alert.headline ?? alert.identifier });
  return { kind: 'proposed', hazard, phase, areas, href: `#/declarations?${query.toString()}` };
}
