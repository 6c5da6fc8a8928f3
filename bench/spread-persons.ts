// Persons spread over an area for the spatial and federation benchmarks: the synthetic Nanao person payloads with a
// distinct pseudo-random location each (deterministic from the index), and an area code and owner chosen by the
// caller. The plain synthetic records repeat 10,000 positions, which would flatter any spatial index.
import type { AreaCode, RecordDraft, RecordOf } from '../src/model/index.ts';
import { syntheticPersonRecord } from './person-records.ts';

/** A uniform value in [0, 1) from an integer (a 32-bit integer hash, so no state and no repeats of pattern). */
export function unit(i: number, salt: number): number {
  let h = Math.imul(i ^ Math.imul(salt, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

/** The box persons are spread over: the Noto peninsula and around, in degrees. */
export const SPREAD = { west: 136.6, south: 36.9, east: 137.4, north: 37.5 };

export interface SpreadOptions {
  id: string;
  sourceNode: string;
  areaCode: AreaCode;
}

export function spreadPerson(i: number, options: SpreadOptions): RecordDraft<'person'> {
  const draft = draftOf(syntheticPersonRecord(i));
  const lon = SPREAD.west + unit(i, 1) * (SPREAD.east - SPREAD.west);
  const lat = SPREAD.south + unit(i, 2) * (SPREAD.north - SPREAD.south);
  return {
    ...draft,
    id: options.id,
    sourceNode: options.sourceNode,
    data: { ...draft.data, areaCode: options.areaCode, location: { type: 'Point', coordinates: [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6] } },
  };
}

/** A stored record as its owner writes it: the envelope without version and recordedAt. */
export function draftOf(r: RecordOf<'person'>): RecordDraft<'person'> {
  const { version: _v, recordedAt: _r, ...draft } = r;
  return draft;
}
