import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createPersonCsvImporter, parsePersonMapping } from './person-csv.ts';
import type { PersonMapping } from './person-mapping.ts';
import type { ParsedFile, RowProblem } from './types.ts';
import { message } from '../i18n/index.ts';
import { allMessages } from '../i18n/messages/index.ts';
import { RecordEnvelopeSchemas, validate, type RecordDraft } from '../model/index.ts';
import { encodeEucJp, encodeShiftJis } from '../../test/support/japanese-encoders.ts';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'persons');
const ctx = { sourceNode: 'jp-172022-nanao-city', now: '2024-01-10T03:00:00Z' };

const mapping: PersonMapping = {
  quality: 'reported',
  idColumn: '番号',
  idPrefix: 'test:person:',
  areaCode: '172022',
  columns: {
    fullName: '氏名',
    birthDate: '生年月日',
    sex: '性別',
    address: '住所',
    latitude: '緯度',
    longitude: '経度',
    email: 'メール',
    dialysisSchedule: '透析曜日',
    oxygenHoursLeft: '酸素残量',
  },
  splitFullName: true,
  onEvacuationSupportList: true,
};
const header = ['番号', '氏名', '生年月日', '性別', '住所', '緯度', '経度', 'メール', '透析曜日', '酸素残量'];

function csvText(columns: string[], rows: string[][]): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return [columns, ...rows].map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
}

function importRows(rows: string[][], m: PersonMapping = mapping, columns = header): ParsedFile {
  return createPersonCsvImporter(m).parse('test/persons.csv', new TextEncoder().encode(csvText(columns, rows)), ctx);
}

/** A row of the test layout with sensible values, overridden by column name. */
function row(overrides: Record<string, string> = {}, columns = header): string[] {
  const defaults: Record<string, string> = { 番号: '1', 氏名: '能登 太郎', 生年月日: '昭和15年3月2日', 性別: '男', 住所: '石川県七尾市見本町1（架空）' };
  return columns.map((c) => overrides[c] ?? defaults[c] ?? '');
}

function onlyProblem(result: ParsedFile): RowProblem {
  expect(result.rejected).toHaveLength(1);
  return result.rejected[0]!;
}

/** Every placeholder of the problem's message has a parameter, in both languages. */
function expectReadable(problems: readonly RowProblem[]): void {
  for (const p of problems) {
    for (const lang of ['ja', 'en'] as const) {
      const placeholders = [...allMessages[p.code][lang].matchAll(/{{(\w+)}}/g)].map((m) => m[1]!);
      for (const name of placeholders) expect(p.params[name], `${p.code} ${lang} {{${name}}}`).toBeDefined();
      expect(message(p.code, p.params, lang).length).toBeGreaterThan(0);
    }
  }
}

