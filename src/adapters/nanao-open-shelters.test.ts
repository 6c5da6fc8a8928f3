import { readdirSync, readFileSync } from 'node:fs';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeShiftJis } from '../../test/support/japanese-encoders.ts';
import { sharedDataPath } from '../../test/support/shared-data.ts';
import { message } from '../i18n/index.ts';
import type { AnyRecord, RecordDraft, Shelter } from '../model/index.ts';
import { readCsvTable } from './csv-table.ts';
import { timeFromFileName } from './japanese-datetime.ts';
import { municipalityCode, nanaoOpenSheltersImporter, parseHeadCount } from './nanao-open-shelters.ts';
import type { ImportContext, ImportItem, ParsedFile, RowProblem } from './types.ts';

const ctx: ImportContext = { sourceNode: 'jp-172022-nanao-city', now: '2025-06-01T09:00:00+09:00' };
const dir = sharedDataPath('noto-2024-nanao');
const snapshotFiles = readdirSync(dir).filter((f) => /^open_shelter_Nanao-shi_.*\.csv$/.test(f)).sort();
const readText = (name: string) => readFileSync(`${dir}/${name}`, 'utf8');
const utf8 = (s: string) => new TextEncoder().encode(s);
const parse = (file: string, bytes: Uint8Array): ParsedFile => nanaoOpenSheltersImporter.parse(file, bytes, ctx);
const shelters = (parsed: ParsedFile) => parsed.items.map((i) => i.draft as RecordDraft<'shelter'>);

/** Apply items as the import pipeline does: an item creates the record or, when one exists, merges into it. */
function applyItems(items: readonly ImportItem[], store = new Map<string, AnyRecord>()): Map<string, AnyRecord> {
  for (const item of items) {
    const current = store.get(item.draft.id);
    const draft = current && item.merge ? item.merge(current) : item.draft;
    store.set(draft.id, { ...draft, version: (current?.version ?? 0) + 1, recordedAt: ctx.now } as AnyRecord);
  }
  return store;
}
const payloadOf = (r: AnyRecord) => canonicalize({ data: r.data, quality: r.quality });

/** The counts as the CSVs publish them, read without the importer: id → [time from the file name, count]. */
function countsInCsvs(): Map<string, [string, number][]> {
  const series = new Map<string, [string, number][]>();
  for (const f of snapshotFiles) {
    const table = readCsvTable(readText(f));
    if (!table.ok) throw new Error(f);
    const countColumn = table.header.find((h) => h.startsWith('人数'))!;
    for (const { values } of table.rows) {
      series.set(values.ID!, [...(series.get(values.ID!) ?? []), [timeFromFileName(f)!, Number(values[countColumn])]]);
    }
  }
  return series;
}

/** A snapshot CSV edited in a test: cells replaced by (row, column). */
function editCsv(text: string, edits: { row: number; column: string; value: string }[] = [], dropColumns: string[] = []): string {
  const table = readCsvTable(text);
  if (!table.ok) throw new Error('bad fixture');
  const header = table.header.filter((h) => !dropColumns.includes(h));
  const cell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const lines = table.rows.map(({ row, values }) =>
    header.map((h) => cell(edits.find((e) => e.row === row && e.column === h)?.value ?? values[h] ?? '')).join(','),
  );
  return [header.join(','), ...lines].join('\n') + '\n';
}

const renderedEverywhere = (p: RowProblem) =>
  (['ja', 'en'] as const).every((lang) => {
    const text = message(p.code, p.params, lang);
    return text !== p.code && !text.includes('{{') && !text.includes('undefined');
  });

