// The areas a situation report may be drafted for: the municipalities (with a designated city's wards) inside the
// node's jurisdiction, by name from the bundled code tables, and the check of codes a request names. Pure.
import { areaContains, cityOfWard, parseAreaCode, type AreaCode, type Text } from '../../model/index.ts';
import { areaName, namedAreas } from '../../model/area-names.ts';
import type { ReportAreaChoiceView } from './types.ts';

/** One choice: a municipality, a ward listed under its designated city, or one of the jurisdiction's own areas. */
export type ReportAreaChoice = ReportAreaChoiceView & { name: Text };

/** A prefecture's own code (170003) or the country: wider than a municipality. */
export const isWiderThanMunicipality = (code: string) => code === 'JP' || /^\d{2}000\d$/.test(code);

/**
 * The choices for a jurisdiction: each of its own areas (the whole of it), then every municipality and ward inside it
 * that the bundled tables name, by code. A ward is listed with its city, so a city's wards follow it.
 */
export function reportAreaChoices(jurisdiction: readonly string[]): ReportAreaChoice[] {
  const choices = new Map<string, ReportAreaChoice>();
  for (const j of jurisdiction) {
    const name = areaName(j) ?? (j === 'JP' ? { ja: '日本全国', en: 'All of Japan' } : undefined);
    if (name) choices.set(j, { code: j, name, whole: true });
  }
  for (const [code, name] of namedAreas()) {
    if (choices.has(code) || isWiderThanMunicipality(code)) continue;
    if (!jurisdiction.some((j) => areaContains(j as AreaCode, code as AreaCode))) continue;
    const city = cityOfWard(code);
    choices.set(code, { code, name, ...(city !== undefined ? { city } : {}) });
  }
  // Wards sort under their city: by the city's code, then the city itself before its wards.
  const sortKey = (c: ReportAreaChoice) => `${c.whole ? '0' : '1'}${c.city ?? c.code}${c.city ? c.code : ''}`;
  return [...choices.values()].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
}

export type ReportAreaProblem =
  | { index: number; code: string; kind: 'unknown' }
  | { index: number; code: string; kind: 'outside' };

/**
 * The codes a report request names that it may not: a Japanese local government code no bundled table knows (merged
 * away, mistyped with a valid check digit), or an area outside the jurisdiction. P-codes are checked against the
 * jurisdiction only: the bundled P-codes are the demo's, not a full list.
 */
export function reportAreaProblems(areas: readonly string[], jurisdiction: readonly string[]): ReportAreaProblem[] {
  const problems: ReportAreaProblem[] = [];
  areas.forEach((code, index) => {
    const parsed = parseAreaCode(code);
    if (!parsed.ok || (parsed.scheme === 'jp-lg' && areaName(code) === undefined)) problems.push({ index, code, kind: 'unknown' });
    else if (!jurisdiction.some((j) => areaContains(j as AreaCode, parsed.value))) problems.push({ index, code, kind: 'outside' });
  });
  return problems;
}
