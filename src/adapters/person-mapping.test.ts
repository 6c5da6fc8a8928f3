import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { dottedPath, parsePersonMapping, type PersonMapping } from './person-mapping.ts';
import { message } from '../i18n/index.ts';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'persons');

const base: PersonMapping = {
  quality: 'synthetic',
  idColumn: '番号',
  idPrefix: 'test:person:',
  areaCode: '172022',
  columns: { fullName: '氏名' },
  onEvacuationSupportList: true,
};

function parse(value: unknown) {
  return parsePersonMapping(new TextEncoder().encode(JSON.stringify(value)), 'm.json');
}

function problemsOf(value: unknown) {
  const r = parse(value);
  if (r.ok) throw new Error('expected the mapping to be refused');
  return r.problems;
}

describe('parsePersonMapping', () => {
  it('accepts a minimal mapping and both example mappings', () => {
    expect(parse(base)).toEqual({ ok: true, mapping: base });
    for (const f of ['nanao-evacuation-support-list.mapping.json', 'dialysis-clinic-patients.mapping.json']) {
      const r = parsePersonMapping(readFileSync(path.join(examples, f)), f);
      expect(r.ok ? [] : r.problems, f).toEqual([]);
    }
  });

  it('refuses bytes that are not JSON', () => {
    expect(parsePersonMapping(new TextEncoder().encode('{"quality":'), 'm.json')).toMatchObject({
      ok: false,
      problems: [{ file: 'm.json', code: 'JSON_MALFORMED' }],
    });
  });

  it('names an unknown key and suggests the key it probably meant', () => {
    const problems = problemsOf({ ...base, columns: { fullName: '氏名', birthdate: '生年月日' } });
    expect(problems).toEqual([
      {
        file: 'm.json',
        field: 'columns.birthdate',
        code: 'PERSON_MAPPING_UNKNOWN_KEY_SUGGEST',
        params: { key: 'birthdate', path: 'columns', suggestion: 'birthDate' },
      },
    ]);
    expect(message(problems[0]!.code, problems[0]!.params, 'en')).toContain('did you mean "birthDate"');
  });

  it('names an unknown key at the top level without a far-fetched suggestion', () => {
    expect(problemsOf({ ...base, zzzzzzzzzz: 1 })).toEqual([
      { file: 'm.json', field: 'zzzzzzzzzz', code: 'PERSON_MAPPING_UNKNOWN_KEY', params: { key: 'zzzzzzzzzz', path: '(root)' } },
    ]);
  });

  it('names a missing required key', () => {
    const { idColumn: _, ...withoutId } = base;
    expect(problemsOf(withoutId)).toContainEqual(
      expect.objectContaining({ field: 'idColumn', code: 'PERSON_MAPPING_REQUIRED_KEY' }),
    );
  });

  it('lists the allowed values when a key has a value outside its list', () => {
    expect(problemsOf({ ...base, quality: 'good' })).toEqual([
      {
        file: 'm.json',
        field: 'quality',
        code: 'PERSON_MAPPING_VALUE_NOT_ALLOWED',
        params: { path: 'quality', value: 'good', allowed: 'reported, verified, synthetic' },
      },
    ]);
    expect(problemsOf({ ...base, dateFormat: 'DD/MM/YYYY' })[0]).toMatchObject({ field: 'dateFormat', code: 'PERSON_MAPPING_VALUE_NOT_ALLOWED' });
  });

  it('refuses a value map whose targets are not model codes, naming the entry', () => {
    const problems = problemsOf({ ...base, columns: { ...base.columns, sex: '性別' }, values: { sex: { 男: 'man' } } });
    expect(problems[0]).toMatchObject({ field: 'values.sex["男"]', code: 'PERSON_MAPPING_VALUE_NOT_ALLOWED' });
    expect(String(problems[0]!.params.allowed)).toContain('female');
  });

  it('says what a value should look like when it has the wrong form', () => {
    const problems = problemsOf({ ...base, columns: { ...base.columns, careLevel: '介護度' }, values: { careLevel: { 重度: '要介護9' } } });
    expect(problems).toEqual([expect.objectContaining({ field: 'values.careLevel["重度"]', code: 'PERSON_MAPPING_INVALID_VALUE' })]);
    expect(String(problems[0]!.params.detail)).toContain('要介護1-5');
    expect(problemsOf({ ...base, idColumn: '' })).toEqual([
      expect.objectContaining({ field: 'idColumn', params: expect.objectContaining({ detail: expect.stringContaining('CSV header') }) }),
    ]);
    expect(problemsOf(null)).toEqual([expect.objectContaining({ field: '(root)', code: 'PERSON_MAPPING_INVALID_VALUE' })]);
  });

  it('refuses a value map that gives one value two meanings', () => {
    const problems = problemsOf({ ...base, columns: { ...base.columns, sex: '性別' }, values: { sex: { ｘ: 'male', x: 'female' } } });
    expect(problems).toEqual([
      { file: 'm.json', field: 'values.sex', code: 'PERSON_MAPPING_VALUE_MAP_CONFLICT', params: { field: 'values.sex', value: 'x' } },
    ]);
  });

  it('refuses a value that is both a true and a false mark', () => {
    expect(problemsOf({ ...base, trueValues: ['0'] })).toContainEqual(
      expect.objectContaining({ code: 'PERSON_MAPPING_VALUE_MAP_CONFLICT', params: { field: 'trueValues / falseValues', value: '0' } }),
    );
  });

  it('refuses an invalid regular expression and one that matches nothing-at-all', () => {
    const bad = problemsOf({ ...base, careNeeds: { column: '配慮', separator: '[;' } });
    expect(bad).toEqual([expect.objectContaining({ field: 'careNeeds.separator', code: 'PERSON_MAPPING_REGEX_INVALID' })]);
    const empty = problemsOf({ ...base, splitFullName: true, nameSeparator: ' *' });
    expect(empty).toEqual([expect.objectContaining({ field: 'nameSeparator', code: 'PERSON_MAPPING_REGEX_MATCHES_EMPTY' })]);
  });

  it('needs exactly one of areaCode and areaCodeColumn, and a valid fixed code', () => {
    const { areaCode: _, ...noArea } = base;
    expect(problemsOf(noArea)).toEqual([expect.objectContaining({ code: 'PERSON_MAPPING_AREA_CODE_REQUIRED' })]);
    expect(problemsOf({ ...base, areaCodeColumn: 'コード' })).toEqual([
      expect.objectContaining({ code: 'PERSON_MAPPING_EXCLUSIVE', params: { first: 'areaCode', second: 'areaCodeColumn' } }),
    ]);
    expect(problemsOf({ ...base, areaCode: '172021' })).toEqual([
      expect.objectContaining({ field: 'areaCode', code: 'AREA_CODE_CHECK_DIGIT', params: expect.objectContaining({ expected: 2 }) }),
    ]);
  });

  it('needs a name column and list membership, fixed or per row', () => {
    const { onEvacuationSupportList: _, ...noList } = base;
    expect(problemsOf(noList)).toEqual([expect.objectContaining({ code: 'PERSON_MAPPING_ONE_OF_REQUIRED' })]);
    expect(problemsOf({ ...base, columns: { familyName: '姓' } })).toEqual([
      expect.objectContaining({ field: 'columns.fullName', code: 'PERSON_MAPPING_NAME_REQUIRED' }),
    ]);
    expect(parse({ ...base, columns: { familyName: '姓', givenName: '名' } }).ok).toBe(true);
  });

  it('says which keys a key depends on', () => {
    expect(problemsOf({ ...base, columns: { ...base.columns, latitude: '緯度' } })).toEqual([
      expect.objectContaining({ code: 'PERSON_MAPPING_REQUIRES', params: { field: 'columns.latitude', requires: 'columns.longitude' } }),
    ]);
    expect(problemsOf({ ...base, dialysisClinic: 'clinic:1' })).toEqual([
      expect.objectContaining({ code: 'PERSON_MAPPING_REQUIRES', params: { field: 'dialysisClinic', requires: 'columns.dialysisSchedule' } }),
    ]);
    expect(problemsOf({ ...base, required: ['birthDate'] })).toEqual([
      expect.objectContaining({ code: 'PERSON_MAPPING_REQUIRES', params: { field: 'required: birthDate', requires: 'columns.birthDate' } }),
    ]);
  });

  it('refuses an id prefix that cannot start a record id', () => {
    expect(problemsOf({ ...base, idPrefix: '七尾:' })).toEqual([
      expect.objectContaining({ field: 'idPrefix', code: 'PERSON_MAPPING_ID_PREFIX_INVALID' }),
    ]);
  });

  it('refuses a column that is both mapped and ignored', () => {
    expect(problemsOf({ ...base, ignoreColumns: ['氏名'] })).toEqual([
      expect.objectContaining({ code: 'PERSON_MAPPING_COLUMN_MAPPED_AND_IGNORED', params: { column: '氏名', field: 'columns.fullName' } }),
    ]);
  });

  it('refuses a care-need flag for a need the model does not know', () => {
    expect(problemsOf({ ...base, careNeeds: { flags: { dialisys: '透析' } } })).toEqual([
      expect.objectContaining({ code: 'PERSON_MAPPING_VALUE_NOT_ALLOWED', params: expect.objectContaining({ value: 'dialisys' }) }),
    ]);
  });

  it('reports every problem of a mapping at once rather than one per run', () => {
    const problems = problemsOf({ ...base, idPrefix: '!', ignoreColumns: ['氏名'], careNeeds: { column: 'x', separator: '(' } });
    expect(problems.map((p) => p.code).sort()).toEqual([
      'PERSON_MAPPING_COLUMN_MAPPED_AND_IGNORED',
      'PERSON_MAPPING_ID_PREFIX_INVALID',
      'PERSON_MAPPING_REGEX_INVALID',
    ]);
  });
});

describe('dottedPath', () => {
  it('writes JSON pointers the way a person reads the JSON', () => {
    expect(dottedPath('/columns/birthDate')).toBe('columns.birthDate');
    expect(dottedPath('/ignoreColumns/2')).toBe('ignoreColumns[2]');
    expect(dottedPath('/values/sex/男')).toBe('values.sex["男"]');
    expect(dottedPath('/values/sex/a~1b')).toBe('values.sex["a/b"]');
    expect(dottedPath('')).toBe('(root)');
  });
});
