// The import pipeline against both storage backends, on the real GSI and Nanao files: exactly one record per
// feature, idempotent re-imports, new versions for changed rows, and nothing written when a file is refused.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyImport, type InputFile } from '../../src/adapters/apply-import.ts';
import { gsiSheltersImporter } from '../../src/adapters/gsi-shelters.ts';
import { nanaoOpenSheltersImporter } from '../../src/adapters/nanao-open-shelters.ts';
import { createPersonCsvImporter, parsePersonMapping } from '../../src/adapters/person-csv.ts';
import type { Store } from '../../src/store/types.ts';
import { encodeShiftJis } from '../support/japanese-encoders.ts';
import { sharedDataPath } from '../support/shared-data.ts';
import { backends, openTestStore } from '../store/support/backends.ts';

const ctx = { sourceNode: 'jp-170003-ishikawa-pref', now: '2026-11-22T00:00:00Z' };

function gsiFiles(): InputFile[] {
  const root = sharedDataPath('gsi-shelters', 'ishikawa');
  return ['evacuation', 'emergency'].flatMap((kind) =>
    readdirSync(path.join(root, kind))
      .sort()
      .map((f) => ({ name: `${kind}-${f}`, bytes: new Uint8Array(readFileSync(path.join(root, kind, f))) })),
  );
}

function nanaoFiles(): InputFile[] {
  const dir = sharedDataPath('noto-2024-nanao');
  return readdirSync(dir)
    .filter((f) => f.startsWith('open_shelter_'))
    .sort()
    .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(path.join(dir, f))) }));
}

function commonIds(files: InputFile[]): string[] {
  return files.flatMap((f) =>
    (JSON.parse(new TextDecoder().decode(f.bytes)) as { features: { properties: Record<string, string> }[] }).features.map(
      (x) => x.properties['共通ID']!,
    ),
  );
}

/** A file in GSI's exact layout for another prefecture (Tokyo, Chiyoda 131016), as GSI publishes it. */
function tokyoGeoJson(): InputFile {
  const feature = (no: number, id: string, name: string, lon: number, lat: number) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [lon, lat] },
    properties: {
      NO: no, 共通ID: id, 都道府県名及び市町村名: '東京都千代田区', '施設・場所名': name, 住所: `東京都千代田区${name}`,
      指定緊急避難場所との住所同一: '1', その他市町村長が必要と認める事項: '', 受入対象者: '', 備考: '',
    },
  });
  const fc = {
    type: 'FeatureCollection',
    name: '131016',
    features: [feature(1, 'E1310100001111', '千代田小学校', 139.7596, 35.6957), feature(2, 'E1310100002111', '麹町中学校', 139.7371, 35.6833)],
  };
  return { name: '131016.json', bytes: new TextEncoder().encode(JSON.stringify(fc, null, 2)) };
}

