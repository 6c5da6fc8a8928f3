import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeShiftJis } from '../../test/support/japanese-encoders.ts';
import { sharedDataPath } from '../../test/support/shared-data.ts';
import { message } from '../i18n/index.ts';
import { jpLocalGovernmentCheckDigit, ShelterSchema, validate, type Hazard, type RecordDraft } from '../model/index.ts';
import { areaCodeOfCommonId, detectGsiLayout, gsiSheltersImporter, splitPrefecture } from './gsi-shelters.ts';
import { GSI_HAZARD_COLUMNS } from './shelter-rows.ts';
import type { ImportContext, ParsedFile, RowProblem } from './types.ts';

const ctx: ImportContext = { sourceNode: 'jp-170003-ishikawa-pref', now: '2025-06-01T09:00:00+09:00' };
const utf8 = (s: string) => new TextEncoder().encode(s);

type Properties = Record<string, string | number | null>;
interface Feature {
  type: 'Feature';
  geometry: { type: string; coordinates: unknown } | null;
  properties: Properties;
}
interface FeatureCollection {
  type: 'FeatureCollection';
  name?: string;
  features: Feature[];
}

const layouts = ['evacuation', 'emergency'] as const;
const realFiles = layouts.flatMap((layout) => {
  const dir = sharedDataPath('gsi-shelters', 'ishikawa', layout);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((name) => ({ layout, name, path: path.join(dir, name) }));
});
const readCollection = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as FeatureCollection;
const parse = (file: string, bytes: Uint8Array): ParsedFile => gsiSheltersImporter.parse(file, bytes, ctx);
const shelters = (parsed: ParsedFile) => parsed.items.map((i) => i.draft as RecordDraft<'shelter'>);
// Where a record came from: the file, and the row (a CSV row is the spreadsheet's, one more than the feature number).
const withoutFile = (d: RecordDraft<'shelter'>) => ({ ...d, lineage: d.lineage.map(({ file: _file, row: _row, ...step }) => step) });

/** A GSI-style CSV of the features: the properties, then 緯度 and 経度 (GSI's download order), or the columns given. */
function toGsiCsv(features: readonly Feature[], columns?: readonly string[]): string {
  const names = columns ?? [...Object.keys(features[0]!.properties), '緯度', '経度'];
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const lines = features.map((f) => {
    const [lon, lat] = (f.geometry?.coordinates as number[] | undefined) ?? [];
    return names.map((n) => cell(n === '緯度' ? lat : n === '経度' ? lon : f.properties[n])).join(',');
  });
  return [names.join(','), ...lines].join('\r\n') + '\r\n';
}

function smallCollection(layout: 'evacuation' | 'emergency', count = 3): FeatureCollection {
  const fc = readCollection(sharedDataPath('gsi-shelters', 'ishikawa', layout, '172022.json'));
  return { ...fc, features: structuredClone(fc.features.slice(0, count)) };
}

const renderedEverywhere = (p: RowProblem) =>
  (['ja', 'en'] as const).every((lang) => {
    const text = message(p.code, p.params, lang);
    return text !== p.code && !text.includes('{{') && !text.includes('undefined');
  });

