// Real 町字 (localities) of a city, taken from the addresses of its GSI shelters, each with a real shelter's
// position: synthetic persons live in real places, near a real shelter.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export interface Locality {
  /** The 町字 as written in the shelter address, e.g. 庵町 or 門前町. */
  name: string;
  /** A shelter in that locality, [lon, lat]. */
  near: [number, number];
}

interface ShelterFeature {
  geometry?: { type?: string; coordinates?: unknown };
  properties?: Record<string, unknown>;
}

/** The locality part of a GSI address: what follows the city's name, up to and including the first 町 or 村. */
export function localityOf(address: string, cityName: string): string | undefined {
  const at = address.indexOf(cityName);
  if (at < 0) return undefined;
  const rest = address.slice(at + cityName.length);
  const m = /^([^0-9０-９A-Za-zＡ-Ｚａ-ｚ\-－]+?[町村])/.exec(rest);
  return m ? m[1] : undefined;
}

/** Distinct localities of the features (first shelter wins), sorted by name so the order never depends on the file. */
export function localitiesFromFeatures(features: readonly ShelterFeature[], cityName: string): Locality[] {
  const byName = new Map<string, Locality>();
  for (const f of features) {
    const address = f.properties?.['住所'];
    const coords = f.geometry?.coordinates;
    if (typeof address !== 'string' || !Array.isArray(coords) || typeof coords[0] !== 'number' || typeof coords[1] !== 'number') continue;
    const name = localityOf(address, cityName);
    if (name && !byName.has(name)) byName.set(name, { name, near: [coords[0], coords[1]] });
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Read the bundled GSI files of one city (designated shelters and emergency sites) and list its localities. */
export async function loadLocalities(gsiDir: string, code: string, cityName: string): Promise<Locality[]> {
  const features: ShelterFeature[] = [];
  for (const kind of ['evacuation', 'emergency']) {
    const text = await readFile(path.join(gsiDir, kind, `${code}.json`), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const doc = JSON.parse(text) as { features?: ShelterFeature[] };
    features.push(...(doc.features ?? []));
  }
  return localitiesFromFeatures(features, cityName);
}
