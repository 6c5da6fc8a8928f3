import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  booleanValues,
  buildValueMap,
  defaultCareLevelValues,
  defaultCareNeedSeparator,
  defaultCareNeedValues,
  defaultFalseValues,
  defaultLanguageValues,
  defaultSafetyStatusValues,
  defaultSexValues,
  defaultTrueValues,
  hoursUnit,
  parseAreaCodeValue,
  parseBoolean,
  parseCareLevel,
  parseCareNeeds,
  parseLanguage,
  parseNumber,
  parsePhone,
  parsePostalCode,
  parseSafetyStatus,
  parseSex,
  parseWeekdays,
  type ValueMap,
} from './person-values.ts';
import type { CareNeed, Sex } from '../model/index.ts';

function mapOf<T>(defaults: Readonly<Record<string, T>>, overrides?: Readonly<Record<string, T>>): ValueMap<T> {
  const built = buildValueMap(defaults, overrides);
  if (!built.ok) throw new Error('value map does not build');
  return built.map;
}

const sexMap = mapOf(defaultSexValues);
const booleans = booleanValues(defaultTrueValues, defaultFalseValues);
const needMap = mapOf(defaultCareNeedValues);
const needSeparator = new RegExp(defaultCareNeedSeparator, 'u');

describe('sex codes', () => {
  it('reads the default codes in kanji, letters and digits, in either width and case', () => {
    for (const v of ['男', '男性', 'M', 'm', 'Ｍ', 'male', '1', '１']) expect(parseSex(v, sexMap)).toEqual({ ok: true, value: 'male' });
    for (const v of ['女', '女性', 'F', 'f', 'female', '2']) expect(parseSex(v, sexMap)).toEqual({ ok: true, value: 'female' });
  });

  it('lists the accepted codes when a code is unknown', () => {
    const r = parseSex('X', sexMap);
    expect(r).toMatchObject({ ok: false, code: 'PERSON_SEX_UNKNOWN' });
    if (!r.ok) expect(String(r.params.accepted)).toContain('男性');
  });

  it('lets the mapping file redefine a default code and add new ones', () => {
    const custom = mapOf<Sex>(defaultSexValues, { '1': 'female', '2': 'male', '9': 'unknown' });
    expect(parseSex('1', custom)).toEqual({ ok: true, value: 'female' });
    expect(parseSex('9', custom)).toEqual({ ok: true, value: 'unknown' });
    expect(parseSex('男', custom)).toEqual({ ok: true, value: 'male' });
  });

  it('refuses a value map that gives one value two meanings once width and case are ignored', () => {
    expect(buildValueMap(defaultSexValues, { m: 'male', Ｍ: 'female' })).toEqual({
      ok: false,
      problems: [{ kind: 'conflict', value: 'Ｍ' }],
    });
    expect(buildValueMap(defaultSexValues, { ' ': 'male' })).toEqual({ ok: false, problems: [{ kind: 'empty-key' }] });
  });
});

describe('yes / no marks', () => {
  it('reads every default mark', () => {
    for (const v of ['○', '〇', '1', 'true', 'TRUE', 'はい', '有', 'あり', 'yes', 'Yes']) expect(parseBoolean(v, booleans)).toEqual({ ok: true, value: true });
    for (const v of ['×', '0', 'false', 'いいえ', '無', 'なし', 'no', '', '  ']) expect(parseBoolean(v, booleans)).toEqual({ ok: true, value: false });
  });

  it('refuses a mark that is neither, listing both sets', () => {
    const r = parseBoolean('要', booleans);
    expect(r).toMatchObject({ ok: false, code: 'PERSON_BOOLEAN_INVALID' });
    if (!r.ok) {
      expect(String(r.params.trueValues)).toContain('○');
      expect(String(r.params.falseValues)).toContain('×');
    }
  });

  it('uses configured true values instead of the defaults', () => {
    const custom = booleanValues(['要'], defaultFalseValues);
    expect(parseBoolean('要', custom)).toEqual({ ok: true, value: true });
    expect(parseBoolean('○', custom).ok).toBe(false);
  });
});

