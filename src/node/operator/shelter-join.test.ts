import { describe, expect, it } from 'vitest';
import type { Static } from '@sinclair/typebox';
import type { ShelterFeature } from './api-schemas.ts';
import { metresBetween } from '../../model/geo.ts';
import { joinShelters, shelterNameKey, shelterTotals } from './shelter-join.ts';

type Feature = Static<typeof ShelterFeature>;

function shelter(id: string, at: [number, number] | null, props: Partial<Feature['properties']> = {}): Feature {
  return {
    type: 'Feature',
    id,
    geometry: at ? { type: 'Point', coordinates: at } : null,
    properties: { id, name: '御祓地区コミュニティセンター', kinds: ['designated-shelter'], openStatus: 'unknown', areaCode: '172022', observedAt: '2024-05-01T00:00:00Z', sourceNode: 'jp-170003-ishikawa-pref', ...props },
  };
}

// The common-ID records (as 指定避難所 and as 指定緊急避難場所) and Nanao City's record of the same centre, as published.
const gsiShelter = shelter('E1720200005201', [136.96136, 37.04826]);
const gsiSite = shelter('E1720200005202', [136.9614, 37.0483], { kinds: ['emergency-evacuation-site'] });
const city = shelter('CC0000000504', [136.96136, 37.04826], {
  name: '御祓地区コミュニティセンター ',
  kinds: ['designated-shelter'],
  openStatus: 'open',
  evacuees: 123,
  evacueesAt: '2024-01-11T09:00:00Z',
  observedAt: '2024-01-11T09:00:00Z',
  sourceNode: 'jp-172022-nanao-city',
});

describe('joinShelters', () => {
  it("makes one shelter of the common-ID records and the city's, with the city's status, count and time", () => {
    const [one, ...rest] = joinShelters([gsiShelter, gsiSite, city]);
    expect(rest).toEqual([]);
    expect(one!.id).toBe('CC0000000504');
    expect(one!.properties).toMatchObject({
      openStatus: 'open',
      evacuees: 123,
      observedAt: '2024-01-11T09:00:00Z',
      sourceNode: 'jp-172022-nanao-city',
      ids: ['E1720200005201', 'E1720200005202', 'CC0000000504'],
      kinds: ['designated-shelter', 'emergency-evacuation-site'],
    });
  });

  it('keeps apart a same-named place in another municipality, and one farther than 300 m', () => {
    const elsewhere = shelter('E1720490000101', [136.9, 37.39], { areaCode: '172049' });
    const farther = shelter('E1720200009901', [136.97, 37.05]);
    expect(joinShelters([gsiShelter, elsewhere, farther]).map((f) => f.id)).toEqual(['E1720200005201', 'E1720490000101', 'E1720200009901']);
  });

  it('gives a shelter with one record its id in ids, and counts totals over the joined shelters', () => {
    const other = shelter('NEW001', [136.9618, 37.0468], { name: '寄合い処みそぎ', openStatus: 'open', evacuees: 41, sourceNode: 'jp-172022-nanao-city' });
    const joined = joinShelters([gsiShelter, city, other]);
    expect(joined.find((f) => f.id === 'NEW001')!.properties.ids).toEqual(['NEW001']);
    expect(shelterTotals(joined)).toEqual({ shelters: 2, open: 2, evacuees: 164 });
  });
});

describe('helpers', () => {
  it('compares names across full and half width and spaces', () => {
    expect(shelterNameKey('ＡＢＣ 公民館')).toBe(shelterNameKey('ABC公民館'));
  });
  it('measures about 111 km per degree of latitude', () => {
    expect(Math.round(metresBetween([137, 37], [137, 38]) / 1000)).toBe(111);
  });
});