describe('gsiSheltersImporter on the real Ishikawa files', () => {
  const parsed = realFiles.map((f) => ({ ...f, collection: readCollection(f.path), result: parse(f.name, readFileSync(f.path)) }));

  it('parses every file with no rejection and no notice: 2477 features, 2477 records', () => {
    for (const p of parsed) {
      expect(p.result.rejected, `${p.layout}/${p.name}`).toEqual([]);
      expect(p.result.notices).toEqual([]);
      expect(p.result.total).toBe(p.collection.features.length);
      expect(p.result.items).toHaveLength(p.collection.features.length);
    }
    expect(parsed.reduce((n, p) => n + p.result.total, 0)).toBe(2477);
    expect(parsed.reduce((n, p) => n + p.result.items.length, 0)).toBe(2477);
  });

  it('preserves every 共通ID as the record id and as data.commonId, one record per feature in order', () => {
    for (const p of parsed) {
      const ids = p.collection.features.map((f) => f.properties['共通ID']);
      expect(shelters(p.result).map((d) => d.id)).toEqual(ids);
      expect(shelters(p.result).map((d) => d.data.commonId)).toEqual(ids);
      expect(p.result.items.map((i) => i.row)).toEqual(ids.map((_, i) => i + 1));
    }
  });

  it('gives ids that are unique across all files of both layouts', () => {
    const ids = parsed.flatMap((p) => shelters(p.result).map((d) => d.id));
    expect(new Set(ids).size).toBe(2477);
  });

  it('derives each area code from the 共通ID, equal to the municipality code the file is named after', () => {
    for (const p of parsed) {
      for (const d of shelters(p.result)) expect(d.data.areaCode).toBe(path.basename(p.name, '.json'));
    }
  });

  it('takes the kind from the layout and the hazards from the flags of the emergency layout', () => {
    for (const p of parsed) {
      p.collection.features.forEach((f, i) => {
        const d = shelters(p.result)[i]!;
        expect(d.data.kinds[0]).toBe(p.layout === 'evacuation' ? 'designated-shelter' : 'emergency-evacuation-site');
        const expected = p.layout === 'emergency' ? GSI_HAZARD_COLUMNS.filter(([c]) => f.properties[c] === '1').map(([, h]) => h) : [];
        expect(d.data.hazards).toEqual(expected);
      });
    }
  });

  it('marks as welfare shelters exactly those with 受入対象者 or a remark naming 福祉避難所', () => {
    let welfare = 0;
    for (const p of parsed) {
      p.collection.features.forEach((f, i) => {
        const expected = !!f.properties['受入対象者'] || String(f.properties['備考'] ?? '').includes('福祉避難所');
        expect(shelters(p.result)[i]!.data.kinds.includes('welfare-shelter')).toBe(expected);
        if (expected) welfare++;
      });
    }
    expect(welfare).toBe(61);
  });

  it('maps a Nanao designated shelter completely', () => {
    const p = parsed.find((x) => x.layout === 'evacuation' && x.name === '172022.json')!;
    expect(p.result.items[0]).toEqual({
      row: 1,
      draft: {
        id: 'E1720200002111',
        type: 'shelter',
        sourceNode: ctx.sourceNode,
        observedAt: ctx.now,
        quality: { level: 'reported', note: '出典：国土地理院' },
        lineage: [{ activity: 'import', adapter: 'gsi-shelters', file: '172022.json', row: 1, at: ctx.now }],
        data: {
          commonId: 'E1720200002111',
          name: { ja: '北大呑地区コミュニティセンター' },
          kinds: ['designated-shelter'],
          hazards: [],
          areaCode: '172022',
          address: { text: '石川県七尾市庵町ウ23-2', prefecture: '石川県', municipality: '七尾市' },
          location: { type: 'Point', coordinates: [137.046191, 37.040697] },
          openStatus: 'unknown',
          evacueeCounts: [],
          needs: [],
        },
      },
    });
  });

  it('maps a Nanao emergency evacuation site with its hazards', () => {
    const p = parsed.find((x) => x.layout === 'emergency' && x.name === '172022.json')!;
    const d = shelters(p.result)[0]!;
    expect(d.id).toBe('E1720200001201');
    expect(d.data).toMatchObject({
      name: { ja: 'つつじが浜児童公園' },
      kinds: ['emergency-evacuation-site'],
      hazards: ['flood', 'landslide', 'earthquake', 'large-fire', 'inland-flood'],
      location: { type: 'Point', coordinates: [136.959657, 37.05418] },
    });
  });

  it('keeps 受入対象者 as the accepted groups and 備考 and その他市町村長が必要と認める事項 in the note', () => {
    const all = parsed.flatMap((p) => p.collection.features.map((f, i) => ({ f, d: shelters(p.result)[i]! })));
    const withOther = all.find(({ f }) => f.properties['その他市町村長が必要と認める事項'])!;
    expect(withOther.d.data.acceptedGroups).toBe(withOther.f.properties['受入対象者']);
    expect(withOther.d.data.note).toBe(`その他市町村長が必要と認める事項：${withOther.f.properties['その他市町村長が必要と認める事項']}`);
    const withRemark = all.find(({ f }) => String(f.properties['備考']).includes('福祉避難所を兼ねる'))!;
    expect(withRemark.d.data.note).toBe(withRemark.f.properties['備考']);
  });

  it('gives the same drafts from every file written as a Shift_JIS CSV with 緯度 and 経度, and says it converted', () => {
    for (const p of parsed) {
      const csvName = p.name.replace('.json', '.csv');
      const fromCsv = parse(csvName, encodeShiftJis(toGsiCsv(p.collection.features)));
      expect(fromCsv.rejected, `${p.layout}/${p.name}`).toEqual([]);
      expect(fromCsv.notices).toEqual([{ file: csvName, code: 'FILE_ENCODING_CONVERTED', params: { encoding: 'Shift_JIS (CP932)' } }]);
      expect(shelters(fromCsv).map(withoutFile)).toEqual(shelters(p.result).map(withoutFile));
      expect(fromCsv.items.every((i) => (i.draft.lineage[0]!.file === csvName))).toBe(true);
    }
  });

  it('accepts the CSV columns in any order, a UTF-8 BOM and a 市町村コード column that agrees', () => {
    for (const p of parsed.filter((x) => x.name === '172022.json')) {
      const features = p.collection.features.map((f) => ({ ...f, properties: { 市町村コード: '172022', ...f.properties } }));
      const columns = ['経度', '緯度', ...Object.keys(features[0]!.properties).reverse()];
      const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(toGsiCsv(features, columns))]);
      const fromCsv = parse('x.csv', bytes);
      expect(fromCsv.rejected).toEqual([]);
      expect(fromCsv.notices).toEqual([]);
      expect(shelters(fromCsv).map(withoutFile)).toEqual(shelters(p.result).map(withoutFile));
    }
  });
});