describe('nanaoOpenSheltersImporter on the real snapshots', () => {
  const parsed = snapshotFiles.map((f) => ({ file: f, result: parse(f, readFileSync(`${dir}/${f}`)) }));

  it('reads all ten snapshots with no rejection and no notice, one shelter per row', () => {
    expect(parsed).toHaveLength(10);
    for (const { file, result } of parsed) {
      expect(result.rejected, file).toEqual([]);
      expect(result.notices, file).toEqual([]);
      expect(result.items.length).toBe(result.total);
      expect(result.total).toBeGreaterThan(25);
    }
  });

  it('takes the time from the count column name in the first snapshot and from 時点 in the others, agreeing with the file names', () => {
    for (const { file, result } of parsed) {
      for (const d of shelters(result)) {
        expect(d.observedAt).toBe(timeFromFileName(file));
        expect(d.data.evacueeCounts).toEqual([{ observedAt: timeFromFileName(file), count: expect.any(Number), source: file }]);
      }
    }
  });

  it('maps a designated shelter of the first snapshot completely', () => {
    const first = parsed[0]!;
    const item = first.result.items.find((i) => i.draft.id === '172022-CC0000000504')!;
    // Row 3 as a spreadsheet shows it: the header is row 1, the shelter the second data row.
    expect(item.row).toBe(3);
    expect(item.draft).toEqual({
      id: '172022-CC0000000504',
      type: 'shelter',
      sourceNode: ctx.sourceNode,
      observedAt: '2024-01-09T18:00:00+09:00',
      quality: { level: 'reported', note: '出典：七尾市 避難所開設情報 (CC BY 4.0)' },
      lineage: [{ activity: 'import', adapter: 'nanao-open-shelters', file: first.file, row: 3, at: ctx.now }],
      data: {
        localId: 'CC0000000504',
        name: { ja: '御祓地区コミュニティセンター', kana: 'ミソギチクコミュニティセンター', en: 'misogichikukomyuniteisenta' },
        kinds: ['designated-shelter'],
        hazards: ['flood', 'landslide', 'storm-surge', 'earthquake', 'tsunami', 'inland-flood'],
        areaCode: '172022',
        address: { text: '石川県七尾市一本杉町１２４', prefecture: '石川県', municipality: '七尾市', locality: '一本杉町124番地' },
        location: { type: 'Point', coordinates: [136.96136, 37.04826] },
        capacity: { note: '屋内191人／屋外0人(面積の1/2)' },
        openStatus: 'open',
        evacueeCounts: [{ observedAt: '2024-01-09T18:00:00+09:00', count: 130, source: first.file }],
        needs: [],
        servedCommunities: '御祓地区（25町会）',
      },
    });
    expect(typeof item.merge).toBe('function');
  });

  it('imports NEW001 as an ad-hoc shelter without hazards, located by its coordinates', () => {
    const d = shelters(parsed[1]!.result).find((x) => x.data.localId === 'NEW001')!;
    expect(d.id).toBe('172022-NEW001');
    expect(d.data).toMatchObject({
      name: { ja: '寄合い処みそぎ' },
      kinds: ['ad-hoc-shelter'],
      hazards: [],
      location: { type: 'Point', coordinates: [136.9618191, 37.04683152] },
      address: { text: '石川県七尾市馬出町ツ部49', locality: '馬出町ツ部49' },
      evacueeCounts: [{ observedAt: '2024-01-11T18:00:00+09:00', count: 41, source: parsed[1]!.file }],
    });
    expect(d.data.contact).toBeUndefined();
  });

  it('merges all ten snapshots into series that match the CSVs, whatever the import order', () => {
    const expected = countsInCsvs();
    const items = parsed.flatMap((p) => p.result.items);
    const inOrder = applyItems(items);
    const reversed = applyItems([...items].reverse());
    expect([...inOrder.keys()].sort()).toEqual([...expected.keys()].map((id) => `172022-${id}`).sort());
    for (const [id, counts] of expected) {
      const record = inOrder.get(`172022-${id}`)!;
      const series = (record.data as Shelter).evacueeCounts.map((c) => [c.observedAt, c.count]);
      expect(series, id).toEqual(counts);
      expect(payloadOf(reversed.get(record.id)!)).toBe(payloadOf(record));
    }
  });

  it('builds the series of 御祓地区コミュニティセンター from 130 evacuees on 9 January to 91 on 18 January', () => {
    const record = applyItems(parsed.flatMap((p) => p.result.items)).get('172022-CC0000000504')!;
    const data = record.data as Shelter;
    expect(data.evacueeCounts.map((c) => [c.observedAt, c.count])).toEqual([
      ['2024-01-09T18:00:00+09:00', 130],
      ['2024-01-11T18:00:00+09:00', 123],
      ['2024-01-13T06:00:00+09:00', 112],
      ['2024-01-13T18:00:00+09:00', 107],
      ['2024-01-14T18:00:00+09:00', 106],
      ['2024-01-15T06:00:00+09:00', 103],
      ['2024-01-15T18:00:00+09:00', 131],
      ['2024-01-16T18:00:00+09:00', 89],
      ['2024-01-17T06:00:00+09:00', 92],
      ['2024-01-18T06:00:00+09:00', 91],
    ]);
    expect(record.observedAt).toBe('2024-01-18T06:00:00+09:00');
    // The description is the newest snapshot's; only the first had kana and English names, and they are kept.
    expect(data.name).toEqual({ ja: '御祓地区コミュニティセンター', kana: 'ミソギチクコミュニティセンター', en: 'misogichikukomyuniteisenta' });
    expect(record.lineage.map((s) => s.file)).toEqual(snapshotFiles);
  });

  it('keeps NEW001 as an ad-hoc shelter with a count from every snapshot', () => {
    const record = applyItems(parsed.flatMap((p) => p.result.items)).get('172022-NEW001')!;
    expect((record.data as Shelter).kinds).toEqual(['ad-hoc-shelter']);
    expect((record.data as Shelter).evacueeCounts).toHaveLength(10);
  });

  it('leaves every payload unchanged when any snapshot is imported again', () => {
    const store = applyItems(parsed.flatMap((p) => p.result.items));
    const before = new Map([...store].map(([id, r]) => [id, payloadOf(r)]));
    for (const p of parsed) {
      for (const item of p.result.items) expect(payloadOf({ ...item.merge!(store.get(item.draft.id)!), version: 1, recordedAt: ctx.now } as AnyRecord)).toBe(before.get(item.draft.id));
    }
  });

  it('reads a snapshot saved as Shift_JIS the same, with an encoding notice', () => {
    // The first snapshot writes 南大吞 with a kanji CP932 lacks, so it could never have been published as Shift_JIS.
    const index = 1;
    const file = snapshotFiles[index]!;
    const fromSjis = parse(file, encodeShiftJis(readText(file)));
    expect(fromSjis.notices).toEqual([{ file, code: 'FILE_ENCODING_CONVERTED', params: { encoding: 'Shift_JIS (CP932)' } }]);
    expect(fromSjis.rejected).toEqual([]);
    expect(shelters(fromSjis)).toEqual(shelters(parsed[index]!.result));
  });

  it('refuses the reference list, which has no counts, saying what to give instead', () => {
    const result = parse('reference_data.csv', readFileSync(`${dir}/reference_data.csv`));
    expect(result.items).toEqual([]);
    expect(result.rejected).toEqual([{ file: 'reference_data.csv', code: 'NANAO_REFERENCE_LIST', params: {} }]);
  });

  it('knows the local government code of every municipality in the reference list', () => {
    const table = readCsvTable(readText('reference_data.csv'));
    if (!table.ok) throw new Error('reference_data.csv');
    for (const { values } of table.rows.filter((r) => r.values['所在地_全国地方公共団体コード'])) {
      expect(municipalityCode(values['所在地_都道府県']!, values['所在地_市区町村']!)).toBe(values['所在地_全国地方公共団体コード']);
    }
  });
});

