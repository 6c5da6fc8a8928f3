import { describe, expect, it } from 'vitest';
import { neighbouringAreas, offeredShelters, type ShelterOption } from './shelter-choice.ts';

const s = (id: string, name: string, areaCode: string, at: [number, number], nameEn?: string): ShelterOption => ({ id, ids: [id], name, areaCode, at, ...(nameEn ? { nameEn } : {}) });

// Nanao (172022) and, 2 km across its border, a Nakanoto (173851) shelter; Kanazawa (172014) 60 km away.
const misogi = s('CC0000000504', '御祓地区コミュニティセンター', '172022', [136.96136, 37.04826], 'Misogi Community Centre');
const border = s('NAN-1', '七尾東部公民館', '172022', [136.99, 36.93]);
const nakanoto = s('NKN-1', '中能登町民体育館', '173851', [136.99, 36.912]);
const kanazawa = s('KNZ-1', '金沢市中央公園', '172014', [136.65, 36.56]);
const all = [kanazawa, nakanoto, border, misogi];
const person = { areaCode: '172022', at: [136.962, 37.047] as [number, number] };

describe('offeredShelters', () => {
  it("offers the person's municipality and its neighbours, nearest first, and not a city 60 km away", () => {
    const offered = offeredShelters(all, { person, wide: false, text: '' });
    expect(offered.map((o) => o.id)).toEqual(['CC0000000504', 'NAN-1', 'NKN-1']);
    expect(offered[0]!.metres).toBeLessThan(300);
  });

  it('offers every shelter when widened, still nearest first', () => {
    expect(offeredShelters(all, { person, wide: true, text: '' }).map((o) => o.id)).toEqual(['CC0000000504', 'NAN-1', 'NKN-1', 'KNZ-1']);
  });

  it('narrows by either name, ignoring width and spaces', () => {
    expect(offeredShelters(all, { person, wide: false, text: 'ｺﾐｭﾆﾃｨ' }).map((o) => o.id)).toEqual(['CC0000000504']);
    expect(offeredShelters(all, { person, wide: false, text: 'misogi community' }).map((o) => o.id)).toEqual(['CC0000000504']);
    expect(offeredShelters(all, { person, wide: false, text: '金沢' })).toEqual([]);
    expect(offeredShelters(all, { person, wide: true, text: '金沢' }).map((o) => o.id)).toEqual(['KNZ-1']);
  });

  it('without a municipality offers the shelters within 10 km; without a position, sorts by name', () => {
    expect(offeredShelters(all, { person: { at: person.at }, wide: false, text: '' }).map((o) => o.id)).toEqual(['CC0000000504']);
    expect(offeredShelters(all, { person: { areaCode: '172022' }, wide: false, text: '' }).map((o) => o.name)).toEqual(
      ['中能登町民体育館', '七尾東部公民館', '御祓地区コミュニティセンター'].sort((a, b) => a.localeCompare(b, 'ja')),
    );
  });
});

describe('neighbouringAreas', () => {
  it('counts a municipality as a neighbour when one of its shelters lies within 3 km of one of the home municipality', () => {
    expect([...neighbouringAreas(all, '172022')].sort()).toEqual(['172022', '173851']);
  });
});
