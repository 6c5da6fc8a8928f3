// Cell converters for person lists: sex codes, yes/no marks, care needs, care levels, languages, weekdays, numbers,
// codes. Matching is on a canonical form (NFKC, trimmed, lower case); what is stored is never the canonical form
// of a name or address, only of codes.
import type { MessageCode, MessageParams } from '../i18n/index.ts';
import {
  careNeeds,
  codesOf,
  parseAreaCode,
  safetyStatuses,
  type AreaCode,
  type CareNeed,
  type SafetyStatus,
  type Sex,
  type Weekday,
} from '../model/index.ts';
import { jpLocalGovernmentCheckDigit } from '../model/area-code.ts';

/** A converted cell, or the problem with it (the caller adds row and column). */
export type Converted<T> = { ok: true; value: T } | { ok: false; code: MessageCode; params: MessageParams };

/** The form values are compared in: full-width/half-width and letter case do not matter, inner runs of spaces are one. */
export function canonicalValue(raw: string): string {
  return raw.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** A lookup from canonical source values to model codes, remembering the values as written for messages. */
export interface ValueMap<T> {
  lookup: Map<string, T>;
  accepted: string[];
}

export type ValueMapProblem = { kind: 'conflict'; value: string } | { kind: 'empty-key' };

/** Defaults first, then the mapping file's values; a value given two different meanings is a problem. */
export function buildValueMap<T>(
  defaults: Readonly<Record<string, T>>,
  overrides: Readonly<Record<string, T>> | undefined,
): { ok: true; map: ValueMap<T> } | { ok: false; problems: ValueMapProblem[] } {
  const lookup = new Map<string, T>();
  const accepted: string[] = [];
  const problems: ValueMapProblem[] = [];
  for (const [k, v] of Object.entries(defaults)) {
    lookup.set(canonicalValue(k), v);
    accepted.push(k);
  }
  const fromOverrides = new Map<string, T>();
  for (const [k, v] of Object.entries(overrides ?? {})) {
    const key = canonicalValue(k);
    if (key === '') {
      problems.push({ kind: 'empty-key' });
      continue;
    }
    const earlier = fromOverrides.get(key);
    if (fromOverrides.has(key) && earlier !== v) problems.push({ kind: 'conflict', value: k });
    fromOverrides.set(key, v);
    // The mapping file wins over a default: a source where 1 means female must be expressible.
    if (!lookup.has(key)) accepted.push(k);
    lookup.set(key, v);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, map: { lookup, accepted } };
}

function listForMessage(values: readonly string[]): string {
  return values.join(', ');
}

// ---- sex ----

export const defaultSexValues: Readonly<Record<string, Sex>> = {
  男: 'male',
  男性: 'male',
  M: 'male',
  male: 'male',
  '1': 'male',
  女: 'female',
  女性: 'female',
  F: 'female',
  female: 'female',
  '2': 'female',
  その他: 'other',
  other: 'other',
  不明: 'unknown',
  unknown: 'unknown',
};

export function parseCoded<T>(raw: string, map: ValueMap<T>, code: MessageCode): Converted<T> {
  const hit = map.lookup.get(canonicalValue(raw));
  if (hit !== undefined) return { ok: true, value: hit };
  return { ok: false, code, params: { value: raw, accepted: listForMessage(map.accepted) } };
}

export function parseSex(raw: string, map: ValueMap<Sex>): Converted<Sex> {
  return parseCoded(raw, map, 'PERSON_SEX_UNKNOWN');
}

// ---- yes / no ----

export const defaultTrueValues: readonly string[] = ['○', '〇', '◯', '1', 'true', 'はい', '有', 'あり', 'yes', 'y'];
export const defaultFalseValues: readonly string[] = ['×', '✕', '0', 'false', 'いいえ', '無', 'なし', 'no', 'n', '-'];

export interface BooleanValues {
  trueValues: ReadonlySet<string>;
  falseValues: ReadonlySet<string>;
  acceptedTrue: readonly string[];
  acceptedFalse: readonly string[];
}

export function booleanValues(trueList: readonly string[], falseList: readonly string[]): BooleanValues {
  return {
    trueValues: new Set(trueList.map(canonicalValue)),
    falseValues: new Set(falseList.map(canonicalValue)),
    acceptedTrue: trueList,
    acceptedFalse: falseList,
  };
}

/** Yes or no. An empty cell is no: a mark that is absent is not a mark. */
export function parseBoolean(raw: string, values: BooleanValues): Converted<boolean> {
  const v = canonicalValue(raw);
  if (v === '') return { ok: true, value: false };
  if (values.trueValues.has(v)) return { ok: true, value: true };
  if (values.falseValues.has(v)) return { ok: true, value: false };
  return {
    ok: false,
    code: 'PERSON_BOOLEAN_INVALID',
    params: { value: raw, trueValues: listForMessage(values.acceptedTrue), falseValues: listForMessage(values.acceptedFalse) },
  };
}

// ---- care needs ----

/** Model labels, codes, and the words person lists commonly use. */
export const defaultCareNeedValues: Readonly<Record<string, CareNeed>> = {
  ...Object.fromEntries(codesOf(careNeeds).flatMap((c) => [[c, c], [careNeeds[c].ja, c], [careNeeds[c].en, c]])),
  透析: 'dialysis',
  人工透析: 'dialysis',
  在宅酸素: 'home-oxygen',
  HOT: 'home-oxygen',
  酸素: 'home-oxygen',
  車椅子: 'wheelchair',
  医ケア児: 'medically-dependent-child',
  一人暮らし: 'lives-alone',
  ひとり暮らし: 'lives-alone',
  外国人: 'limited-japanese',
};

export const defaultCareNeedSeparator = '[;；,，、・/／\\s]+';

export function parseCareNeeds(raw: string, separator: RegExp, map: ValueMap<CareNeed>): Converted<CareNeed[]> {
  const needs = new Set<CareNeed>();
  for (const part of raw.split(separator)) {
    if (part.trim() === '') continue;
    const need = parseCoded(part, map, 'PERSON_CARE_NEED_UNKNOWN');
    if (!need.ok) return need;
    needs.add(need.value);
  }
  return { ok: true, value: sortNeeds(needs) };
}

/** Needs in the order of the model's code list, so the same set always reads the same. */
export function sortNeeds(needs: Iterable<CareNeed>): CareNeed[] {
  const set = new Set(needs);
  return codesOf(careNeeds).filter((c) => set.has(c));
}

// ---- care level (要介護度) ----

/** A care level, or null for "assessed, no level" (非該当, 自立). */
export type CareLevelValue = string | null;

export const defaultCareLevelValues: Readonly<Record<string, CareLevelValue>> = {
  非該当: null,
  自立: null,
  なし: null,
  '-': null,
};

const CARE_LEVEL = /^要?(介護|支援)度?([1-5])$/;

export function parseCareLevel(raw: string, map: ValueMap<CareLevelValue>): Converted<CareLevelValue> {
  const v = canonicalValue(raw);
  const hit = map.lookup.get(v);
  if (hit !== undefined) return { ok: true, value: hit };
  const m = CARE_LEVEL.exec(v.replace(/\s/g, ''));
  if (m && (m[1] === '介護' || Number(m[2]) <= 2)) return { ok: true, value: `要${m[1]}${m[2]}` };
  return { ok: false, code: 'PERSON_CARE_LEVEL_UNKNOWN', params: { value: raw } };
}

// ---- language ----

const BCP47 = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export const defaultLanguageValues: Readonly<Record<string, string>> = {
  日本語: 'ja',
  英語: 'en',
  中国語: 'zh',
  韓国語: 'ko',
  朝鮮語: 'ko',
  ベトナム語: 'vi',
  ポルトガル語: 'pt',
  スペイン語: 'es',
  タガログ語: 'tl',
  フィリピノ語: 'fil',
  ネパール語: 'ne',
  インドネシア語: 'id',
  タイ語: 'th',
  ミャンマー語: 'my',
  ビルマ語: 'my',
  クメール語: 'km',
  ラオ語: 'lo',
  マレー語: 'ms',
  ロシア語: 'ru',
  ウクライナ語: 'uk',
  日本手話: 'jsl',
  Japanese: 'ja',
  English: 'en',
  Chinese: 'zh',
  Korean: 'ko',
  Vietnamese: 'vi',
  Portuguese: 'pt',
  Spanish: 'es',
  Tagalog: 'tl',
  Filipino: 'fil',
  Nepali: 'ne',
  Indonesian: 'id',
  Thai: 'th',
  Burmese: 'my',
};

export function parseLanguage(raw: string, map: ValueMap<string>): Converted<string> {
  const hit = map.lookup.get(canonicalValue(raw));
  if (hit !== undefined) return { ok: true, value: hit };
  const tag = raw.normalize('NFKC').trim().replace(/_/g, '-');
  const [primary = '', ...rest] = tag.split('-');
  const normalised = [primary.toLowerCase(), ...rest].join('-');
  if (BCP47.test(normalised)) return { ok: true, value: normalised };
  return { ok: false, code: 'PERSON_LANGUAGE_UNKNOWN', params: { value: raw } };
}

// ---- safety status ----

export const defaultSafetyStatusValues: Readonly<Record<string, SafetyStatus>> = {
  ...Object.fromEntries(
    codesOf(safetyStatuses).flatMap((c) => [[c, c], [safetyStatuses[c].ja, c], [safetyStatuses[c].en, c]]),
  ),
  不明: 'unknown',
  安否不明: 'unknown',
  避難済: 'evacuated',
  避難: 'evacuated',
  入院中: 'hospitalised',
  hospitalized: 'hospitalised',
};

export function parseSafetyStatus(raw: string, map: ValueMap<SafetyStatus>): Converted<SafetyStatus> {
  return parseCoded(raw, map, 'PERSON_SAFETY_STATUS_UNKNOWN');
}

// ---- weekdays ----

const kanjiWeekdays: Readonly<Record<string, Weekday>> = { 月: 'mon', 火: 'tue', 水: 'wed', 木: 'thu', 金: 'fri', 土: 'sat', 日: 'sun' };
const latinWeekdays: Readonly<Record<string, Weekday>> = {
  mon: 'mon', monday: 'mon',
  tue: 'tue', tues: 'tue', tuesday: 'tue',
  wed: 'wed', wednesday: 'wed',
  thu: 'thu', thur: 'thu', thurs: 'thu', thursday: 'thu',
  fri: 'fri', friday: 'fri',
  sat: 'sat', saturday: 'sat',
  sun: 'sun', sunday: 'sun',
};
const weekOrder: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Weekly session days: 月水金, 火・木・土, 月曜・水曜, Mon,Wed,Fri, monday wednesday friday. */
export function parseWeekdays(raw: string): Converted<Weekday[]> {
  const invalid: Converted<Weekday[]> = { ok: false, code: 'PERSON_WEEKDAYS_INVALID', params: { value: raw } };
  const v = canonicalValue(raw);
  const days = new Set<Weekday>();
  if (/^[a-z.,;/・、\s]+$/.test(v)) {
    for (const token of v.split(/[.,;/・、\s]+/)) {
      if (token === '') continue;
      const day = latinWeekdays[token];
      if (!day) return invalid;
      days.add(day);
    }
  } else {
    // 曜日 and 曜 are dropped first: the 日 of 曜日 is not Sunday.
    const stripped = v.replace(/曜日?/g, '');
    for (const ch of stripped) {
      if (/[,;/・、\s]/.test(ch)) continue;
      const day = kanjiWeekdays[ch];
      if (!day) return invalid;
      days.add(day);
    }
  }
  if (days.size === 0) return invalid;
  return { ok: true, value: weekOrder.filter((d) => days.has(d)) };
}

// ---- numbers and codes ----

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** A decimal number; `unit` is a suffix that may follow it (e.g. 時間 after supply hours). */
export function parseNumber(raw: string, unit?: RegExp): Converted<number> {
  let v = raw.normalize('NFKC').trim().replace(/[−‐－]/g, '-');
  if (unit) v = v.replace(unit, '').trim();
  if (!NUMBER.test(v)) return { ok: false, code: 'PERSON_NUMBER_INVALID', params: { value: raw } };
  return { ok: true, value: Number(v) };
}

export const hoursUnit = /\s*(時間|h|hr|hrs|hours?)$/i;
export const litresPerMinuteUnit = /\s*(l\/min|lpm|l\/分|l|リットル)$/i;

/** Hyphen-like characters that Japanese input methods produce in codes. */
const HYPHENS = /[‐‑‒–—―−ー－]/g;

export function parsePostalCode(raw: string): Converted<string> {
  const v = raw.normalize('NFKC').trim().replace(/^〒\s*/, '').replace(HYPHENS, '-').replace(/\s/g, '');
  if (!/^[0-9]{3}-?[0-9]{4}$/.test(v)) return { ok: false, code: 'PERSON_POSTAL_CODE_INVALID', params: { value: raw } };
  return { ok: true, value: v };
}

export function parsePhone(raw: string): Converted<string> {
  const v = raw.normalize('NFKC').trim().replace(HYPHENS, '-');
  if (!/^[0-9+()\- ]{5,20}$/.test(v)) return { ok: false, code: 'PERSON_PHONE_INVALID', params: { value: raw } };
  return { ok: true, value: v };
}

/**
 * A local government code, P-code or JP. Five-digit Japanese codes (団体コード without the check digit, as many
 * ledgers keep them) get their check digit; six-digit codes must carry the right one.
 */
export function parseAreaCodeValue(raw: string): Converted<AreaCode> {
  let v = raw.normalize('NFKC').trim();
  if (/^[0-9]{5}$/.test(v)) v = `${v}${jpLocalGovernmentCheckDigit(v)}`;
  const r = parseAreaCode(v);
  if (r.ok) return { ok: true, value: r.value };
  const { code, ...params } = r.problem;
  return { ok: false, code, params: { ...params, value: raw } };
}

/** A source's own id: codes are compared and stored in NFKC form, so ００１２ and 0012 are the same person. */
export function canonicalId(raw: string): string {
  return raw.normalize('NFKC').trim();
}
