import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { areaCode, areaContains, jpLocalGovernmentCheckDigit, parseAreaCode, prefectureOf } from './area-code.ts';
import { readFileSync } from 'node:fs';
import { sharedDataPath } from '../../test/support/shared-data.ts';

// Read at run time through the shared-data locator, so a checkout that does not sit beside shared/ still typechecks.
const cities: unknown = JSON.parse(readFileSync(sharedDataPath('gsi-shelters', 'code-to-city.json'), 'utf8'));

describe('Japanese local government codes', () => {
  it('accepts every municipality code published by GSI', () => {
    const codes = Object.values(cities as Record<string, { cities: Record<string, { code: string }> }>).flatMap((p) =>
      Object.values(p.cities).map((c) => c.code),
    );
    expect(codes.length).toBeGreaterThan(1700);
    for (const c of codes) expect(parseAreaCode(c)).toMatchObject({ ok: true, scheme: 'jp-lg' });
  });

  it('rejects a code whose check digit is wrong and says which digit was expected', () => {
    expect(parseAreaCode('172021')).toEqual({ ok: false, problem: { code: 'AREA_CODE_CHECK_DIGIT', value: '172021', expected: 2 } });
  });

  it('rejects prefecture numbers outside 01–47', () => {
    expect(parseAreaCode('480001')).toMatchObject({ ok: false, problem: { code: 'AREA_CODE_PREFECTURE' } });
  });

  it('finds the prefecture of a municipality and treats it as containing the municipality', () => {
    expect(prefectureOf(areaCode('172022'))).toBe('170003');
    expect(areaContains(areaCode('170003'), areaCode('172022'))).toBe(true);
    expect(areaContains(areaCode('172022'), areaCode('170003'))).toBe(false);
    expect(areaContains(areaCode('JP'), areaCode('172022'))).toBe(true);
  });

  it('puts a ward inside its designated city, whatever its digits, and nothing else inside a city', () => {
    expect(areaContains(areaCode('141003'), areaCode('141011'))).toBe(true); // 横浜市 ⊃ 鶴見区
    expect(areaContains(areaCode('221309'), areaCode('221384'))).toBe(true); // 浜松市 ⊃ 中央区 (22130 → 22138)
    expect(areaContains(areaCode('141011'), areaCode('141003'))).toBe(false);
    expect(areaContains(areaCode('141305'), areaCode('141011'))).toBe(false); // 川崎市 ⊅ 横浜市鶴見区
    expect(areaContains(areaCode('131016'), areaCode('131024'))).toBe(false); // 千代田区 and 中央区 of Tokyo are no city's wards
    expect(areaContains(areaCode('140007'), areaCode('141011'))).toBe(true);
  });

  it('exactly one check digit out of ten is accepted for any five leading digits (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 47 }), fc.integer({ min: 0, max: 999 }), (pref, muni) => {
        const five = `${String(pref).padStart(2, '0')}${String(muni).padStart(3, '0')}`;
        const accepted = [...Array(10).keys()].filter((d) => parseAreaCode(`${five}${d}`).ok);
        expect(accepted).toEqual([jpLocalGovernmentCheckDigit(five)]);
      }),
    );
  });
});

describe('ASEAN P-codes', () => {
  it('accepts P-codes of ASEAN countries and nests them by prefix', () => {
    expect(parseAreaCode('PH0403405')).toMatchObject({ ok: true, scheme: 'pcode' });
    expect(areaContains(areaCode('PH04'), areaCode('PH0403405'))).toBe(true);
    expect(areaContains(areaCode('PH04'), areaCode('MM0101'))).toBe(false);
  });

  it('accepts Philippine P-codes at each COD-AB level and nests barangay in city in province in region', () => {
    for (const code of ['PH', 'PH08', 'PH08037', 'PH0803747', 'PH0803747001']) expect(parseAreaCode(code), code).toMatchObject({ ok: true, scheme: 'pcode' });
    expect(areaContains(areaCode('PH08037'), areaCode('PH0803747001'))).toBe(true);
    expect(areaContains(areaCode('PH08037'), areaCode('PH0806002'))).toBe(false);
  });

  it('refuses a Philippine P-code that is not at a level, has letters, or is in the 2017 nine-digit form, saying how many digits it has', () => {
    expect(parseAreaCode('PH083747000')).toMatchObject({ ok: false, problem: { code: 'AREA_CODE_PCODE_LEVEL', country: 'PH', digits: 9, expected: '2, 5, 7, 10' } });
    expect(parseAreaCode('PH080')).toMatchObject({ ok: false, problem: { code: 'AREA_CODE_PCODE_LEVEL', digits: 3 } });
    expect(parseAreaCode('PH08A')).toMatchObject({ ok: false, problem: { code: 'AREA_CODE_PCODE_LEVEL' } });
  });

  it('accepts a Philippine P-code exactly when its digits after PH number 0, 2, 5, 7 or 10 (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{0,14}$/), (digits) => {
        expect(parseAreaCode(`PH${digits}`).ok).toBe([0, 2, 5, 7, 10].includes(digits.length));
      }),
    );
  });

  it('rejects a P-code from a country outside ASEAN', () => {
    expect(parseAreaCode('FR75056')).toMatchObject({ ok: false, problem: { code: 'AREA_CODE_COUNTRY', country: 'FR' } });
  });
});
