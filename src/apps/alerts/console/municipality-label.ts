// How the console names a municipality of an alert or a report: in Japanese, the names the alert gave its areas
// (what the sender said), else the code table's; in English, the code table's English name first, then the sender's
// names that say more than the municipality's own Japanese name (a coast, a forecast area). Pure; no code table here,
// so the console bundle carries none: the node sends `name` with each municipality.
import type { Text } from '../../../model/common.ts';

/** A municipality as the alerts views carry it: the sender's names and, when the node's tables know it, its name. */
export interface NamedPlace {
  names: readonly string[];
  name?: Text;
}

export function municipalityNames(m: NamedPlace, lang: 'ja' | 'en'): string[] {
  const own = m.name?.[lang];
  if (lang === 'ja') return m.names.length > 0 ? [...m.names] : own !== undefined ? [own] : [];
  const others = m.names.filter((n) => n !== m.name?.ja && n !== own);
  if (own !== undefined) return [own, ...others];
  return [...m.names];
}