describe('person CSV importer: example files', () => {
  const cases = [
    ['nanao-evacuation-support-list', 8],
    ['dialysis-clinic-patients', 4],
  ] as const;

  it.each(cases)('imports examples/persons/%s with zero rejections', (name, count) => {
    const parsed = parsePersonMapping(readFileSync(path.join(examples, `${name}.mapping.json`)), `${name}.mapping.json`);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const file = `${name}.synthetic.csv`;
    const result = createPersonCsvImporter(parsed.mapping).parse(file, readFileSync(path.join(examples, file)), ctx);
    expect(result.rejected).toEqual([]);
    expect(result.notices).toEqual([]);
    expect(result.total).toBe(count);
    expect(result.items).toHaveLength(count);
    for (const item of result.items) {
      expect(item.draft.quality.level).toBe('synthetic');
      const full = validate(RecordEnvelopeSchemas.person, { ...item.draft, version: 1, recordedAt: ctx.now });
      expect(full.ok ? [] : full.problems).toEqual([]);
    }
  });

  it('converts the municipality example the way its columns say', () => {
    const parsed = parsePersonMapping(readFileSync(path.join(examples, 'nanao-evacuation-support-list.mapping.json')), 'm.json');
    if (!parsed.ok) throw new Error('mapping');
    const file = 'nanao-evacuation-support-list.synthetic.csv';
    const items = createPersonCsvImporter(parsed.mapping).parse(file, readFileSync(path.join(examples, file)), ctx).items;
    const byId = new Map(items.map((i) => [i.draft.id, i.draft as RecordDraft<'person'>]));
    const taro = byId.get('example-nanao-city:person:N0001')!;
    expect(taro.data.name).toEqual({ full: '能登 太郎', family: '能登', given: '太郎', kana: 'ノト タロウ' });
    expect(taro.data.care).toMatchObject({ needs: ['bedridden', 'dementia'], careLevel: '要介護3', language: 'ja' });
    expect(taro.data.care.note).toBe('避難支援者: 近隣住民 能登 次郎（架空）');
    expect(taro.data.consent).toEqual({ shareWithSupporters: true, recordedAt: '2023-03-31T15:00:00Z' });
    expect(byId.get('example-nanao-city:person:N0007')!.data.birthDate).toBe('1989-01-07');
    expect(byId.get('example-nanao-city:person:N0008')!.data.birthDate).toBe('1989-01-08');
    expect(byId.get('example-nanao-city:person:N0008')!.data.location).toBeUndefined();
    expect(byId.get('example-nanao-city:person:N0002')!.data.safety).toEqual({
      status: 'evacuated',
      whereabouts: '七尾市立見本小学校（架空）',
      reportedBy: ctx.sourceNode,
    });
    // Foreign names do not split into family/given on a guess when they have more than two parts.
    expect(byId.get('example-nanao-city:person:N0005')!.data.name).toEqual({ full: 'Nguyen Van An', kana: 'グエン ヴァン アン' });
  });

  it('converts the clinic example: per-row area codes, schedules, oxygen supply and update times', () => {
    const parsed = parsePersonMapping(readFileSync(path.join(examples, 'dialysis-clinic-patients.mapping.json')), 'm.json');
    if (!parsed.ok) throw new Error('mapping');
    const file = 'dialysis-clinic-patients.synthetic.csv';
    const items = createPersonCsvImporter(parsed.mapping).parse(file, readFileSync(path.join(examples, file)), ctx).items;
    const [p101, p102, p103] = items.map((i) => i.draft as RecordDraft<'person'>);
    expect(p101!.observedAt).toBe('2024-01-09T09:00:00Z');
    expect(p101!.data.onEvacuationSupportList).toBe(false);
    expect(p101!.data.consent).toEqual({ shareWithSupporters: false });
    expect(p101!.data.care).toEqual({
      needs: ['dialysis'],
      dialysis: { schedule: ['mon', 'wed', 'fri'], clinic: 'example-noto-dialysis-clinic:facility:1' },
      note: '時間帯: 午前',
    });
    expect(p102!.data.areaCode).toBe('172022');
    expect(p102!.data.name).toEqual({ full: '羽咋　良子', family: '羽咋', given: '良子', kana: 'ﾊｸｲ　ﾖｼｺ' });
    expect(p102!.data.care.needs).toEqual(['dialysis', 'home-oxygen']);
    expect(p102!.data.care.homeOxygen).toEqual({ supplyHoursLeft: 36, asOf: '2024-01-09T00:00:00Z' });
    expect(p103!.data.care.dialysis!.schedule).toEqual(['mon', 'wed', 'fri']);
    expect(p103!.data.areaCode).toBe('174611');
  });
});