describe.each(backends())('import pipeline on $name', (backend) => {
  let store: Store;
  const skip = backend.skipReason !== undefined && !backend.requiredButMissing;

  beforeAll(async () => {
    if (backend.requiredButMissing) throw new Error(`${backend.name} is required in CI: ${backend.skipReason}`);
    if (!skip) store = await openTestStore(backend);
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  it.skipIf(skip)('imports every Ishikawa GSI feature as exactly one shelter with its common ID, then finds nothing to change', async () => {
    const files = gsiFiles();
    const ids = commonIds(files);
    const first = await applyImport(store, gsiSheltersImporter, files, ctx);
    expect(first).toMatchObject({ applied: true, rowsRead: ids.length, created: ids.length, updated: 0, unchanged: 0, rejected: [] });
    expect(await store.count({ type: 'shelter' })).toBe(ids.length);
    const stored = await store.getMany('shelter', ids);
    expect(stored.size).toBe(ids.length);
    for (const id of ids.slice(0, 50)) expect(stored.get(id)!.data.commonId).toBe(id);

    const second = await applyImport(store, gsiSheltersImporter, files, ctx);
    expect(second).toMatchObject({ applied: true, created: 0, updated: 0, unchanged: ids.length });
    expect(await store.history('shelter', ids[0]!)).toHaveLength(1);
  });

  it.skipIf(skip)('gives a changed row a new version and keeps the previous one', async () => {
    const file = gsiFiles().find((f) => f.name === 'evacuation-172022.json')!;
    const fc = JSON.parse(new TextDecoder().decode(file.bytes));
    const id: string = fc.features[0].properties['共通ID'];
    const before = await store.get('shelter', id);
    fc.features[0].properties['施設・場所名'] = '北大呑地区コミュニティセンター（改修後）';
    const changed = { name: file.name, bytes: new TextEncoder().encode(JSON.stringify(fc)) };
    const summary = await applyImport(store, gsiSheltersImporter, [changed], ctx);
    expect(summary).toMatchObject({ updated: 1, unchanged: fc.features.length - 1, created: 0 });
    const history = await store.history('shelter', id);
    expect(history.map((r) => r.version)).toEqual([1, 2]);
    expect(history[0]!.data.name.ja).toBe(before!.data.name.ja);
    expect(history[1]!.data.name.ja).toBe('北大呑地区コミュニティセンター（改修後）');
  });

  it.skipIf(skip)('writes nothing when any row is rejected, and only the valid rows with partial', async () => {
    const good = tokyoGeoJson();
    const fc = JSON.parse(new TextDecoder().decode(good.bytes));
    fc.features[1].geometry.coordinates = [139.7371, 95.5];
    const bad = { name: '131016-bad.json', bytes: new TextEncoder().encode(JSON.stringify(fc)) };
    const countBefore = await store.count({ type: 'shelter' });

    const refused = await applyImport(store, gsiSheltersImporter, [bad], ctx);
    expect(refused.applied).toBe(false);
    expect(refused.rejected).toEqual([expect.objectContaining({ file: '131016-bad.json', row: 2 })]);
    expect(await store.count({ type: 'shelter' })).toBe(countBefore);
    expect(await store.get('shelter', 'E1310100001111')).toBeUndefined();

    const partial = await applyImport(store, gsiSheltersImporter, [bad], ctx, { partial: true });
    expect(partial).toMatchObject({ applied: true, created: 1 });
    expect(await store.get('shelter', 'E1310100002111')).toBeUndefined();
  });

  it.skipIf(skip)("imports another prefecture's GSI file unchanged, and the same data as Shift_JIS CSV gives the same records", async () => {
    const summary = await applyImport(store, gsiSheltersImporter, [tokyoGeoJson()], ctx);
    expect(summary).toMatchObject({ applied: true, rejected: [] });
    const tokyo = await store.get('shelter', 'E1310100002111');
    expect(tokyo?.data).toMatchObject({ areaCode: '131016', name: { ja: '麹町中学校' }, location: { coordinates: [139.7371, 35.6833] } });
    const header = 'NO,共通ID,都道府県名及び市町村名,施設・場所名,住所,指定緊急避難場所との住所同一,その他市町村長が必要と認める事項,受入対象者,備考,緯度,経度';
    const rows = [
      '1,E1310100001111,東京都千代田区,千代田小学校,東京都千代田区千代田小学校,1,,,,35.6957,139.7596',
      '2,E1310100002111,東京都千代田区,麹町中学校,東京都千代田区麹町中学校,1,,,,35.6833,139.7371',
    ];
    const csv = { name: 'mergeFromCity_2.csv', bytes: encodeShiftJis(`${header}\r\n${rows.join('\r\n')}\r\n`) };
    const again = await applyImport(store, gsiSheltersImporter, [csv], ctx);
    expect(again).toMatchObject({ applied: true, unchanged: 2, created: 0, updated: 0 });
    expect(again.notices).toEqual([expect.objectContaining({ code: 'FILE_ENCODING_CONVERTED' })]);
  });

  it.skipIf(skip)("turns Nanao's ten snapshots into one evacuee-count series per shelter, idempotently", async () => {
    const files = nanaoFiles();
    const first = await applyImport(store, nanaoOpenSheltersImporter, files, ctx);
    expect(first).toMatchObject({ applied: true, rejected: [], created: 31 });
    const misogi = await store.get('shelter', '172022-CC0000000504');
    expect(misogi!.data.evacueeCounts.slice(0, 2)).toEqual([
      expect.objectContaining({ observedAt: '2024-01-09T18:00:00+09:00', count: 130 }),
      expect.objectContaining({ observedAt: '2024-01-11T18:00:00+09:00', count: 123 }),
    ]);
    expect(misogi!.data.evacueeCounts).toHaveLength(10);
    const adHoc = await store.get('shelter', '172022-NEW001');
    expect(adHoc!.data.kinds).toEqual(['ad-hoc-shelter']);
    const second = await applyImport(store, nanaoOpenSheltersImporter, files, ctx);
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 31 });
    // A snapshot imported on its own later adds nothing new either: its counts are already in every series.
    const one = await applyImport(store, nanaoOpenSheltersImporter, [files[3]!], ctx);
    expect(one.updated).toBe(0);
  });

  it.skipIf(skip)('imports the example persons list through its column mapping', async () => {
    const dir = path.resolve(import.meta.dirname, '..', '..', 'examples', 'persons');
    const mappingFile = readdirSync(dir).find((f) => f.startsWith('nanao') && f.endsWith('.mapping.json'))!;
    const csvFile = readdirSync(dir).find((f) => f.startsWith('nanao') && f.endsWith('.csv'))!;
    const mapping = parsePersonMapping(new Uint8Array(readFileSync(path.join(dir, mappingFile))), mappingFile);
    if (!mapping.ok) throw new Error(JSON.stringify(mapping.problems));
    const summary = await applyImport(store, createPersonCsvImporter(mapping.mapping), [
      { name: csvFile, bytes: new Uint8Array(readFileSync(path.join(dir, csvFile))) },
    ], ctx);
    expect(summary.rejected).toEqual([]);
    expect(summary.created).toBeGreaterThan(0);
    const persons = await store.query({ type: 'person', areas: ['172022' as never] });
    expect(persons.length).toBe(summary.created);
    expect(persons.every((p) => p.quality.level === 'synthetic')).toBe(true);
  });
});
