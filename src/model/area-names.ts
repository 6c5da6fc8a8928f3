// Area codes by name: Japanese local government codes from the bundled GSI code table (data/gsi-shelters/code-to-city.json,
// prefectures and municipalities, Japanese only) and the ASEAN demo's P-codes from the file that defines its areas
// (data/asean/ph-areas.json, English). One lookup for every place that shows an area; an unknown code has no name.
import codeToCity from '../../data/gsi-shelters/code-to-city.json' with { type: 'json' };
import phAreas from '../../data/asean/ph-areas.json' with { type: 'json' };
import type { Text } from './common.ts';

interface CodeTablePrefecture {
  name: string;
  cities: Record<string, { code: string; name: string; cityName: string }>;
}

function namesOf(): ReadonlyMap<string, Text> {
  const names = new Map<string, Text>();
  for (const pref of Object.values(codeToCity as Record<string, CodeTablePrefecture>)) {
    for (const c of Object.values(pref.cities)) {
      // The table lists a prefecture itself (170003 石川県) with an empty city name: its name is the prefecture's.
      names.set(c.code, { ja: c.cityName === '' ? pref.name : c.cityName });
    }
  }
  for (const a of phAreas.areas) names.set(a.pcode, { en: a.name });
  return names;
}

let table: ReadonlyMap<string, Text> | undefined;

/** The name of an area code (七尾市 for 172022, City of Tacloban for PH0803747); undefined when no bundled table knows it. */
export function areaName(code: string): Text | undefined {
  table ??= namesOf();
  return table.get(code.trim());
}

/** Every area code the bundled tables name, with its name (for choosing areas by name, e.g. a report's municipalities). */
export function namedAreas(): ReadonlyMap<string, Text> {
  table ??= namesOf();
  return table;
}
