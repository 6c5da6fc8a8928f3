// The municipalities a scenario covers: real local government codes and names from the bundled GSI code table,
// with an estimated population and a centre; Ishikawa's also carry their real 町字 and shelter positions.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLocalities, type Locality } from './localities.ts';
import { uniformOf } from './hash.ts';
import { ishikawaMunicipalities, municipalityWeight, prefectureFacts } from './geography.ts';

export interface Municipality {
  /** 6-digit local government code with its check digit. */
  code: string;
  /** First two digits. */
  prefCode: string;
  prefecture: string;
  /** As the code table writes it, e.g. 七尾市 or 札幌市中央区. */
  name: string;
  population: number;
  /** [lon, lat]; synthetic outside Ishikawa (near the prefectural office). */
  centre: [number, number];
  phoneArea: string;
  /** Real 町字 with a real shelter position each; empty where the GSI layer is not bundled. */
  localities: readonly Locality[];
}

interface CodeTableCity {
  code: string;
  name: string;
  cityName: string;
}
type CodeTable = Record<string, { name: string; code: string; cities: Record<string, CodeTableCity> }>;

export const bundledGsiDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'gsi-shelters');

/**
 * Municipal units that hold registers: prefectures themselves and designated cities whose wards are listed too are
 * dropped (the wards keep the lists), so nobody is counted twice.
 */
export function registerHoldingUnits(table: CodeTable): { code: string; prefCode: string; prefecture: string; name: string }[] {
  const out: { code: string; prefCode: string; prefecture: string; name: string }[] = [];
  for (const prefCode of Object.keys(table).sort()) {
    const pref = table[prefCode]!;
    const cities = Object.values(pref.cities).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    for (const c of cities) {
      if (c.code.slice(2, 5) === '000') continue;
      const hasWards = cities.some((w) => w !== c && w.cityName.startsWith(c.cityName) && w.cityName.endsWith('区'));
      if (hasWards) continue;
      out.push({ code: c.code, prefCode, prefecture: pref.name, name: c.cityName });
    }
  }
  return out;
}

export async function readCodeTable(gsiDir: string): Promise<CodeTable> {
  return JSON.parse(await readFile(path.join(gsiDir, 'code-to-city.json'), 'utf8')) as CodeTable;
}

/** Estimate populations and centres for the chosen units and attach Ishikawa's real localities. */
export async function loadMunicipalities(gsiDir: string, select: (code: string) => boolean): Promise<Municipality[]> {
  const units = registerHoldingUnits(await readCodeTable(gsiDir));
  const weightSum = new Map<string, number>();
  for (const u of units) weightSum.set(u.prefCode, (weightSum.get(u.prefCode) ?? 0) + municipalityWeight(u.code, u.name));
  const out: Municipality[] = [];
  for (const u of units) {
    if (!select(u.code)) continue;
    const facts = prefectureFacts[u.prefCode];
    if (!facts) continue;
    const known = ishikawaMunicipalities[u.code];
    const population = known
      ? known.populationK * 1000
      : Math.round((facts.populationK * 1000 * municipalityWeight(u.code, u.name)) / weightSum.get(u.prefCode)!);
    const localities = known ? await realLocalities(path.join(gsiDir, 'ishikawa'), u.code, u.name) : [];
    const code = Number(u.code);
    const centre: [number, number] =
      localities.length > 0
        ? localities[0]!.near
        : [round6(facts.office[0] + (uniformOf(code, 1) - 0.5) * 0.6), round6(facts.office[1] + (uniformOf(code, 2) - 0.5) * 0.45)];
    out.push({ ...u, population, centre, phoneArea: known?.phoneArea ?? facts.phoneArea, localities });
  }
  return out;
}

/** Generic 町字 names for places whose shelter addresses do not name one (and for synthetic places elsewhere). */
export const genericLocalityNames = ['本町', '中町', '栄町', '旭町', '緑町', '幸町', '新町', '東町', '西町', '南町', '北町', '宮前町', '駅前町', '寿町', '若葉町', '元町'] as const;

/**
 * The city's real 町字 from its GSI shelter addresses; where the addresses name none the parser recognises, generic
 * 町字 names each placed at a real shelter of the city, so people still live beside the real shelter layer.
 */
async function realLocalities(gsiDir: string, code: string, name: string): Promise<Locality[]> {
  const named = await loadLocalities(gsiDir, code, name);
  if (named.length >= 5) return named;
  const points: [number, number][] = [];
  for (const kind of ['evacuation', 'emergency']) {
    const text = await readFile(path.join(gsiDir, kind, `${code}.json`), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const doc = JSON.parse(text) as { features?: { geometry?: { coordinates?: unknown } }[] };
    for (const f of doc.features ?? []) {
      const c = f.geometry?.coordinates;
      if (Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number') points.push([c[0], c[1]]);
    }
  }
  if (points.length === 0) return named;
  const generic = genericLocalityNames.map((n, i) => ({ name: n, near: points[(i * 7) % points.length]! }));
  return [...named, ...generic.filter((g) => !named.some((x) => x.name === g.name))];
}

export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
