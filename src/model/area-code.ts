// Area codes: Japanese local government codes (全国地方公共団体コード, 6 digits with a check digit) and
// ASEAN P-codes (ISO 3166-1 alpha-2 country prefix + administrative code), as one branded string type. Philippine
// P-codes are checked for their level structure (OCHA COD-AB on the 10-digit PSGC, docs/data-model.md).
import { Type, type Static } from '@sinclair/typebox';
import { cityOfWard } from './city-wards.ts';

declare const areaCodeBrand: unique symbol;
/** A validated area code. Only `parseAreaCode` produces one. */
export type AreaCode = string & { readonly [areaCodeBrand]: true };

export type AreaCodeScheme = 'jp-lg' | 'pcode' | 'country';

/** ISO 3166-1 alpha-2 codes of ASEAN members and Timor-Leste (observer, admitted 2025). */
export const aseanCountries = ['BN', 'KH', 'ID', 'LA', 'MY', 'MM', 'PH', 'SG', 'TH', 'TL', 'VN'] as const;
export type AseanCountry = (typeof aseanCountries)[number];

const JP_LG_PATTERN = /^[0-9]{6}$/;
const PCODE_PATTERN = /^([A-Z]{2})([0-9A-Z]{0,14})$/;

/**
 * Check digit of a Japanese local government code, per the Ministry of Internal Affairs rule:
 * weights 6,5,4,3,2 on the first five digits, remainder mod 11 subtracted from 11, last digit kept.
 */
export function jpLocalGovernmentCheckDigit(firstFive: string): number {
  const weights = [6, 5, 4, 3, 2];
  let sum = 0;
  for (let i = 0; i < 5; i++) sum += Number(firstFive[i]) * weights[i]!;
  return (11 - (sum % 11)) % 10;
}

export type AreaCodeProblem =
  | { code: 'AREA_CODE_FORMAT'; value: string }
  | { code: 'AREA_CODE_CHECK_DIGIT'; value: string; expected: number }
  | { code: 'AREA_CODE_PREFECTURE'; value: string }
  | { code: 'AREA_CODE_COUNTRY'; value: string; country: string }
  | { code: 'AREA_CODE_PCODE_LEVEL'; value: string; country: string; digits: number; expected: string };

/**
 * The digits after the country prefix at each administrative level, for the countries whose P-code structure is
 * checked. The Philippines: OCHA's COD-AB P-codes are "PH" + the 10-digit PSGC (region 2, province or HUC 3,
 * city/municipality 2, barangay 3) with each level's trailing zeros left off — PH08 (Region VIII), PH08037 (Leyte),
 * PH0803747 (City of Tacloban), PH0803747001 (a barangay). The 2017 edition's 9-digit form (PH083747000) is refused:
 * it does not nest by prefix with the current one.
 */
export const pcodeLevelDigits: Partial<Record<AseanCountry, readonly number[]>> = { PH: [0, 2, 5, 7, 10] };

export type AreaCodeResult = { ok: true; value: AreaCode; scheme: AreaCodeScheme } | { ok: false; problem: AreaCodeProblem };

export function parseAreaCode(raw: string): AreaCodeResult {
  const value = raw.trim();
  if (JP_LG_PATTERN.test(value)) {
    const pref = Number(value.slice(0, 2));
    if (pref < 1 || pref > 47) return { ok: false, problem: { code: 'AREA_CODE_PREFECTURE', value } };
    const expected = jpLocalGovernmentCheckDigit(value);
    if (Number(value[5]) !== expected) return { ok: false, problem: { code: 'AREA_CODE_CHECK_DIGIT', value, expected } };
    return { ok: true, value: value as AreaCode, scheme: 'jp-lg' };
  }
  // Japan as a whole, for national jurisdictions (e.g. the national disaster management agency).
  if (value === 'JP') return { ok: true, value: value as AreaCode, scheme: 'country' };
  const m = PCODE_PATTERN.exec(value);
  if (m) {
    const country = m[1]!;
    if (!(aseanCountries as readonly string[]).includes(country)) {
      return { ok: false, problem: { code: 'AREA_CODE_COUNTRY', value, country } };
    }
    const levels = pcodeLevelDigits[country as AseanCountry];
    const digits = m[2]!;
    if (levels && (!/^[0-9]*$/.test(digits) || !levels.includes(digits.length))) {
      return { ok: false, problem: { code: 'AREA_CODE_PCODE_LEVEL', value, country, digits: digits.length, expected: levels.filter((n) => n > 0).join(', ') } };
    }
    return { ok: true, value: value as AreaCode, scheme: 'pcode' };
  }
  return { ok: false, problem: { code: 'AREA_CODE_FORMAT', value } };
}

export function isAreaCode(raw: string): raw is AreaCode {
  return parseAreaCode(raw).ok;
}

/** Brand a code already known to be valid (e.g. read back from storage). Throws when it is not. */
export function areaCode(raw: string): AreaCode {
  const r = parseAreaCode(raw);
  if (!r.ok) throw new Error(`invalid area code ${JSON.stringify(raw)}: ${r.problem.code}`);
  return r.value;
}

/** The prefecture-level code (e.g. 170003 for Ishikawa) containing a Japanese municipality code. */
export function prefectureOf(code: AreaCode): AreaCode | undefined {
  if (!JP_LG_PATTERN.test(code)) return undefined;
  const firstFive = `${code.slice(0, 2)}000`;
  return `${firstFive}${jpLocalGovernmentCheckDigit(firstFive)}` as AreaCode;
}

/**
 * Whether `inner` lies within `outer`: equal codes, a municipality inside its prefecture, a ward inside its
 * designated city (city-wards.ts), a P-code inside a shorter P-code prefix (P-codes are hierarchical by prefix), or
 * anything inside the country code. The store's SQL mirrors this (record-filter.ts, record-groups.ts).
 */
export function areaContains(outer: AreaCode, inner: AreaCode): boolean {
  if (outer === inner) return true;
  if (JP_LG_PATTERN.test(outer) && JP_LG_PATTERN.test(inner)) {
    return (outer.slice(2, 5) === '000' && outer.slice(0, 2) === inner.slice(0, 2)) || cityOfWard(inner) === outer;
  }
  if (outer === 'JP') return JP_LG_PATTERN.test(inner);
  if (PCODE_PATTERN.test(outer) && PCODE_PATTERN.test(inner)) return inner.startsWith(outer);
  return false;
}

/** JSON Schema of an area code; the check digit is verified by `parseAreaCode` in `validate`. */
export const AreaCodeSchema = Type.String({
  pattern: '^([0-9]{6}|[A-Z]{2}[0-9A-Z]{0,14})$',
  description:
    'Japanese local government code (6 digits including check digit, e.g. 172022 Nanao), JP for all of Japan, or ASEAN P-code (ISO 3166-1 alpha-2 prefix, e.g. PH0403405)',
  examples: ['172022', '170003', 'PH0403405'],
  format: 'area-code',
});
export type AreaCodeString = Static<typeof AreaCodeSchema>;