describe('care needs in one delimited cell', () => {
  it('splits on the usual separators and maps labels, codes and common words', () => {
    expect(parseCareNeeds('透析;在宅酸素', needSeparator, needMap)).toEqual({ ok: true, value: ['dialysis', 'home-oxygen'] });
    expect(parseCareNeeds('車いす・独居', needSeparator, needMap)).toEqual({ ok: true, value: ['wheelchair', 'lives-alone'] });
    expect(parseCareNeeds('認知症、寝たきり', needSeparator, needMap)).toEqual({ ok: true, value: ['bedridden', 'dementia'] });
    expect(parseCareNeeds('dialysis, wheelchair', needSeparator, needMap)).toEqual({ ok: true, value: ['wheelchair', 'dialysis'] });
    expect(parseCareNeeds('透析;;透析', needSeparator, needMap)).toEqual({ ok: true, value: ['dialysis'] });
  });

  it('refuses an unknown need and names it', () => {
    const r = parseCareNeeds('透析;腰痛', needSeparator, needMap);
    expect(r).toMatchObject({ ok: false, code: 'PERSON_CARE_NEED_UNKNOWN', params: { value: '腰痛' } });
  });

  it('uses a value map from the mapping file', () => {
    const custom = mapOf<CareNeed>(defaultCareNeedValues, { HD: 'dialysis', O2: 'home-oxygen' });
    expect(parseCareNeeds('hd/o2', needSeparator, custom)).toEqual({ ok: true, value: ['dialysis', 'home-oxygen'] });
  });
});

describe('care level', () => {
  const levels = mapOf(defaultCareLevelValues);
  it('reads 要介護1-5 and 要支援1-2 in the forms ledgers use', () => {
    expect(parseCareLevel('要介護3', levels)).toEqual({ ok: true, value: '要介護3' });
    expect(parseCareLevel('要介護３', levels)).toEqual({ ok: true, value: '要介護3' });
    expect(parseCareLevel('介護3', levels)).toEqual({ ok: true, value: '要介護3' });
    expect(parseCareLevel('要介護度 3', levels)).toEqual({ ok: true, value: '要介護3' });
    expect(parseCareLevel('要支援2', levels)).toEqual({ ok: true, value: '要支援2' });
    expect(parseCareLevel('非該当', levels)).toEqual({ ok: true, value: null });
  });

  it('refuses levels that do not exist', () => {
    expect(parseCareLevel('要支援3', levels)).toMatchObject({ ok: false, code: 'PERSON_CARE_LEVEL_UNKNOWN' });
    expect(parseCareLevel('要介護6', levels)).toMatchObject({ ok: false, code: 'PERSON_CARE_LEVEL_UNKNOWN' });
    expect(parseCareLevel('重い', levels)).toMatchObject({ ok: false, code: 'PERSON_CARE_LEVEL_UNKNOWN' });
  });
});

describe('language', () => {
  const languages = mapOf(defaultLanguageValues);
  it('reads language names and BCP 47 tags', () => {
    expect(parseLanguage('日本語', languages)).toEqual({ ok: true, value: 'ja' });
    expect(parseLanguage('ベトナム語', languages)).toEqual({ ok: true, value: 'vi' });
    expect(parseLanguage('english', languages)).toEqual({ ok: true, value: 'en' });
    expect(parseLanguage('pt-BR', languages)).toEqual({ ok: true, value: 'pt-BR' });
    expect(parseLanguage('EN', languages)).toEqual({ ok: true, value: 'en' });
    expect(parseLanguage('zh_Hant', languages)).toEqual({ ok: true, value: 'zh-Hant' });
  });

  it('refuses what is neither', () => {
    expect(parseLanguage('宇宙語', languages)).toMatchObject({ ok: false, code: 'PERSON_LANGUAGE_UNKNOWN' });
    expect(parseLanguage('e', languages)).toMatchObject({ ok: false, code: 'PERSON_LANGUAGE_UNKNOWN' });
  });
});

describe('safety status', () => {
  const statuses = mapOf(defaultSafetyStatusValues);
  it('reads codes and Japanese labels', () => {
    expect(parseSafetyStatus('避難済み', statuses)).toEqual({ ok: true, value: 'evacuated' });
    expect(parseSafetyStatus('要救助', statuses)).toEqual({ ok: true, value: 'needs-rescue' });
    expect(parseSafetyStatus('safe', statuses)).toEqual({ ok: true, value: 'safe' });
    expect(parseSafetyStatus('行方不明', statuses)).toEqual({ ok: true, value: 'missing' });
  });
  it('lists accepted statuses for an unknown one', () => {
    expect(parseSafetyStatus('元気', statuses)).toMatchObject({ ok: false, code: 'PERSON_SAFETY_STATUS_UNKNOWN' });
  });
});