describe('gsiSheltersImporter row rejections', () => {
  const geojson = (collection: FeatureCollection) => utf8(JSON.stringify(collection));
  const only = (parsed: ParsedFile) => {
    expect(parsed.rejected).toHaveLength(1);
    expect(renderedEverywhere(parsed.rejected[0]!)).toBe(true);
    return parsed.rejected[0]!;
  };

  it('rejects a feature without 共通ID, or with a malformed one, and keeps the others', () => {
    const c = smallCollection('evacuation');
    c.features[1]!.properties['共通ID'] = '';
    const missing = parse('a.json', geojson(c));
    expect(only(missing)).toMatchObject({ code: 'GSI_COMMON_ID_MISSING', row: 2, field: '共通ID' });
    expect(missing.items.map((i) => i.row)).toEqual([1, 3]);

    c.features[1]!.properties['共通ID'] = 'E17202000021';
    expect(only(parse('a.json', geojson(c)))).toMatchObject({ code: 'GSI_COMMON_ID_MALFORMED', row: 2, field: '共通ID', params: { value: 'E17202000021' } });
  });

  it('rejects a 共通ID whose local government code has no valid prefecture', () => {
    const c = smallCollection('evacuation');
    c.features[0]!.properties['共通ID'] = 'E4820200002111';
    expect(only(parse('a.json', geojson(c)))).toMatchObject({ code: 'GSI_COMMON_ID_AREA_INVALID', row: 1, field: '共通ID', params: { code: '48202' } });
  });

  it('rejects a 市町村コード with a wrong check digit, or one that names another municipality', () => {
    const features = smallCollection('evacuation').features.map((f) => ({ ...f, properties: { 市町村コード: '172022', ...f.properties } }));
    features[1]!.properties['市町村コード'] = '172021';
    expect(only(parse('a.csv', utf8(toGsiCsv(features))))).toMatchObject({
      code: 'AREA_CODE_CHECK_DIGIT',
      row: 3,
      field: '市町村コード',
      params: { value: '172021', expected: 2 },
    });
    features[1]!.properties['市町村コード'] = '172031';
    expect(only(parse('a.csv', utf8(toGsiCsv(features))))).toMatchObject({ code: 'GSI_AREA_CODE_MISMATCH', row: 3, field: '市町村コード' });
    // The 5-digit form without check digit is accepted too.
    features[1]!.properties['市町村コード'] = '17202';
    expect(parse('a.csv', utf8(toGsiCsv(features))).rejected).toEqual([]);
  });

  it('checks features against a FeatureCollection name that is a code, and refuses a name with a wrong check digit', () => {
    const c = smallCollection('emergency');
    expect(parse('a.json', geojson({ ...c, name: '170003' })).rejected).toEqual([]);
    const other = parse('a.json', geojson({ ...c, name: '172031' }));
    expect(other.rejected.map((p) => [p.code, p.row, p.field])).toEqual([1, 2, 3].map((row) => ['GSI_AREA_CODE_MISMATCH', row, '共通ID']));
    const bad = parse('a.json', geojson({ ...c, name: '172021' }));
    expect(bad.items).toEqual([]);
    expect(only(bad)).toMatchObject({ code: 'AREA_CODE_CHECK_DIGIT', field: 'name', params: { value: '172021', expected: 2 } });
    expect(only(bad).row).toBeUndefined();
    expect(parse('a.json', geojson({ ...c, name: '七尾市' })).rejected).toEqual([]);
  });

  it('rejects missing, non-numeric, out-of-range, foreign and swapped coordinates, showing the values', () => {
    const cases: [coordinates: unknown, code: string, params: object][] = [
      [[137.0, null], 'SHELTER_COORDINATES_MISSING', { fields: 'geometry.coordinates[1]' }],
      [[137.0, '37.0x'], 'SHELTER_COORDINATE_NOT_NUMERIC', { field: 'geometry.coordinates[1]', value: '"37.0x"' }],
      [[200, 37.04], 'SHELTER_COORDINATES_OUT_OF_RANGE', { lon: '200', lat: '37.04' }],
      [[2.3522, 48.8566], 'SHELTER_COORDINATES_OUTSIDE_JAPAN', { lon: '2.3522', lat: '48.8566' }],
      [[37.040697, 137.046191], 'SHELTER_COORDINATES_SWAPPED', { lon: '37.040697', lat: '137.046191' }],
    ];
    for (const [coordinates, code, params] of cases) {
      const c = smallCollection('evacuation');
      c.features[2]!.geometry = { type: 'Point', coordinates };
      expect(only(parse('a.json', geojson(c)))).toMatchObject({ code, row: 3, params });
    }
    const c = smallCollection('evacuation');
    c.features[0]!.geometry = null;
    expect(only(parse('a.json', geojson(c)))).toMatchObject({ code: 'SHELTER_COORDINATES_MISSING', row: 1, field: 'geometry' });
  });

  it('rejects CSV coordinates that are empty or not numbers, naming the column', () => {
    const text = toGsiCsv(smallCollection('emergency').features);
    const lines = text.split('\r\n');
    const header = lines[0]!.split(',');
    const setCell = (line: string, column: string, value: string) => {
      const cells = line.split(',');
      cells[header.indexOf(column)] = value;
      return cells.join(',');
    };
    const empty = [lines[0], setCell(lines[1]!, '緯度', ''), ...lines.slice(2)].join('\r\n');
    expect(only(parse('a.csv', utf8(empty)))).toMatchObject({ code: 'SHELTER_COORDINATES_MISSING', row: 2, field: '緯度' });
    const word = [lines[0], lines[1], setCell(lines[2]!, '経度', '東経137度'), ...lines.slice(3)].join('\r\n');
    expect(only(parse('a.csv', utf8(word)))).toMatchObject({ code: 'SHELTER_COORDINATE_NOT_NUMERIC', row: 3, field: '経度', params: { value: '東経137度' } });
  });

  it('rejects the later rows of a duplicate 共通ID, naming the first row', () => {
    const c = smallCollection('evacuation', 4);
    c.features[2]!.properties['共通ID'] = c.features[0]!.properties['共通ID']!;
    c.features[3]!.properties['共通ID'] = c.features[0]!.properties['共通ID']!;
    const parsed = parse('a.json', geojson(c));
    expect(parsed.rejected.map((p) => [p.code, p.row, p.field, p.params.firstRow])).toEqual([
      ['SHELTER_DUPLICATE_ID', 3, '共通ID', 1],
      ['SHELTER_DUPLICATE_ID', 4, '共通ID', 1],
    ]);
    expect(parsed.items.map((i) => i.row)).toEqual([1, 2]);
  });

  it('rejects a feature without a name', () => {
    const c = smallCollection('evacuation');
    delete (c.features[1]!.properties as Partial<Properties>)['施設・場所名'];
    expect(only(parse('a.json', geojson(c)))).toMatchObject({ code: 'SHELTER_NAME_MISSING', row: 2, field: '施設・場所名' });
  });

  it('rejects a hazard flag that is neither 1 nor empty', () => {
    const c = smallCollection('emergency');
    c.features[0]!.properties['津波'] = '○';
    expect(only(parse('a.json', geojson(c)))).toMatchObject({ code: 'SHELTER_FLAG_INVALID', row: 1, field: '津波', params: { value: '○' } });
  });

  it('reports several problems of one row together', () => {
    const c = smallCollection('evacuation');
    c.features[0]!.properties['施設・場所名'] = ' ';
    c.features[0]!.geometry = { type: 'Point', coordinates: [0, 0] };
    expect(parse('a.json', geojson(c)).rejected.map((p) => p.code)).toEqual(['SHELTER_NAME_MISSING', 'SHELTER_COORDINATES_OUTSIDE_JAPAN']);
  });
});

