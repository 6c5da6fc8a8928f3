// One shelter, one entry: the records different sources hold of the same place — the nationwide common-ID (GSI)
// records, often one as 指定避難所 and one as 指定緊急避難場所, and the city's own record with its open status and
// evacuee count — joined when they name the same place in the same municipality at the same spot. Pure.
import type { Static } from '@sinclair/typebox';
import { metresBetween } from '../../model/geo.ts';
import type { ShelterFeature } from './api-schemas.ts';

type Feature = Static<typeof ShelterFeature>;
type Properties = Feature['properties'];

/** Two records this close (metres), with the same name in the same municipality, are one shelter. */
export const SAME_SHELTER_METRES = 300;

/** Names compared as a person reads them: NFKC (full/half width), without spaces. */
export function shelterNameKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '');
}

function sameShelter(a: Feature, b: Feature): boolean {
  if (a.properties.areaCode && b.properties.areaCode && a.properties.areaCode !== b.properties.areaCode) return false;
  if (shelterNameKey(a.properties.name) !== shelterNameKey(b.properties.name)) return false;
  // Without a position on both sides the name and municipality decide: a city rarely names two sites alike.
  if (!a.geometry || !b.geometry) return true;
  return metresBetween(a.geometry.coordinates, b.geometry.coordinates) <= SAME_SHELTER_METRES;
}

const time = (s: string | undefined) => (s ? Date.parse(s) : Number.NEGATIVE_INFINITY);

/** The record whose open status speaks for the shelter: a known status, the latest observed. */
function statusHolder(group: readonly Feature[]): Feature {
  const known = group.filter((f) => f.properties.openStatus !== 'unknown');
  const pool = known.length > 0 ? known : group;
  return pool.reduce((best, f) => (time(f.properties.observedAt) > time(best.properties.observedAt) ? f : best));
}

function joined(group: readonly Feature[]): Feature {
  if (group.length === 1) return { ...group[0]!, properties: { ...group[0]!.properties, ids: [group[0]!.id] } };
  const holder = statusHolder(group);
  const counted = group.filter((f) => f.properties.evacuees !== undefined);
  const latestCount = counted.length > 0 ? counted.reduce((best, f) => (time(f.properties.evacueesAt) > time(best.properties.evacueesAt) ? f : best)) : undefined;
  const located = group.find((f) => f.geometry !== null);
  const kinds = [...new Set(group.flatMap((f) => f.properties.kinds))];
  const capacity = group.map((f) => f.properties.capacity).find((c) => c !== undefined);
  const areaCode = group.map((f) => f.properties.areaCode).find((c) => c !== undefined);
  const properties: Properties = {
    ...holder.properties,
    id: holder.id,
    ids: group.map((f) => f.id),
    kinds,
    ...(kinds[0] ? { kind: kinds[0] } : {}),
    ...(latestCount?.properties.evacuees !== undefined ? { evacuees: latestCount.properties.evacuees } : {}),
    ...(latestCount?.properties.evacueesAt !== undefined ? { evacueesAt: latestCount.properties.evacueesAt } : {}),
    ...(capacity !== undefined ? { capacity } : {}),
    ...(areaCode !== undefined ? { areaCode } : {}),
  };
  return { type: 'Feature', id: holder.id, geometry: holder.geometry ?? located?.geometry ?? null, properties };
}

/**
 * Join the records of the same shelter. Records are bucketed by municipality and name, then grouped within a bucket
 * by distance to the group's first record, so the work stays linear in the number of shelters.
 */
export function joinShelters(features: readonly Feature[]): Feature[] {
  const buckets = new Map<string, Feature[][]>();
  const order: Feature[][] = [];
  for (const f of features) {
    const key = shelterNameKey(f.properties.name);
    const groups = buckets.get(key) ?? [];
    const group = groups.find((g) => sameShelter(g[0]!, f));
    if (group) group.push(f);
    else {
      const fresh = [f];
      groups.push(fresh);
      order.push(fresh);
    }
    buckets.set(key, groups);
  }
  return order.map(joined);
}

export interface ShelterTotals {
  shelters: number;
  open: number;
  evacuees: number;
}

/** What the map's summary says: shelters, those open, and the evacuees counted in them (latest count each). */
export function shelterTotals(features: readonly Feature[]): ShelterTotals {
  let open = 0;
  let evacuees = 0;
  for (const f of features) {
    if (f.properties.openStatus === 'open' || f.properties.openStatus === 'full') open += 1;
    evacuees += f.properties.evacuees ?? 0;
  }
  return { shelters: features.length, open, evacuees };
}
