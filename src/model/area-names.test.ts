import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import codeToCity from '../../data/gsi-shelters/code-to-city.json' with { type: 'json' };
import englishNames from '../../data/area-names/en.json' with { type: 'json' };
import { areaName, areaNameIn, areaWithCode, namedAreas } from './area-names.ts';

const gsiCodes = Object.values(codeToCity as Record<string, { cities: Record<string, { code: string }> }>).flatMap((p) =>
  Object.values(p.cities).map((c) => c.code),
);

describe('area names from the bundled code tables', () => {
  it('names a Japanese municipality by its local government code in Japanese and in English', () => {
    expect(areaName('172022')).toEqual({ ja: '七尾市', en: 'Nanao City' });
    expect(areaName('172049')).toEqual({ ja: '輪島市', en: 'Wajima City' });
  });

  it('gives the Noto municipalities, a designated city’s ward, a special ward, a city and a village their English names as they write them', () => {
    const checked: [string, string, string][] = [
      ['172022', '七尾市', 'Nanao City'],
      ['172049', '輪島市', 'Wajima City'],
      ['172057', '珠洲市', 'Suzu City'],
      ['174611', '穴水町', 'Anamizu Town'],
      ['174637', '能登町', 'Noto Town'],
      ['173843', '志賀町', 'Shika Town'],
      ['011029', '札幌市北区', 'Kita Ward, Sapporo City'],
      // Tokyo's special wards call themselves cities in English (Chiyoda City), not wards.
      ['131016', '千代田区', 'Chiyoda City'],
      ['271004', '大阪市', 'Osaka City'],
      ['271411', '堺市堺区', 'Sakai Ward, Sakai City'],
      ['472018', '那覇市', 'Naha City'],
      ['216046', '白川村', 'Shirakawa Village'],
      ['132055', '青梅市', 'Ome City'],
      ['205613', '山ノ内町', 'Yamanouchi Town'],
    ];
    for (const [code, ja, en] of checked) {
      expect(areaName(code)?.en, code).toBe(en);
      expect(areaName(code)?.ja, code).toBe(ja);
    }
  });

  it('names prefectures by their prefecture-level code, Hokkaido and Tokyo as they call themselves', () => {
    expect(areaName('170003')).toEqual({ ja: '石川県', en: 'Ishikawa Prefecture' });
    expect(areaName('270008')?.en).toBe('Osaka Prefecture');
    expect(areaName('260002')?.en).toBe('Kyoto Prefecture');
    expect(areaName('010006')?.en).toBe('Hokkaido');
    expect(areaName('130001')?.en).toBe('Tokyo Metropolis');
  });

  it('has an English name for every code of the GSI table, or lists it as a known gap with its reason', () => {
    const names = englishNames.names as Record<string, string>;
    const gaps = englishNames.gaps as Record<string, string>;
    const missing = gsiCodes.filter((c) => !Object.hasOwn(names, c) && !Object.hasOwn(gaps, c));
    expect(missing).toEqual([]);
    // The gaps are the five Northern Territories villages, which JMA's table lists by island.
    expect(Object.keys(gaps).sort()).toEqual(['016969', '016977', '016985', '016993', '017001']);
    for (const reason of Object.values(gaps)) expect(reason).toMatch(/Northern Territories/);
    // Nothing is named that the GSI table does not have.
    expect(Object.keys(names).filter((c) => !gsiCodes.includes(c))).toEqual([]);
  });

  it('writes every English name in the one documented form: plain Latin letters, a kind word, no macrons', () => {
    for (const [code, en] of Object.entries(englishNames.names as Record<string, string>)) {
      expect(en, code).toMatch(/^[A-Z][A-Za-z-]*( [A-Z][A-Za-z-]*)*$|^[A-Z][a-z]+ Ward, [A-Z][A-Za-z-]* City$/);
      expect(en, code).toMatch(/(City|Town|Village|Prefecture|Metropolis)$|^Hokkaido$/);
    }
  });

  it('keeps a known gap’s Japanese name, so it is shown by name in either language', () => {
    expect(areaName('016969')).toEqual({ ja: '泊村' });
    expect(areaNameIn('016969', 'en')).toBe('泊村');
  });

  it('is the file the derivation script wrote (its SHA-256 in data/area-names/SHA256SUMS)', () => {
    const sums = readFileSync(new URL('../../data/area-names/SHA256SUMS', import.meta.url), 'utf8');
    const file = readFileSync(new URL('../../data/area-names/en.json', import.meta.url));
    expect(sums).toContain(`${createHash('sha256').update(file).digest('hex')}  en.json`);
  });

  it('names the ASEAN scenario’s P-codes from the file that defines its areas (English)', () => {
    expect(areaName('PH0803747')).toEqual({ en: 'City of Tacloban' });
    expect(areaName('PH08')).toEqual({ en: 'Region VIII (Eastern Visayas)' });
    expect(areaWithCode('PH0803747', 'ja')).toBe('City of Tacloban (PH0803747)');
  });

  it('shows an area as its name with the code beside it, in the reader’s language, and the code alone when unnamed', () => {
    expect(areaWithCode('173843', 'ja')).toBe('志賀町 (173843)');
    expect(areaWithCode('173843', 'en')).toBe('Shika Town (173843)');
    expect(areaWithCode('179999', 'en')).toBe('179999');
  });

  it('knows no name for a code no table has', () => {
    expect(areaName('179999')).toBeUndefined();
    expect(areaName('PH0899999')).toBeUndefined();
    expect(areaName('')).toBeUndefined();
  });

  it('gives only names that are not blank, for any code', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...namedAreas().keys()), fc.stringMatching(/^[0-4][0-9]{5}$/), fc.string({ maxLength: 12 })), (code) => {
        const name = areaName(code);
        if (name !== undefined) expect((name.ja ?? name.en ?? '').trim()).not.toBe('');
        expect(areaWithCode(code, 'en')).toContain(code.trim() === code ? code : '');
      }),
    );
  });
});