describe('gsiSheltersImporter file rejections', () => {
  const refusedWith = (parsed: ParsedFile, code: string) => {
    expect(parsed.items).toEqual([]);
    expect(parsed.rejected).toHaveLength(1);
    const p = parsed.rejected[0]!;
    expect(p.code).toBe(code);
    expect(p.row).toBeUndefined();
    expect(renderedEverywhere(p)).toBe(true);
    return p;
  };

  it('refuses malformed JSON, saying where', () => {
    const text = JSON.stringify(smallCollection('evacuation'), null, 2).replace('"NO": 32921,', '"NO": 32921,,');
    const line = text.slice(0, text.indexOf(',,')).split('\n').length;
    expect(refusedWith(parse('a.json', utf8(text)), 'SHELTER_JSON_SYNTAX').params).toMatchObject({ line, found: ',' });
  });

  it('refuses a truncated file, saying it ends too early', () => {
    const text = JSON.stringify(smallCollection('evacuation'));
    expect(refusedWith(parse('a.json', utf8(text.slice(0, 500))), 'SHELTER_JSON_UNEXPECTED_END').params).toMatchObject({ position: 500 });
  });

  it('refuses JSON that is not a FeatureCollection', () => {
    const feature = smallCollection('evacuation').features[0]!;
    expect(refusedWith(parse('a.json', utf8(JSON.stringify(feature))), 'SHELTER_NOT_FEATURE_COLLECTION').params).toEqual({ type: 'Feature' });
    expect(refusedWith(parse('a.json', utf8('[1,2]')), 'SHELTER_NOT_FEATURE_COLLECTION').params).toEqual({ type: 'array' });
  });

  it('refuses a file with a geometry that is not a Point', () => {
    const c = smallCollection('evacuation');
    c.features[1]!.geometry = { type: 'Polygon', coordinates: [[[137, 37], [137.1, 37], [137, 37.1], [137, 37]]] };
    expect(refusedWith(parse('a.json', utf8(JSON.stringify(c))), 'SHELTER_GEOMETRY_NOT_POINT').params).toEqual({ row: 2, type: 'Polygon' });
  });

  it('refuses unknown properties or columns, listing them, rather than dropping their data', () => {
    const c = smallCollection('emergency');
    c.features[1]!.properties['標高'] = '3.2';
    c.features[2]!.properties['収容人数'] = 300;
    expect(refusedWith(parse('a.json', utf8(JSON.stringify(c))), 'SHELTER_UNKNOWN_COLUMNS').params).toEqual({ columns: '標高, 収容人数' });
    const csv = toGsiCsv(smallCollection('evacuation').features.map((f) => ({ ...f, properties: { ...f.properties, 電話番号: '' } })));
    expect(refusedWith(parse('a.csv', utf8(csv)), 'SHELTER_UNKNOWN_COLUMNS').params).toEqual({ columns: '電話番号' });
  });

  it('refuses a CSV without its required columns', () => {
    const features = smallCollection('emergency').features;
    const columns = Object.keys(features[0]!.properties).filter((c) => c !== '津波');
    expect(refusedWith(parse('a.csv', utf8(toGsiCsv(features, [...columns, '経度']))), 'SHELTER_MISSING_COLUMNS').params).toEqual({ columns: '津波, 緯度' });
  });

  it('refuses columns of neither layout, or of both', () => {
    expect(refusedWith(parse('a.csv', utf8('共通ID,施設・場所名,住所,緯度,経度\n')), 'GSI_LAYOUT_UNKNOWN').params.columns).toBe('共通ID, 施設・場所名, 住所, 緯度, 経度');
    const mixed = smallCollection('emergency');
    mixed.features[0]!.properties['受入対象者'] = '';
    refusedWith(parse('a.json', utf8(JSON.stringify(mixed))), 'GSI_LAYOUT_UNKNOWN');
  });

  it('refuses binary files and undecodable bytes with the shared file codes', () => {
    refusedWith(parse('a.json', new Uint8Array([0x1f, 0x8b, 0x08, 0x00])), 'FILE_BINARY');
    refusedWith(parse('a.csv', new Uint8Array([0x63, 0x61, 0x66, 0xe9])), 'FILE_ENCODING_UNKNOWN');
    refusedWith(parse('a.csv', new Uint8Array()), 'CSV_EMPTY');
  });
});