describe('person CSV importer: record envelope', () => {
  it('wraps each row with source node, import time, mapping quality and lineage to file and row', () => {
    const result = importRows([row({ 番号: '７' }), row({ 番号: '8', 氏名: '七尾 花子' })]);
    expect(result.rejected).toEqual([]);
    // Rows as a spreadsheet numbers them: the header is row 1.
    expect(result.items.map((i) => i.row)).toEqual([2, 3]);
    expect(result.items[1]!.draft).toMatchObject({
      id: 'test:person:8',
      type: 'person',
      sourceNode: ctx.sourceNode,
      observedAt: ctx.now,
      quality: { level: 'reported' },
      lineage: [{ activity: 'import', adapter: 'person-csv', file: 'persons.csv', row: 3, at: ctx.now }],
    });
    expect(result.items[0]!.draft.id).toBe('test:person:7');
  });

  it('stores names and addresses exactly as written, without width or space normalisation', () => {
    const result = importRows([row({ 氏名: 'ﾉﾄ　ﾀﾛｳ', 住所: '石川県七尾市見本町１－２（架空）' })]);
    const data = (result.items[0]!.draft as RecordDraft<'person'>).data;
    expect(data.name).toEqual({ full: 'ﾉﾄ　ﾀﾛｳ', family: 'ﾉﾄ', given: 'ﾀﾛｳ' });
    expect(data.address).toEqual({ text: '石川県七尾市見本町１－２（架空）' });
  });

  it('fills in defaults that are safe: unknown safety status, no consent', () => {
    const data = (importRows([row()]).items[0]!.draft as RecordDraft<'person'>).data;
    expect(data.safety).toEqual({ status: 'unknown' });
    expect(data.consent).toEqual({ shareWithSupporters: false });
    expect(data.onEvacuationSupportList).toBe(true);
    expect(data.care).toEqual({ needs: [] });
  });
});

describe('person CSV importer: file-level problems', () => {
  it('rejects the whole file when it has columns that are neither mapped nor ignored, listing them', () => {
    const columns = [...header, '血液型', 'メモ'];
    const result = importRows([row({}, columns)], mapping, columns);
    expect(result.items).toEqual([]);
    expect(onlyProblem(result)).toEqual({
      file: 'test/persons.csv',
      code: 'PERSON_CSV_UNKNOWN_COLUMNS',
      params: { columns: '血液型, メモ' },
    });
    expect(importRows([row({}, columns)], { ...mapping, ignoreColumns: ['血液型', 'メモ'] }, columns).rejected).toEqual([]);
  });

  it('rejects the file when mapped columns are missing, naming each with its mapping field', () => {
    const columns = header.filter((h) => h !== '生年月日' && h !== '緯度');
    const result = importRows([row({}, columns)], mapping, columns);
    expect(onlyProblem(result)).toMatchObject({
      code: 'PERSON_MAPPING_COLUMNS_MISSING',
      params: { columns: '生年月日 (columns.birthDate), 緯度 (columns.latitude)' },
    });
  });

  it('notes ignored columns that the file does not have', () => {
    const result = importRows([row()], { ...mapping, ignoreColumns: ['備考'] });
    expect(result.rejected).toEqual([]);
    expect(result.notices).toEqual([{ file: 'test/persons.csv', code: 'PERSON_CSV_IGNORED_COLUMNS_ABSENT', params: { columns: '備考' } }]);
  });

  it('reads Shift_JIS and EUC-JP files as it reads UTF-8, and says it converted them', () => {
    const text = csvText(header, [row({ 氏名: 'ﾉﾄ　花子', 住所: '石川県七尾市見本町一丁目（架空）' })]);
    const utf8 = createPersonCsvImporter(mapping).parse('p.csv', new TextEncoder().encode(text), ctx);
    expect(utf8.items).toHaveLength(1);
    for (const [label, encode] of [['shift_jis', encodeShiftJis], ['euc-jp', encodeEucJp]] as const) {
      const result = createPersonCsvImporter(mapping).parse('p.csv', encode(text), ctx);
      expect(result.notices).toEqual([{ file: 'p.csv', code: 'FILE_ENCODING_CONVERTED', params: { encoding: label } }]);
      expect(result.items.map((i) => i.draft)).toEqual(utf8.items.map((i) => i.draft));
    }
  });

  it('imports a whole example list saved as Shift_JIS exactly as the UTF-8 original', () => {
    const parsed = parsePersonMapping(readFileSync(path.join(examples, 'nanao-evacuation-support-list.mapping.json')), 'm.json');
    if (!parsed.ok) throw new Error('mapping');
    const text = readFileSync(path.join(examples, 'nanao-evacuation-support-list.synthetic.csv'), 'utf8');
    const importer = createPersonCsvImporter(parsed.mapping);
    const fromSjis = importer.parse('list.csv', encodeShiftJis(text), ctx);
    expect(fromSjis.rejected).toEqual([]);
    expect(fromSjis.items.map((i) => i.draft)).toEqual(importer.parse('list.csv', new TextEncoder().encode(text), ctx).items.map((i) => i.draft));
  });

  it('refuses bytes in no known encoding, and binary data', () => {
    const undecodable = new Uint8Array([0x95, 0x30, 0xff, 0xfe, 0x80, 0x81, 0xfd]);
    expect(onlyProblem(createPersonCsvImporter(mapping).parse('p.csv', undecodable, ctx)).code).toBe('FILE_ENCODING_UNKNOWN');
    expect(onlyProblem(createPersonCsvImporter(mapping).parse('p.csv', new Uint8Array([0x41, 0, 0x42]), ctx)).code).toBe('FILE_BINARY');
  });

  it('refuses a malformed or empty CSV', () => {
    const bytes = new TextEncoder().encode(`${header.join(',')}\n1,"unclosed\n`);
    expect(onlyProblem(createPersonCsvImporter(mapping).parse('p.csv', bytes, ctx)).code).toBe('CSV_MALFORMED');
    expect(onlyProblem(createPersonCsvImporter(mapping).parse('p.csv', new Uint8Array(), ctx)).code).toBe('CSV_EMPTY');
  });

  it('rejects every file when given a mapping that does not hold together', () => {
    const broken = { ...mapping, areaCode: undefined } as unknown as PersonMapping;
    const result = importRows([row()], broken);
    expect(result.items).toEqual([]);
    expect(onlyProblem(result)).toMatchObject({ file: 'test/persons.csv', code: 'PERSON_MAPPING_AREA_CODE_REQUIRED' });
  });
});

