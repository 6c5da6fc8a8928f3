// The alert layer of the console's map: the alerts in force of one picture, gathered per municipality — the most
// severe severity, every kind, the highest seismic intensity, the highest tsunami grade of the forecast area its coast
// belongs to — drawn as the municipality's area (data/municipality-boundaries/) and labelled at its representative
// point (data/municipality-points/) or, without one, the area's own label point. Pure.
import type { Alert, AlertSeverity, MunicipalityPoints } from '../../model/index.ts';
import { areaName } from '../../model/area-names.ts';
import type { BoundaryIndex } from './boundaries.ts';
import { namedMunicipalities } from './in-force.ts';
import type { AlertMapPlace } from './types.ts';

/** A municipality's representative point and name, by local government code. */
export type { MunicipalityPoints };

const SEVERITY_RANK: Readonly<Record<AlertSeverity, number>> = { unknown: 0, minor: 1, moderate: 2, severe: 3, extreme: 4 };

/** JMA's seismic intensity classes, weakest first; anything else (e.g. 「5弱以上未入電」) ranks below 1. */
const INTENSITY_ORDER = ['1', '2', '3', '4', '5-', '5+', '6-', '6+', '7'];
export const intensityRank = (i: string): number => INTENSITY_ORDER.indexOf(i);

/** 大津波警報 > 津波警報 > 津波注意報 > 津波予報: JMA's grades as they are written in the telegram. */
export function tsunamiGradeRank(grade: string): number {
  if (grade.includes('大津波警報')) return 3;
  if (grade.includes('津波警報')) return 2;
  if (grade.includes('津波注意報')) return 1;
  return 0;
}

/** The municipalities each tsunami forecast area of the alert covers, with the grade JMA gave that coast. */
function tsunamiCoasts(alert: Alert): Map<string, { grade: string; name: string; expectedArrival?: string; expectedHeight?: string }> {
  const out = new Map<string, { grade: string; name: string; expectedArrival?: string; expectedHeight?: string }>();
  for (const t of alert.jma?.tsunami ?? []) {
    const area = alert.areas.find((a) => a.code === t.code && a.codeType === '津波予報区');
    for (const code of area?.areaCodes ?? []) {
      const held = out.get(code);
      if (!held || tsunamiGradeRank(t.grade) > tsunamiGradeRank(held.grade)) {
        out.set(code, { grade: t.grade, name: t.name, ...(t.expectedArrival ? { expectedArrival: t.expectedArrival } : {}), ...(t.expectedHeight ? { expectedHeight: t.expectedHeight } : {}) });
      }
    }
  }
  return out;
}

/** Where a municipality is drawn: its area's file and its label at the representative point, else the area's own. */
function placing(code: string, points: MunicipalityPoints, boundaries: Pick<BoundaryIndex, 'get'>): Pick<AlertMapPlace, 'at' | 'area' | 'names'> {
  const point = points.get(code);
  const boundary = boundaries.get(code);
  const at = point?.at ?? boundary?.label;
  const name = point?.name ?? boundary?.name;
  return { names: name !== undefined ? [name] : [], ...(at ? { at } : {}), ...(boundary ? { area: { prefecture: boundary.prefecture } } : {}) };
}

/**
 * Every municipality the alerts name, most severe first, each with its area and label point (both absent when
 * neither bundled table knows the code: the console lists those beside the map instead of guessing a place).
 */
export function alertMapPlaces(records: readonly { id: string; data: Alert }[], points: MunicipalityPoints, boundaries: Pick<BoundaryIndex, 'get'>): AlertMapPlace[] {
  const places = new Map<string, AlertMapPlace>();
  for (const { id, data: alert } of records) {
    const coasts = tsunamiCoasts(alert);
    for (const m of namedMunicipalities(alert)) {
      let place = places.get(m.code);
      if (!place) {
        const label = areaName(m.code);
        place = { code: m.code, severity: 'unknown', kinds: [], alerts: [], ...placing(m.code, points, boundaries), ...(label ? { label } : {}) };
        places.set(m.code, place);
      }
      for (const n of m.names) if (!place.names.includes(n)) place.names.push(n);
      if (SEVERITY_RANK[alert.severity] > SEVERITY_RANK[place.severity]) place.severity = alert.severity;
      for (const k of alert.kinds) if (!place.kinds.includes(k)) place.kinds.push(k);
      if (m.maxIntensity !== undefined && (place.maxIntensity === undefined || intensityRank(m.maxIntensity) > intensityRank(place.maxIntensity))) {
        place.maxIntensity = m.maxIntensity;
      }
      const coast = coasts.get(m.code);
      if (coast && (!place.tsunami || tsunamiGradeRank(coast.grade) > tsunamiGradeRank(place.tsunami.grade))) place.tsunami = coast;
      place.alerts.push({ id, sent: alert.sent, severity: alert.severity, kinds: alert.kinds, ...(alert.headline !== undefined ? { headline: alert.headline } : alert.event !== undefined ? { headline: alert.event } : {}) });
    }
  }
  return [...places.values()].sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      intensityRank(b.maxIntensity ?? '') - intensityRank(a.maxIntensity ?? '') ||
      tsunamiGradeRank(b.tsunami?.grade ?? '') - tsunamiGradeRank(a.tsunami?.grade ?? '') ||
      a.code.localeCompare(b.code),
  );
}