describe('gsiSheltersImporter properties', () => {
  it('never throws on arbitrary bytes, and refuses them with a problem', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const parsed = parse('garbage.json', bytes);
        expect(parsed.items).toEqual([]);
        expect(parsed.rejected.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on a real file with bytes corrupted, and only ever yields valid shelters', () => {
    const original = utf8(JSON.stringify(smallCollection('emergency', 5)));
    const corruption = fc.array(fc.tuple(fc.nat({ max: original.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(corruption, (changes) => {
        const bytes = Uint8Array.from(original);
        for (const [at, value] of changes) bytes[at] = value;
        const parsed = parse('corrupt.json', bytes);
        for (const item of parsed.items) expect(validate(ShelterSchema, item.draft.data).ok).toBe(true);
        expect(parsed.items.length + new Set(parsed.rejected.map((r) => r.row)).size).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('turns arbitrary valid rows into the expected drafts, from GeoJSON and from CSV alike', () => {
    const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).map((s) => s.trim()).filter((s) => s !== '');
    const optionalText = fc.oneof(fc.constant(''), text, fc.constant('（福祉避難所を兼ねる）'));
    const row = fc.record({
      prefecture: fc.integer({ min: 1, max: 47 }),
      municipality: fc.integer({ min: 0, max: 999 }),
      serial: fc.integer({ min: 0, max: 99_999_999 }),
      name: text,
      address: optionalText,
      lon: fc.double({ min: 122, max: 154, noNaN: true }),
      lat: fc.double({ min: 20, max: 46, noNaN: true }),
      hazards: fc.uniqueArray(fc.constantFrom(...GSI_HAZARD_COLUMNS.map(([, h]) => h))),
      acceptedGroups: optionalText,
      remarks: optionalText,
    });
    const input = fc.record({
      layout: fc.constantFrom('evacuation' as const, 'emergency' as const),
      rows: fc.uniqueArray(row, { minLength: 1, maxLength: 12, selector: (r) => `${r.prefecture}-${r.municipality}-${r.serial}` }),
    });
    fc.assert(
      fc.property(input, ({ layout, rows }) => {
        const features: Feature[] = rows.map((r, i) => {
          const five = `${String(r.prefecture).padStart(2, '0')}${String(r.municipality).padStart(3, '0')}`;
          const properties: Properties = {
            NO: i + 1,
            共通ID: `E${five}${String(r.serial).padStart(8, '0')}`,
            都道府県名及び市町村名: '',
            施設・場所名: r.name,
            住所: r.address,
            ...(layout === 'emergency'
              ? { ...Object.fromEntries(GSI_HAZARD_COLUMNS.map(([c, h]) => [c, r.hazards.includes(h) ? '1' : ''])), 指定避難所との住所同一: '' }
              : { 指定緊急避難場所との住所同一: '', その他市町村長が必要と認める事項: '', 受入対象者: r.acceptedGroups }),
            備考: r.remarks,
          };
          return { type: 'Feature', geometry: { type: 'Point', coordinates: [r.lon, r.lat] }, properties };
        });
        const fromJson = parse('p.json', utf8(JSON.stringify({ type: 'FeatureCollection', features })));
        const fromCsv = parse('p.csv', utf8(toGsiCsv(features)));
        expect(fromJson.rejected).toEqual([]);
        expect(fromCsv.rejected).toEqual([]);
        const drafts = shelters(fromJson);
        expect(shelters(fromCsv).map(withoutFile)).toEqual(drafts.map(withoutFile));
        rows.forEach((r, i) => {
          const d = drafts[i]!;
          const five = features[i]!.properties['共通ID']!.toString().slice(1, 6);
          const welfare = (layout === 'evacuation' && r.acceptedGroups !== '') || r.remarks.includes('福祉避難所');
          const hazards: Hazard[] = layout === 'emergency' ? GSI_HAZARD_COLUMNS.map(([, h]) => h).filter((h) => r.hazards.includes(h)) : [];
          expect(d.id).toBe(features[i]!.properties['共通ID']);
          expect(d.data).toEqual({
            commonId: d.id,
            name: { ja: r.name },
            kinds: [layout === 'evacuation' ? 'designated-shelter' : 'emergency-evacuation-site', ...(welfare ? ['welfare-shelter'] : [])],
            hazards,
            areaCode: `${five}${jpLocalGovernmentCheckDigit(five)}`,
            ...(r.address !== '' ? { address: { text: r.address } } : {}),
            location: { type: 'Point', coordinates: [r.lon, r.lat] },
            openStatus: 'unknown',
            evacueeCounts: [],
            needs: [],
            ...(layout === 'evacuation' && r.acceptedGroups !== '' ? { acceptedGroups: r.acceptedGroups } : {}),
            ...(r.remarks !== '' ? { note: r.remarks } : {}),
          });
        });
      }),
      { numRuns: 150 },
    );
  });
});

describe('GSI helpers', () => {
  it('reads the local government code inside a 共通ID without a check digit and adds it', () => {
    expect(areaCodeOfCommonId('E1720200002111')).toEqual({ ok: true, code: '172022', fiveDigits: '17202' });
    expect(areaCodeOfCommonId('E0110000001111')).toEqual({ ok: true, code: '011002', fiveDigits: '01100' });
    expect(areaCodeOfCommonId('E0010000001111')).toEqual({ ok: false, fiveDigits: '00100' });
  });

  it('tells the layouts apart by the columns only one of them has', () => {
    expect(detectGsiLayout(['共通ID', '受入対象者'])).toBe('evacuation');
    expect(detectGsiLayout(['共通ID', '津波'])).toBe('emergency');
    expect(detectGsiLayout(['共通ID'])).toBeUndefined();
    expect(detectGsiLayout(['受入対象者', '津波'])).toBeUndefined();
  });

  it('splits the prefecture from the municipality for every kind of prefecture name', () => {
    expect(splitPrefecture('石川県七尾市')).toEqual({ prefecture: '石川県', municipality: '七尾市' });
    expect(splitPrefecture('神奈川県横浜市')).toEqual({ prefecture: '神奈川県', municipality: '横浜市' });
    expect(splitPrefecture('東京都千代田区')).toEqual({ prefecture: '東京都', municipality: '千代田区' });
    expect(splitPrefecture('北海道札幌市')).toEqual({ prefecture: '北海道', municipality: '札幌市' });
    expect(splitPrefecture('京都府京都市')).toEqual({ prefecture: '京都府', municipality: '京都市' });
    expect(splitPrefecture('石川県')).toEqual({ prefecture: '石川県' });
    expect(splitPrefecture('')).toBeUndefined();
  });
});