describe('dialysis weekdays', () => {
  it('reads kanji day lists with or without separators and 曜日', () => {
    expect(parseWeekdays('月水金')).toEqual({ ok: true, value: ['mon', 'wed', 'fri'] });
    expect(parseWeekdays('火木土')).toEqual({ ok: true, value: ['tue', 'thu', 'sat'] });
    expect(parseWeekdays('火・木・土')).toEqual({ ok: true, value: ['tue', 'thu', 'sat'] });
    expect(parseWeekdays('月曜日、水曜日、金曜日')).toEqual({ ok: true, value: ['mon', 'wed', 'fri'] });
    expect(parseWeekdays('日曜')).toEqual({ ok: true, value: ['sun'] });
    expect(parseWeekdays('金水月')).toEqual({ ok: true, value: ['mon', 'wed', 'fri'] });
  });

  it('reads English day lists', () => {
    expect(parseWeekdays('Mon,Wed,Fri')).toEqual({ ok: true, value: ['mon', 'wed', 'fri'] });
    expect(parseWeekdays('tuesday thursday saturday')).toEqual({ ok: true, value: ['tue', 'thu', 'sat'] });
  });

  it('refuses what is not a day list', () => {
    for (const v of ['毎日', 'Mon,Xyz', '月水金午前', ',', '週3回']) {
      expect(parseWeekdays(v), v).toMatchObject({ ok: false, code: 'PERSON_WEEKDAYS_INVALID' });
    }
  });
});

describe('numbers, postal codes, phones, area codes', () => {
  it('reads decimal numbers in either width, with an optional unit', () => {
    expect(parseNumber('37.0431')).toEqual({ ok: true, value: 37.0431 });
    expect(parseNumber('－１２．５')).toEqual({ ok: true, value: -12.5 });
    expect(parseNumber('48時間', hoursUnit)).toEqual({ ok: true, value: 48 });
    expect(parseNumber('12 h', hoursUnit)).toEqual({ ok: true, value: 12 });
    expect(parseNumber('1e3')).toMatchObject({ ok: false, code: 'PERSON_NUMBER_INVALID' });
    expect(parseNumber('37,04')).toMatchObject({ ok: false, code: 'PERSON_NUMBER_INVALID' });
  });

  it('normalises postal codes and phone numbers, which are codes rather than text', () => {
    expect(parsePostalCode('〒926−0811')).toEqual({ ok: true, value: '926-0811' });
    expect(parsePostalCode('９２６０８１１')).toEqual({ ok: true, value: '9260811' });
    expect(parsePostalCode('926-081')).toMatchObject({ ok: false, code: 'PERSON_POSTAL_CODE_INVALID' });
    expect(parsePhone('０７６７ー００ー０００１')).toEqual({ ok: true, value: '0767-00-0001' });
    expect(parsePhone('内線12')).toMatchObject({ ok: false, code: 'PERSON_PHONE_INVALID' });
  });

  it('checks local government codes and completes five-digit ones with their check digit', () => {
    expect(parseAreaCodeValue('172022')).toEqual({ ok: true, value: '172022' });
    expect(parseAreaCodeValue('17202')).toEqual({ ok: true, value: '172022' });
    expect(parseAreaCodeValue('172021')).toMatchObject({ ok: false, code: 'AREA_CODE_CHECK_DIGIT', params: { expected: 2 } });
    expect(parseAreaCodeValue('992022')).toMatchObject({ ok: false, code: 'AREA_CODE_PREFECTURE' });
    expect(parseAreaCodeValue('七尾市')).toMatchObject({ ok: false, code: 'AREA_CODE_FORMAT' });
  });
});

describe('converters on arbitrary input', () => {
  it('never throw, whatever the cell holds', () => {
    const levels = mapOf(defaultCareLevelValues);
    const languages = mapOf(defaultLanguageValues);
    const statuses = mapOf(defaultSafetyStatusValues);
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), (s) => {
        parseSex(s, sexMap);
        parseBoolean(s, booleans);
        parseCareNeeds(s, needSeparator, needMap);
        parseCareLevel(s, levels);
        parseLanguage(s, languages);
        parseSafetyStatus(s, statuses);
        parseWeekdays(s);
        parseNumber(s, hoursUnit);
        parsePostalCode(s);
        parsePhone(s);
        parseAreaCodeValue(s);
      }),
      { numRuns: 300 },
    );
  });
});
