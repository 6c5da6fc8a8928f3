// The wards (区) of Japan's designated cities (政令指定都市), from the bundled GSI code table
// (data/gsi-shelters/code-to-city.json), so that a city's code contains its wards' codes: a record kept with
// 141011 (横浜市鶴見区) lies in 141003 (横浜市). Local government codes do not nest by digits here (横浜市 14100,
// its wards 14101–14118; 浜松市 22130, its wards 22138–22140), so the relation is read from the names: a ward is
// listed as its city's name followed by its own (横浜市鶴見区). Tokyo's special wards (特別区) are municipalities in
// their own right and belong to no city.
import codeToCity from '../../data/gsi-shelters/code-to-city.json' with { type: 'json' };
import type { AreaCode } from './area-code.ts';

interface CodeTablePrefecture {
  cities: Record<string, { code: string; cityName: string }>;
}

interface WardTable {
  cityOf: ReadonlyMap<string, AreaCode>;
  wardsOf: ReadonlyMap<string, readonly AreaCode[]>;
}

function buildWardTable(): WardTable {
  const cityOf = new Map<string, AreaCode>();
  const wardsOf = new Map<string, AreaCode[]>();
  for (const pref of Object.values(codeToCity as Record<string, CodeTablePrefecture>)) {
    const entries = Object.values(pref.cities);
    const cities = entries.filter((c) => c.cityName.endsWith('市'));
    for (const ward of entries) {
      if (!ward.cityName.endsWith('区')) continue;
      const city = cities.find((c) => ward.cityName.length > c.cityName.length && ward.cityName.startsWith(c.cityName));
      if (city === undefined) continue;
      cityOf.set(ward.code, city.code as AreaCode);
      const list = wardsOf.get(city.code) ?? [];
      list.push(ward.code as AreaCode);
      wardsOf.set(city.code, list);
    }
  }
  return { cityOf, wardsOf };
}

let table: WardTable | undefined;

/** The designated city a ward's code belongs to (141003 for 141011); undefined for any other code. */
export function cityOfWard(code: string): AreaCode | undefined {
  table ??= buildWardTable();
  return table.cityOf.get(code);
}

/** The wards of a designated city (横浜市's eighteen for 141003); empty for any other code. */
export function wardsOfCity(code: string): readonly AreaCode[] {
  table ??= buildWardTable();
  return table.wardsOf.get(code) ?? [];
}

/**
 * The codes of a list that names part of a designated city as its wards (JMA's 仙台市東部, a tsunami forecast area
 * cutting 北九州市): a city's code listed beside one of its own wards is left out, since it would also take in the
 * city's other wards. Records kept with the city's code alone are then not reached by such a list — only by one
 * naming the whole city.
 */
export function withoutCitiesNamedByWard<C extends string>(codes: readonly C[]): C[] {
  const listed = new Set<string>(codes);
  return codes.filter((c) => !wardsOfCity(c).some((w) => listed.has(w)));
}