describe('person CSV importer: row problems', () => {
  function problemFor(overrides: Record<string, string>, m: PersonMapping = mapping): RowProblem {
    const result = importRows([row(overrides)], m);
    expect(result.items).toEqual([]);
    const p = onlyProblem(result);
    expectReadable([p]);
    return p;
  }

  it('refuses an unreadable birth date and lists the accepted formats', () => {
    const p = problemFor({ 生年月日: '3/2/1940' });
    expect(p).toMatchObject({ row: 2, field: '生年月日', code: 'PERSON_DATE_INVALID', params: { column: '生年月日', value: '3/2/1940' } });
    expect(message(p.code, p.params, 'en')).toContain('19400302');
  });

  it('refuses a date that does not exist', () => {
    expect(problemFor({ 生年月日: '1940-02-30' })).toMatchObject({ field: '生年月日', code: 'PERSON_DATE_IMPOSSIBLE' });
  });

  it('refuses an era date past the end of its era', () => {
    expect(problemFor({ 生年月日: '昭和64年1月8日' })).toMatchObject({ field: '生年月日', code: 'PERSON_DATE_ERA_RANGE' });
  });

  it('refuses a birth date after the day of the import, in the source time zone', () => {
    expect(problemFor({ 生年月日: '2024-01-11' })).toMatchObject({
      code: 'PERSON_BIRTH_DATE_FUTURE',
      params: { value: '2024-01-11', today: '2024-01-10' },
    });
    expect(importRows([row({ 生年月日: '2024-01-10' })]).rejected).toEqual([]);
  });

  it('refuses an unknown sex code, listing the accepted ones', () => {
    const p = problemFor({ 性別: '3' });
    expect(p).toMatchObject({ field: '性別', code: 'PERSON_SEX_UNKNOWN', params: { value: '3' } });
    expect(String(p.params.accepted)).toContain('女性');
  });

  it('refuses an invalid local government code and a wrong check digit in an area code column', () => {
    const m: PersonMapping = { ...mapping, areaCode: undefined, areaCodeColumn: 'コード' } as PersonMapping;
    delete (m as { areaCode?: string }).areaCode;
    const columns = [...header, 'コード'];
    const check = importRows([row({ コード: '172021' }, columns)], m, columns);
    expect(onlyProblem(check)).toMatchObject({ field: 'コード', code: 'AREA_CODE_CHECK_DIGIT', params: { value: '172021', expected: 2 } });
    const format = importRows([row({ コード: '七尾市' }, columns)], m, columns);
    expect(onlyProblem(format)).toMatchObject({ field: 'コード', code: 'AREA_CODE_FORMAT' });
    const empty = importRows([row({ コード: '' }, columns)], m, columns);
    expect(onlyProblem(empty)).toMatchObject({ field: 'コード', code: 'PERSON_REQUIRED_EMPTY' });
    expectReadable([...check.rejected, ...format.rejected, ...empty.rejected]);
  });

  it('refuses coordinates out of range, naming the column and hinting at swapped axes', () => {
    const p = problemFor({ 緯度: '136.96', 経度: '37.04' });
    expect(p).toMatchObject({ field: '緯度', code: 'PERSON_COORDINATES_OUT_OF_RANGE', params: { value: '136.96' } });
    expect(problemFor({ 緯度: '37.04', 経度: '-190' })).toMatchObject({ field: '経度', code: 'PERSON_COORDINATES_OUT_OF_RANGE' });
    expect(problemFor({ 緯度: '37.04', 経度: '' })).toMatchObject({ field: '緯度', code: 'PERSON_VALUE_NEEDS_OTHER', params: { other: '経度' } });
    expect(problemFor({ 緯度: 'north', 経度: '136.9' })).toMatchObject({ field: '緯度', code: 'PERSON_NUMBER_INVALID' });
  });

  it('refuses a duplicate person id, naming the row where it first appeared', () => {
    const result = importRows([row({ 番号: 'A1' }), row({ 番号: 'B2' }), row({ 番号: 'Ａ１' })]);
    expect(result.items.map((i) => i.row)).toEqual([2, 3]);
    expect(onlyProblem(result)).toEqual({
      file: 'test/persons.csv',
      row: 4,
      field: '番号',
      code: 'PERSON_DUPLICATE_ID',
      params: { column: '番号', id: 'A1', firstRow: 2 },
    });
  });

  it('refuses empty required columns: id, name, and those the mapping lists as required', () => {
    expect(problemFor({ 番号: '' })).toMatchObject({ field: '番号', code: 'PERSON_REQUIRED_EMPTY' });
    expect(problemFor({ 氏名: '' })).toMatchObject({ field: '氏名', code: 'PERSON_REQUIRED_EMPTY' });
    expect(problemFor({ 住所: '' }, { ...mapping, required: ['address'] })).toMatchObject({ field: '住所', code: 'PERSON_REQUIRED_EMPTY' });
  });

  it('refuses an id value that cannot be part of a record id', () => {
    expect(problemFor({ 番号: '七尾-1' })).toMatchObject({ field: '番号', code: 'PERSON_ID_INVALID' });
  });

  it('maps a payload that fails the person schema back to its column', () => {
    const email = problemFor({ メール: 'not-an-address' });
    expect(email).toMatchObject({ field: 'メール', code: 'PERSON_PAYLOAD_INVALID', params: { column: 'メール', path: '/contact/email' } });
    const oxygen = problemFor({ 酸素残量: '-5' });
    expect(oxygen).toMatchObject({ field: '酸素残量', code: 'PERSON_PAYLOAD_INVALID', params: { path: '/care/homeOxygen/supplyHoursLeft' } });
  });

  it('refuses a schedule that is not a list of weekdays', () => {
    expect(problemFor({ 透析曜日: '週3回' })).toMatchObject({ field: '透析曜日', code: 'PERSON_WEEKDAYS_INVALID' });
  });

  it('reports every problem of a row, not only the first, and keeps the good rows', () => {
    const result = importRows([row({ 番号: '1' }), row({ 番号: '2', 生年月日: '1940-02-30', 性別: '?', 緯度: '99', 経度: '136' })]);
    expect(result.items).toHaveLength(1);
    expect(result.rejected.map((p) => [p.row, p.field, p.code])).toEqual([
      [3, '生年月日', 'PERSON_DATE_IMPOSSIBLE'],
      [3, '性別', 'PERSON_SEX_UNKNOWN'],
      [3, '緯度', 'PERSON_COORDINATES_OUT_OF_RANGE'],
    ]);
    expect(result.total).toBe(2);
  });
});

