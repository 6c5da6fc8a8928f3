// Area codes by name: Japanese local government codes from the bundled GSI code table (data/gsi-shelters/code-to-city.json,
// prefectures, municipalities and designated cities' wards, in Japanese) with their English names
// (data/area-names/en.json, derived by scripts/derive-area-names-en.ts), and the ASEAN demo's P-codes from the file
// that defines its areas (data/asean/ph-areas.json, English). One lookup for every place that shows an area; an
// unknown code has no name. The tables are read once, on first use.
import codeToCity from '../../data/gsi-shelters/code-to-city.json' with { type: 'json' };
import englishNames from '../../data/area-names/en.json' with { type: 'json' };
import phAreas from '../../data/asean/ph-areas.json' with { type: 'json' };
import type { Text } from './common.ts';

interface CodeTablePrefecture {
  name: string;
  cities: Record<string, { code: string; name: string; cityName: string }>;
}

function namesOf(): ReadonlyMap<string, Text> {
  const names = new Map<string, Text>();
  const en = englishNames.names as Readonly<Record<string, string>>;
  for (const pref of Object.values(codeToCity as Record<string, CodeTablePrefecture>)) {
    for (const c of Object.values(pref.cities)) {
      // The table lists a prefecture itself (170003 石川県) with an empty city name: its name is the prefecture's.
      const ja = c.cityName === '' ? pref.name : c.cityName;
      // A code with no English name (data/area-names/en.json lists each such gap with its reason) keeps its Japanese.
      names.set(c.code, Object.hasOwn(en, c.code) ? { ja, en: en[c.code]! } : { ja });
    }
  }
  for (const a of phAreas.areas) names.set(a.pcode, { en: a.name });
  return names;
}

let table: ReadonlyMap<string, Text> | undefined;

/**
 * The name of an area code: { ja: 七尾市, en: Nanao City } for 172022, { en: City of Tacloban } for PH0803747;
 * undefined when no bundled table knows it.
 */
export function areaName(code: string): Text | undefined {
  table ??= namesOf();
  return table.get(code.trim());
}

/** Every area code the bundled tables name, with its name (for choosing areas by name, e.g. a report's municipalities). */
export function namedAreas(): ReadonlyMap<string, Text> {
  table ??= namesOf();
  return table;
}

/** An area's name in one language, else in the other (a Japanese name in English text beats none); undefined if unnamed. */
export function areaNameIn(code: string, lang: 'ja' | 'en'): string | undefined {
  const name = areaName(code);
  return name === undefined ? undefined : (name[lang] ?? name.ja ?? name.en);
}

/** An area as people read it, its code beside the name: "志賀町 (173843)" / "Shika Town (173843)"; the code alone if unnamed. */
export function areaWithCode(code: string, lang: 'ja' | 'en'): string {
  const name = areaNameIn(code, lang);
  return name === undefined ? code : `${name} (${code})`;
}