describe('nanaoOpenSheltersImporter rejections', () => {
  const later = readText('open_shelter_Nanao-shi_2024-01-11-1800.csv');
  const first = readText('open_shelter_Nanao-shi_2024-01-09-1800.csv');
  const only = (parsed: ParsedFile) => {
    expect(parsed.rejected).toHaveLength(1);
    expect(renderedEverywhere(parsed.rejected[0]!)).toBe(true);
    return parsed.rejected[0]!;
  };
  const fileName = 'open_shelter_Nanao-shi_2024-01-11-1800.csv';

  it('rejects a count that is not a whole number of zero or more, or is empty, naming the column', () => {
    for (const value of ['12.5', '-3', '十二', '1e3']) {
      const parsed = parse(fileName, utf8(editCsv(later, [{ row: 2, column: '人数', value }])));
      expect(only(parsed)).toMatchObject({ code: 'NANAO_COUNT_INVALID', row: 2, field: '人数', params: { value } });
      expect(parsed.items).toHaveLength(parsed.total - 1);
    }
    expect(only(parse(fileName, utf8(editCsv(later, [{ row: 3, column: '人数', value: '' }]))))).toMatchObject({ code: 'NANAO_COUNT_MISSING', row: 3, field: '人数' });
    const firstSnapshot = parse('s.csv', utf8(editCsv(first, [{ row: 2, column: '人数_令和6年1月9日午後6時時点', value: '-1' }])));
    expect(only(firstSnapshot)).toMatchObject({ code: 'NANAO_COUNT_INVALID', row: 2, field: '人数_令和6年1月9日午後6時時点' });
  });

  it('accepts counts written with full-width digits, thousands separators or a trailing .0', () => {
    expect(parseHeadCount('１２３')).toBe(123);
    expect(parseHeadCount('1,234')).toBe(1234);
    expect(parseHeadCount('130.0')).toBe(130);
    expect(parseHeadCount('1,23')).toBeUndefined();
  });

  it('rejects a row without ID, with an ID of another form, or repeating an ID, naming the first row', () => {
    expect(only(parse(fileName, utf8(editCsv(later, [{ row: 4, column: 'ID', value: '' }]))))).toMatchObject({ code: 'NANAO_ID_MISSING', row: 4, field: 'ID' });
    expect(only(parse(fileName, utf8(editCsv(later, [{ row: 4, column: 'ID', value: 'X-504' }]))))).toMatchObject({ code: 'NANAO_ID_MALFORMED', row: 4, params: { value: 'X-504' } });
    const duplicate = parse(fileName, utf8(editCsv(later, [{ row: 5, column: 'ID', value: 'CC0000000504' }])));
    expect(only(duplicate)).toMatchObject({ code: 'SHELTER_DUPLICATE_ID', row: 5, field: 'ID', params: { id: 'CC0000000504', firstRow: 2 } });
  });

  it('refuses unknown columns, listing them', () => {
    const text = later.replace('ID,地区', 'ID,受付担当,地区').replace(/^(CC|NEW)([^,]*),/gm, '$1$2,,');
    const parsed = parse(fileName, utf8(text));
    expect(parsed.items).toEqual([]);
    expect(only(parsed)).toMatchObject({ code: 'NANAO_UNKNOWN_COLUMNS', params: { columns: '受付担当' } });
    expect(only(parsed).row).toBeUndefined();
  });

  it('rejects a 時点 that is no date-time', () => {
    expect(only(parse(fileName, utf8(editCsv(later, [{ row: 2, column: '時点', value: '令和6年2月30日午後6時' }]))))).toMatchObject({
      code: 'NANAO_TIME_INVALID',
      row: 2,
      field: '時点',
      params: { value: '令和6年2月30日午後6時' },
    });
  });

  it('falls back to the time in the file name, with a notice, when the file gives none', () => {
    const parsed = parse(fileName, utf8(editCsv(later, [], ['時点'])));
    expect(parsed.rejected).toEqual([]);
    expect(parsed.notices).toEqual([{ file: fileName, code: 'NANAO_TIME_FROM_FILE_NAME', params: { time: '2024-01-11T18:00:00+09:00' } }]);
    expect(shelters(parsed).every((d) => d.observedAt === '2024-01-11T18:00:00+09:00')).toBe(true);
    expect(renderedEverywhere(parsed.notices[0]!)).toBe(true);
  });

  it('refuses a file that gives no time at all', () => {
    const parsed = parse('shelters.csv', utf8(editCsv(later, [], ['時点'])));
    expect(parsed.items).toEqual([]);
    expect(only(parsed)).toMatchObject({ code: 'NANAO_TIME_MISSING' });
    expect(only(parsed).row).toBeUndefined();
  });

  it('refuses a count column whose name holds no readable time, and two count columns', () => {
    const badName = first.replace('人数_令和6年1月9日午後6時時点', '人数_1月9日夕方');
    expect(only(parse('s.csv', utf8(badName)))).toMatchObject({ code: 'NANAO_TIME_INVALID', field: '人数_1月9日夕方' });
    const two = later.replace('人数,時点', '人数,人数_令和6年1月11日午後6時時点').replace(/令和6年1月11日午後6時/g, '0');
    expect(only(parse(fileName, utf8(two)))).toMatchObject({ code: 'NANAO_COUNT_COLUMN_AMBIGUOUS' });
  });

  it('rejects a municipality it has no code for, and a given code that disagrees with the address', () => {
    expect(only(parse(fileName, utf8(editCsv(later, [{ row: 2, column: '所在地_市区町村', value: '七尾町' }]))))).toMatchObject({
      code: 'NANAO_MUNICIPALITY_UNKNOWN',
      row: 2,
      field: '所在地_市区町村',
    });
    const withCode = later.replace('ID,地区', 'ID,所在地_全国地方公共団体コード,地区').replace(/^(CC|NEW)([^,]*),/gm, '$1$2,172022,');
    expect(parse(fileName, utf8(withCode)).rejected).toEqual([]);
    const wrong = editCsv(withCode, [{ row: 2, column: '所在地_全国地方公共団体コード', value: '172014' }]);
    expect(only(parse(fileName, utf8(wrong)))).toMatchObject({ code: 'NANAO_AREA_CODE_MISMATCH', row: 2, field: '所在地_全国地方公共団体コード' });
    const checkDigit = editCsv(withCode, [{ row: 2, column: '所在地_全国地方公共団体コード', value: '172021' }]);
    expect(only(parse(fileName, utf8(checkDigit)))).toMatchObject({ code: 'AREA_CODE_CHECK_DIGIT', row: 2, params: { expected: 2 } });
  });

  it('rejects coordinates outside Japan and a phone number that is not one, naming the column', () => {
    expect(only(parse(fileName, utf8(editCsv(later, [{ row: 2, column: '緯度', value: '137.0' }, { row: 2, column: '経度', value: '37.0' }]))))).toMatchObject({
      code: 'SHELTER_COORDINATES_SWAPPED',
      row: 2,
    });
    expect(only(parse(fileName, utf8(editCsv(later, [{ row: 3, column: '電話番号', value: '0767-57-5018（内線）' }]))))).toMatchObject({
      code: 'SHELTER_INVALID_VALUE',
      row: 3,
      field: '電話番号',
    });
    // Full-width digits are only a typing habit.
    const fullWidth = parse(fileName, utf8(editCsv(later, [{ row: 3, column: '電話番号', value: '０７６７－５７－５０１８' }])));
    expect(fullWidth.rejected).toEqual([]);
    expect(shelters(fullWidth)[2]!.data.contact).toEqual({ phone: '0767-57-5018' });
  });

  it('accepts a shelter without coordinates, without a location', () => {
    const parsed = parse(fileName, utf8(editCsv(later, [{ row: 3, column: '緯度', value: '' }, { row: 3, column: '経度', value: '' }])));
    expect(parsed.rejected).toEqual([]);
    expect(shelters(parsed)[1]!.data.location).toBeUndefined();
  });

  it('never throws on arbitrary bytes or corrupted snapshots', () => {
    const original = utf8(later);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.array(fc.tuple(fc.nat({ max: original.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }).map((changes) => {
            const bytes = Uint8Array.from(original);
            for (const [at, value] of changes) bytes[at] = value;
            return bytes;
          }),
        ),
        (bytes) => {
          const parsed = parse(fileName, bytes);
          expect(parsed.items.length + parsed.rejected.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the later published variants (January–August 2024, test/fixtures/nanao-open-shelters)', () => {
  const later = new URL('../../test/fixtures/nanao-open-shelters/', import.meta.url);
  const laterFiles = readdirSync(later).filter((f) => f.startsWith('open_shelter_Nanao-shi_')).sort();
  const laterBytes = (name: string) => readFileSync(new URL(name, later));

  it('imports every CSV and GeoJSON snapshot with no row refused, and a second import changes nothing', () => {
    expect(laterFiles.filter((f) => f.endsWith('.csv')).length).toBeGreaterThanOrEqual(100);
    expect(laterFiles.filter((f) => f.endsWith('.geojson')).length).toBeGreaterThanOrEqual(8);
    const items: ImportItem[] = [];
    for (const f of laterFiles) {
      const parsed = parse(f, laterBytes(f));
      expect(parsed.rejected, f).toEqual([]);
      expect(parsed.items.length, f).toBe(parsed.total);
      items.push(...parsed.items);
    }
    const once = applyItems(items);
    const before = new Map([...once].map(([id, r]) => [id, payloadOf(r)]));
    const twice = applyItems(items, once);
    for (const [id, r] of twice) expect(payloadOf(r), id).toBe(before.get(id));
  });

  it('reads 正午 and 午後1時30分 from the 時点 column', () => {
    const noon = shelters(parse('open_shelter_Nanao-shi_2024-06-14-1200.csv', laterBytes('open_shelter_Nanao-shi_2024-06-14-1200.csv')));
    expect(noon.every((d) => d.observedAt === '2024-06-14T12:00:00+09:00')).toBe(true);
    const halfPast = shelters(parse('open_shelter_Nanao-shi_2024-07-25-1300.csv', laterBytes('open_shelter_Nanao-shi_2024-07-25-1300.csv')));
    expect(halfPast[0]!.observedAt).toBe('2024-07-25T13:30:00+09:00');
  });

  it('reads the GeoJSON edition as the same shelters, counts and times as the CSV of the same moment', () => {
    const name = 'open_shelter_Nanao-shi_2024-06-26-1200';
    const fromCsv = shelters(parse(`${name}.csv`, laterBytes(`${name}.csv`)));
    const fromGeoJson = shelters(parse(`${name}.geojson`, laterBytes(`${name}.geojson`)));
    const comparable = (d: RecordDraft<'shelter'>) => ({ id: d.id, observedAt: d.observedAt, data: { ...d.data, evacueeCounts: d.data.evacueeCounts.map((c) => ({ ...c, source: '' })) } });
    expect(fromGeoJson.map(comparable)).toEqual(fromCsv.map(comparable));
  });

  it('ignores the geometry column where 緯度/経度 are given, and says so', () => {
    const name = 'open_shelter_Nanao-shi_2024-06-20-1200.csv';
    const parsed = parse(name, laterBytes(name));
    expect(parsed.rejected).toEqual([]);
    expect(parsed.notices).toEqual([{ file: name, code: 'NANAO_GEOMETRY_IGNORED', params: { count: 3 } }]);
    expect(shelters(parsed)[0]!.data.location).toEqual({ type: 'Point', coordinates: [136.96987, 37.03364] });
  });

  it('locates rows without 緯度/経度 from the geometry, converted from zone VII of the plane-rectangular system', () => {
    // Derived from the real 2024-06-20 file: its 緯度 and 経度 cells emptied, so only the geometry says where.
    const name = 'open_shelter_Nanao-shi_2024-06-20-1200.csv';
    const table = readCsvTable(new TextDecoder().decode(laterBytes(name)));
    if (!table.ok) throw new Error(name);
    const published = table.rows.map((r) => [Number(r.values['経度']), Number(r.values['緯度'])]);
    const blanked = [table.header.join(','), ...table.rows.map((r) => table.header.map((h) => (h === '緯度' || h === '経度' ? '' : JSON.stringify(r.values[h]))).join(','))].join('\n');
    const parsed = parse(name, utf8(blanked));
    expect(parsed.rejected).toEqual([]);
    expect(parsed.notices).toEqual([{ file: name, code: 'NANAO_GEOMETRY_CONVERTED', params: { count: 3, system: 'JGD2011 平面直角座標系 第VII系 (EPSG:6675)' } }]);
    shelters(parsed).forEach((d, i) => {
      const [lon, lat] = d.data.location!.coordinates;
      expect(Math.abs(lon - published[i]![0]!)).toBeLessThan(1e-6);
      expect(Math.abs(lat - published[i]![1]!)).toBeLessThan(1e-6);
    });
    expect(message('NANAO_GEOMETRY_CONVERTED', parsed.notices[0]!.params, 'ja')).toContain('3 件');
  });

  it('refuses a geometry that is not a point or lands outside Japan, naming the row and the value', () => {
    const header = 'ID,名称,人数,時点,所在地_都道府県,所在地_市区町村,geometry';
    const parsed = parse('x.csv', utf8(`${header}\nCC1,A,1,令和6年6月20日正午,石川県,七尾市,LINESTRING (0 0 1 1)\nCC2,B,1,令和6年6月20日正午,石川県,七尾市,POINT (9000000 9000000)\n`));
    expect(parsed.items).toEqual([]);
    expect(parsed.rejected.map((p) => [p.code, p.row, p.field])).toEqual([
      ['NANAO_GEOMETRY_INVALID', 2, 'geometry'],
      ['NANAO_GEOMETRY_OUTSIDE_JAPAN', 3, 'geometry'],
    ]);
    expect(message(parsed.rejected[0]!.code, parsed.rejected[0]!.params, 'en')).toContain('LINESTRING (0 0 1 1)');
  });

  it('refuses a GeoJSON edition in a coordinate system it cannot convert, and says which systems it reads', () => {
    const doc = { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3857' } }, features: [] };
    const parsed = parse('x.geojson', utf8(JSON.stringify(doc)));
    expect(parsed.rejected.map((p) => [p.code, p.params.crs])).toEqual([['NANAO_CRS_UNSUPPORTED', 'urn:ogc:def:crs:EPSG::3857']]);
    expect(message('NANAO_CRS_UNSUPPORTED', parsed.rejected[0]!.params, 'ja')).toContain('EPSG:6669');
  });

  it('still stops at a column it does not know, naming it and saying what to do', () => {
    const parsed = parse('x.csv', utf8('ID,名称,人数,時点,所在地_都道府県,所在地_市区町村,備考2\nCC1,A,1,令和6年6月20日正午,石川県,七尾市,x\n'));
    expect(parsed.items).toEqual([]);
    expect(parsed.rejected.map((p) => [p.code, p.params.columns])).toEqual([['NANAO_UNKNOWN_COLUMNS', '備考2']]);
    expect(message('NANAO_UNKNOWN_COLUMNS', parsed.rejected[0]!.params, 'en')).toMatch(/備考2.*delete it and import again/);
  });

  it('names the value and the row of a 時点 no rule reads', () => {
    const parsed = parse('x.csv', utf8('ID,名称,人数,時点,所在地_都道府県,所在地_市区町村\nCC1,A,1,令和6年6月20日正午,石川県,七尾市\nCC2,B,1,6月20日のお昼,石川県,七尾市\n'));
    expect(parsed.rejected.map((p) => [p.code, p.row, p.params.value])).toEqual([['NANAO_TIME_INVALID', 3, '6月20日のお昼']]);
    expect(message('NANAO_TIME_INVALID', parsed.rejected[0]!.params, 'ja')).toContain('「6月20日のお昼」');
  });
});
