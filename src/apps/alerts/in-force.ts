// Which alerts stand at a moment, and the municipalities an alert covers with the names its own message gives them.
// Pure: records in, answers out. A picture is of one status only (real, exercise or test): never mixed.
import { alertsOfStatus, type Alert, type AlertStatus } from '../../model/index.ts';

/** An alert stands while no later message replaced or withdrew it and its expiry (if any) has not passed. */
export function isInForce(alert: Alert, at: Date): boolean {
  if (alert.state !== 'in-force') return false;
  return alert.expires === undefined || Date.parse(alert.expires) > at.getTime();
}

/** The alerts of one status standing at `at`, newest sent first. */
export function alertsInForce<T extends { data: Alert }>(records: readonly T[], status: AlertStatus, at: Date): T[] {
  return alertsOfStatus(records, status)
    .filter((r) => isInForce(r.data, at))
    .sort((a, b) => Date.parse(b.data.sent) - Date.parse(a.data.sent));
}

export interface NamedMunicipality {
  code: string;
  /** The names the message gives the areas covering this municipality (a 市町村等 name, a 津波予報区, …), as sent. */
  names: string[];
  /** The seismic intensity the message gives this municipality, when it does. */
  maxIntensity?: string;
}

/**
 * Every municipality of the alert with the names of the message's areas that cover it. A municipality named only
 * through a code table (e.g. one of the 28 coasts of 津波予報区) carries the coast's name: that is what the sender said.
 */
export function namedMunicipalities(alert: Alert): NamedMunicipality[] {
  // Each name with how many municipalities its area covers: the municipality's own name (an area of one) comes first.
  const byCode = new Map<string, { names: Map<string, number>; maxIntensity?: string }>();
  const entry = (code: string) => {
    let m = byCode.get(code);
    if (!m) byCode.set(code, (m = { names: new Map() }));
    return m;
  };
  const addName = (code: string, name: string, breadth: number) => {
    const names = entry(code).names;
    names.set(name, Math.min(names.get(name) ?? Infinity, breadth));
  };
  for (const code of alert.areaCodes) entry(code);
  for (const area of alert.areas) for (const code of area.areaCodes) if (area.name !== undefined) addName(code, area.name, area.areaCodes.length);
  for (const i of alert.jma?.intensities ?? []) {
    if (i.areaCode === undefined) continue;
    addName(i.areaCode, i.name, 1);
    entry(i.areaCode).maxIntensity = i.maxIntensity;
  }
  return [...byCode.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, m]) => ({
      code,
      names: [...m.names.entries()].sort((a, b) => a[1] - b[1]).map(([name]) => name),
      ...(m.maxIntensity !== undefined ? { maxIntensity: m.maxIntensity } : {}),
    }));
}