describe('person CSV importer: care columns', () => {
  const careMapping: PersonMapping = {
    ...mapping,
    columns: { ...mapping.columns, careLevel: '介護度', language: '言語', consent: '同意', safetyStatus: '安否' },
    careNeeds: { column: '配慮', values: { HD: 'dialysis' }, flags: { wheelchair: '車いす' } },
    noteColumns: ['支援者'],
  };
  const columns = [...header, '介護度', '言語', '同意', '安否', '配慮', '車いす', '支援者'];

  it('combines needs from the delimited column, the flag columns and the dialysis schedule', () => {
    const result = importRows([row({ 配慮: 'HD;独居', 車いす: '○', 透析曜日: '火木土', 介護度: '要介護２', 言語: 'Tagalog', 同意: 'はい', 安否: '要救助', 支援者: '隣人（架空）' }, columns)], careMapping, columns);
    expect(result.rejected).toEqual([]);
    const data = (result.items[0]!.draft as RecordDraft<'person'>).data;
    expect(data.care).toEqual({
      needs: ['wheelchair', 'dialysis', 'lives-alone'],
      careLevel: '要介護2',
      dialysis: { schedule: ['tue', 'thu', 'sat'] },
      language: 'tl',
      note: '支援者: 隣人（架空）',
    });
    expect(data.consent.shareWithSupporters).toBe(true);
    expect(data.safety).toMatchObject({ status: 'needs-rescue', reportedBy: ctx.sourceNode });
  });

  it('refuses unknown marks, needs, levels, languages and statuses with the column named', () => {
    const result = importRows(
      [row({ 配慮: '腰痛', 車いす: '要', 介護度: '要介護9', 言語: '宇宙語', 同意: 'たぶん', 安否: '元気' }, columns)],
      careMapping,
      columns,
    );
    expect(result.rejected.map((p) => [p.field, p.code])).toEqual([
      ['配慮', 'PERSON_CARE_NEED_UNKNOWN'],
      ['車いす', 'PERSON_BOOLEAN_INVALID'],
      ['介護度', 'PERSON_CARE_LEVEL_UNKNOWN'],
      ['言語', 'PERSON_LANGUAGE_UNKNOWN'],
      ['同意', 'PERSON_BOOLEAN_INVALID'],
      ['安否', 'PERSON_SAFETY_STATUS_UNKNOWN'],
    ]);
    expectReadable(result.rejected);
  });
});

describe('person CSV importer on arbitrary input', () => {
  it('never throws on random bytes', () => {
    const importer = createPersonCsvImporter(mapping);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const result = importer.parse('r.csv', bytes, ctx);
        expect(result.items.length + new Set(result.rejected.map((p) => p.row)).size).toBeLessThanOrEqual(Math.max(result.total, 1));
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on random cells, and every row is either imported or rejected with readable problems', () => {
    const cell = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', '○', '1940-02-30', 'S64.1.8', '月水金', '999', '-1', '男'));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: header.length, maxLength: header.length }), { maxLength: 6 }), (rows) => {
        const result = importRows(rows);
        if (result.rejected.some((p) => p.row === undefined)) return; // e.g. a cell that breaks CSV quoting rules
        const rejectedRows = new Set(result.rejected.map((p) => p.row));
        expect(result.items.length + rejectedRows.size).toBe(result.total);
        for (const item of result.items) expect(rejectedRows.has(item.row)).toBe(false);
        expectReadable(result.rejected);
      }),
      { numRuns: 150 },
    );
  });
});
