import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AlertSchema, validate, type Alert, type AnyRecord, type RecordOf } from '../../model/index.ts';
import { sharedDataPath } from '../../../test/support/shared-data.ts';
import { foldTelegram, parseJmaFile } from './jma-importer.ts';

const ctx = { sourceNode: 'jp-170003-ishikawa-pref', now: '2026-12-06T00:00:00Z' };
const jmaDir = sharedDataPath('jma');
const read = (f: string) => new Uint8Array(readFileSync(`${jmaDir}/${f}`));
const alertOf = (f: string) => parseJmaFile(f, read(f), ctx).items[0]!.draft as RecordOf<'alert'> & { version?: number };
const stored = (d: ReturnType<typeof alertOf>, version = 1): AnyRecord => ({ ...d, version, recordedAt: ctx.now });

/** A minimal telegram in JMA's layout, for the cases no published sample shows. */
function telegram(title: string, status = '通常', infoType = '発表', serial = '1'): Uint8Array {
  return new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>
<Report xmlns="http://xml.kishou.go.jp/jmaxml1/"><Control><Title>${title}</Title><DateTime>2024-01-01T07:10:00Z</DateTime>
<Status>${status}</Status><EditorialOffice>気象庁本庁</EditorialOffice><PublishingOffice>気象庁</PublishingOffice></Control>
<Head xmlns="http://xml.kishou.go.jp/jmaxml1/informationBasis1/"><Title>${title}</Title><ReportDateTime>2024-01-01T16:10:00+09:00</ReportDateTime>
<TargetDateTime>2024-01-01T16:10:00+09:00</TargetDateTime><EventID>20240101161010</EventID><InfoType>${infoType}</InfoType><Serial>${serial}</Serial>
<InfoKind>地震情報</InfoKind><InfoKindVersion>1.0_0</InfoKindVersion><Headline><Text/></Headline></Head>
<Body xmlns="http://xml.kishou.go.jp/jmaxml1/body/seismology1/"><Intensity><Observation><CodeDefine><Type xpath="Pref/Code">地震情報／都道府県等</Type><Type xpath="Pref/Area/Code">地震情報／細分区域</Type></CodeDefine><MaxInt>7</MaxInt><Pref><Name>石川県</Name><Code>17</Code><MaxInt>7</MaxInt>
<Area><Name>石川県能登</Name><Code>390</Code><MaxInt>7</MaxInt></Area></Pref></Observation></Intensity></Body></Report>`);
}

describe('JMA import', () => {
  it('reads every published sample telegram into an alert the model accepts', () => {
    const files = readdirSync(jmaDir).filter((f) => f.endsWith('.xml'));
    expect(files.length).toBe(80);
    for (const f of files) {
      const parsed = parseJmaFile(f, read(f), ctx);
      expect(parsed.rejected, f).toEqual([]);
      const check = validate(AlertSchema, parsed.items[0]!.draft.data);
      expect(check.ok ? [] : check.problems, f).toEqual([]);
    }
  });

  it('maps 市町村等 codes to local-government codes with their check digit and keeps the intensities by municipality', () => {
    const a = alertOf('32-35_01_03_240613_VXSE53.xml').data;
    expect(a.status).toBe('exercise');
    const nishiizu = a.jma!.intensities.find((i) => i.code === '2230600');
    expect(nishiizu).toEqual({ code: '2230600', name: '西伊豆町', maxIntensity: '5-', areaCode: '223069' });
    expect(a.areaCodes).toContain('223069');
  });

  it('maps a 津波予報区 to the municipalities on its coast, and keeps the grade and expected arrival', () => {
    const a = alertOf('32-39_11_02_250206_VTSE41.xml').data;
    expect(a.kinds).toContain('major-tsunami-warning');
    const miyagi = a.jma!.tsunami.find((t) => t.code === '220')!;
    expect(miyagi).toMatchObject({ name: '宮城県', grade: '大津波警報：発表', expectedArrival: '2011-03-11T06:00:00.000Z', expectedHeight: '巨大' });
    const area = a.areas.find((x) => x.code === '220')!;
    expect(area.areaCodes).toContain('042021'); // 石巻市
    // 仙台市, which JMA splits into 東部 (on the coast) and 西部: the city and the wards of 東部, not 泉区 (all 西部).
    expect(area.areaCodes).toEqual(expect.arrayContaining(['041009', '041017', '041025', '041033', '041041']));
    expect(area.areaCodes).not.toContain('041050');
  });

  it('maps a warning for a part of a split city (静岡市南部) to the city and the wards in that part', () => {
    const doc = new TextDecoder().decode(telegram('気象警報・注意報（Ｈ２７）')).replace(
      /<Body [\s\S]*<\/Body>/,
      `<Body xmlns="http://xml.kishou.go.jp/jmaxml1/body/meteorology1/"><Warning type="気象警報・注意報（市町村等）"><Item><Kind><Name>大雨警報</Name><Code>03</Code><Status>発表</Status></Kind>
<Area><Name>静岡市南部</Name><Code>2210001</Code></Area></Item><Item><Kind><Name>大雨注意報</Name><Code>10</Code><Status>発表</Status></Kind>
<Area><Name>浜松市北部</Name><Code>2213002</Code></Area></Item></Warning></Body>`,
    );
    const parsed = parseJmaFile('w.xml', new TextEncoder().encode(doc), ctx);
    expect(parsed.rejected).toEqual([]);
    const a = parsed.items[0]!.draft.data as Alert;
    expect(a.areas.find((x) => x.code === '2210001')!.areaCodes).toEqual(['221007', '221015', '221023', '221031']);
    expect(a.areas.find((x) => x.code === '2213002')!.areaCodes).toEqual(['221309', '221406']);
    expect(parsed.notices).toEqual([]);
  });

  it('covers only the areas where a weather warning is in force, at the most detailed level given', () => {
    const a = alertOf('17_01_01_190529_VXWW50.xml').data;
    const kitakyushu = a.jma!.warnings.find((w) => w.code === '4010000')!;
    expect(kitakyushu.warnings[0]).toMatchObject({ name: '警戒', status: '継続' });
    expect(a.areaCodes).toContain('401005'); // 北九州市
    expect(a.areaCodes).not.toContain('401307'); // 福岡市: 解除
  });

  it('keeps 訓練 and 試験 apart from real alerts: each status has its own records', () => {
    const real = parseJmaFile('a.xml', telegram('震度速報'), ctx).items[0]!.draft;
    const drill = parseJmaFile('b.xml', telegram('震度速報', '訓練'), ctx).items[0]!.draft;
    const test = parseJmaFile('c.xml', telegram('震度速報', '試験'), ctx).items[0]!.draft;
    expect(new Set([real.id, drill.id, test.id]).size).toBe(3);
    expect([real, drill, test].map((d) => (d.data as Alert).status)).toEqual(['actual', 'exercise', 'test']);
  });

  it('maps the seismic sub-areas of Ishikawa to their municipalities (石川県能登 → 七尾市, 輪島市, 珠洲市, 志賀町 …)', () => {
    const a = parseJmaFile('noto.xml', telegram('震度速報'), ctx).items[0]!.draft.data as Alert;
    expect(a.areaCodes).toEqual(expect.arrayContaining(['172022', '172049', '172057', '173843']));
    expect(a.severity).toBe('extreme');
  });

  it('never lets an older Serial replace a newer one, lets a 訂正 replace the same Serial, and marks a 取消 cancelled', () => {
    const s3 = alertOf('32-35_06_05_240613_VXSE53.xml');
    const s2 = alertOf('32-35_06_04_240613_VXSE53.xml');
    expect(s2.id).toBe(s3.id);
    const kept = foldTelegram(s2)(stored(s3));
    expect((kept.data as Alert).jma!.serial).toBe(3);
    const cancel = alertOf('32-35_06_06_100915_VXSE53.xml');
    expect(cancel.id).toBe(s3.id);
    const cancelled = foldTelegram(cancel)(stored(s3)).data as Alert;
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.jma!.intensities.length).toBeGreaterThan(0);
    const correction = parseJmaFile('t.xml', telegram('震度速報', '通常', '訂正', '1'), ctx).items[0]!.draft as RecordOf<'alert'>;
    const first = parseJmaFile('f.xml', telegram('震度速報'), ctx).items[0]!.draft as RecordOf<'alert'>;
    expect((foldTelegram(correction)(stored(first)).data as Alert).messageType).toBe('update');
  });

  it('refuses a telegram kind it does not read by name, not by crashing', () => {
    const parsed = parseJmaFile('chart.xml', telegram('地上実況図'), ctx);
    expect(parsed.rejected).toEqual([{ file: 'chart.xml', code: 'JMA_KIND_UNSUPPORTED', params: { kind: 'VZSA50', title: '地上実況図' } }]);
    const unknown = parseJmaFile('x.xml', telegram('未知の情報'), ctx);
    expect(unknown.rejected[0]).toMatchObject({ code: 'JMA_KIND_UNSUPPORTED', params: { kind: '', title: '未知の情報' } });
  });

  it('refuses an unknown status by the schema, at its line and path, and a non-numeric Serial (a string to the schema) by field', () => {
    expect(parseJmaFile('s.xml', telegram('震度速報', '不明'), ctx).rejected).toEqual([
      { file: 's.xml', code: 'XSD_INVALID_VALUE', params: { element: 'Status', value: '不明', type: 'enum.UNION.type.control.Status', line: 3, path: '/Report/Control/Status' } },
    ]);
    expect(parseJmaFile('n.xml', telegram('震度速報', '通常', '発表', 'x'), ctx).rejected[0]).toMatchObject({ code: 'JMA_FIELD_INVALID', params: { field: 'Head/Serial' } });
  });

  it('never throws on arbitrary input, including arbitrary text in a telegram', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string().map((s) => telegram(s)), fc.string().map((s) => new TextEncoder().encode(`<Report>${s}</Report>`))), (bytes) => {
        const parsed = parseJmaFile('x.xml', bytes, ctx);
        expect(parsed.items.length + parsed.rejected.length).toBe(1);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the Noto 2024 reconstructions in examples/alerts', () => {
  const example = (f: string) => new Uint8Array(readFileSync(new URL(`../../../examples/alerts/${f}`, import.meta.url)));

  it('import as exercise alerts with 志賀町 and 輪島市 at intensity 7', () => {
    const parsed = parseJmaFile('vxse53.xml', example('noto-2024-01-01-VXSE53.reconstruction.xml'), ctx);
    expect(parsed.rejected).toEqual([]);
    const a = parsed.items[0]!.draft.data as Alert;
    expect(a.status).toBe('exercise');
    const seven = a.jma!.intensities.filter((i) => i.maxIntensity === '7').map((i) => [i.name, i.areaCode]);
    expect(seven).toEqual([['志賀町', '173843'], ['輪島市', '172049']]);
    expect(a.jma!.hypocentre?.position).toEqual([137.3, 37.5]);
  });

  it('put the major tsunami warning on the Noto coast municipalities', () => {
    const a = parseJmaFile('vtse41.xml', example('noto-2024-01-01-VTSE41.reconstruction.xml'), ctx).items[0]!.draft.data as Alert;
    expect(a.kinds).toEqual(expect.arrayContaining(['major-tsunami-warning', 'tsunami-warning']));
    const noto = a.areas.find((x) => x.code === '360')!;
    expect(noto.areaCodes).toEqual(['172022', '172049', '172057', '172073', '173843', '173860', '174611', '174637']);
    expect(a.jma!.tsunami.find((t) => t.code === '360')).toMatchObject({ grade: '大津波警報', expectedArrival: 'ただちに津波来襲と予測', expectedHeight: '巨大' });
  });
});
