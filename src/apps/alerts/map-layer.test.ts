import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jmaImporter } from '../../adapters/jma/jma-importer.ts';
import { alertSeverities, codesOf, type Alert } from '../../model/index.ts';
import { alertMapPlaces, intensityRank, tsunamiGradeRank } from './map-layer.ts';
import { municipalityPoints } from '../../model/index.ts';
import { municipalityBoundaries } from './boundaries.ts';

function telegram(name: string): { id: string; data: Alert } {
  const parsed = jmaImporter.parse(name, new Uint8Array(readFileSync(new URL(`../../../examples/alerts/${name}`, import.meta.url))), { sourceNode: 'test', now: new Date().toISOString() });
  const draft = parsed.items[0]!.draft;
  return { id: draft.id, data: draft.data as Alert };
}
const VXSE53 = telegram('noto-2024-01-01-VXSE53.reconstruction.xml');
const VTSE41 = telegram('noto-2024-01-01-VTSE41.reconstruction.xml');

function alert(over: Partial<Alert>): Alert {
  return {
    format: 'cap', identifier: 'x', sender: 's', sent: '2024-01-01T07:22:00Z', status: 'actual', messageType: 'alert', references: [],
    state: 'in-force', kinds: ['cap-met'], severity: 'moderate', urgency: 'expected', certainty: 'likely',
    areaCodes: [], areas: [], polygons: [], circles: [], signature: { state: 'unsigned' }, ...over,
  };
}

describe('the alert layer of the map', () => {
  it("draws the Noto report's intensities and the major tsunami warning as Nanao's and Wajima's areas, labelled at their points", () => {
    const places = alertMapPlaces([VXSE53, VTSE41], municipalityPoints, municipalityBoundaries);
    const wajima = places.find((p) => p.code === '172049')!;
    expect(wajima).toMatchObject({ names: expect.arrayContaining(['輪島市']), maxIntensity: '7', severity: 'extreme', tsunami: { grade: '大津波警報', name: '石川県能登' } });
    expect(wajima.at).toEqual(municipalityPoints.get('172049')!.at);
    expect(wajima.area).toEqual({ prefecture: '17' });
    expect(wajima.alerts.map((a) => a.id).sort()).toEqual([VXSE53.id, VTSE41.id].sort());
    expect(places.find((p) => p.code === '172022')).toMatchObject({ maxIntensity: '6+', tsunami: { grade: '大津波警報' } });
    // Coasts of other prefectures have no representative point: drawn as their areas, labelled at the area's own point.
    const toyama = places.find((p) => p.code === '162019')!;
    expect(toyama).toMatchObject({ area: { prefecture: '16' }, at: municipalityBoundaries.get('162019')!.label, names: expect.arrayContaining(['富山市']) });
    expect(toyama.tsunami?.grade).toBe('津波警報');
    // Every municipality the two telegrams name has an area, in the six prefectures they reach (Yamagata to Hyogo).
    expect(places.filter((p) => p.area === undefined).map((p) => p.code)).toEqual([]);
    expect([...new Set(places.map((p) => p.area!.prefecture))].sort()).toEqual(['06', '15', '16', '17', '18', '28']);
  });

  it('gives an alert for Iwate its areas, each labelled inside Iwate, with its name from the code table', () => {
    const iwate = alert({ severity: 'severe', kinds: ['cap-met'], areaCodes: ['032026', '032018', '030007'] as Alert['areaCodes'] });
    const places = alertMapPlaces([{ id: 'iwate', data: iwate }], municipalityPoints, municipalityBoundaries);
    expect(places.map((p) => p.code).sort()).toEqual(['030007', '032018', '032026']);
    for (const p of places) {
      expect(p.area).toEqual({ prefecture: '03' });
      const [lon, lat] = p.at!;
      expect(lon).toBeGreaterThan(140.6);
      expect(lon).toBeLessThan(142.1);
      expect(lat).toBeGreaterThan(38.7);
      expect(lat).toBeLessThan(40.5);
    }
    expect(places.find((p) => p.code === '032026')).toMatchObject({ names: ['宮古市'], label: { ja: '宮古市' }, severity: 'severe' });
    expect(places.find((p) => p.code === '030007')?.names[0]).toBe('岩手県');
  });

  it('labels a municipality without a boundary at its point when it has one, and otherwise lists it by name with nothing to draw', () => {
    // 浜松市中央区 (2024) is newer than the boundaries' source: a known gap.
    const gap = municipalityBoundaries.gaps.find((g) => g.code === '221384')!;
    expect(gap.reason).toMatch(/2024-01-01/);
    const hamamatsu = alert({ areaCodes: ['221384', '221309'] as Alert['areaCodes'] });
    const bare = alertMapPlaces([{ id: 'h', data: hamamatsu }], municipalityPoints, municipalityBoundaries);
    const chuo = bare.find((p) => p.code === '221384')!;
    expect(chuo.area).toBeUndefined();
    expect(chuo.at).toBeUndefined();
    expect(chuo.label?.ja).toBe('浜松市中央区');
    // The city as a whole is the union of its wards, drawn.
    expect(bare.find((p) => p.code === '221309')).toMatchObject({ area: { prefecture: '22' }, names: ['浜松市'] });

    const withPoint = new Map([...municipalityPoints, ['221384', { name: '浜松市中央区', at: [137.73, 34.71] as [number, number] }]]);
    const pointed = alertMapPlaces([{ id: 'h', data: hamamatsu }], withPoint, municipalityBoundaries).find((p) => p.code === '221384')!;
    expect(pointed).toMatchObject({ at: [137.73, 34.71], names: ['浜松市中央区'] });
    expect(pointed.area).toBeUndefined();
  });

  it('keeps, per municipality, the most severe severity, the highest intensity and every kind of the alerts naming it', () => {
    const arb = fc.array(
      fc.record({ severity: fc.constantFrom(...codesOf(alertSeverities)), kind: fc.constantFrom('cap-met', 'cap-geo', 'landslide-alert'), inNanao: fc.boolean() }),
      { minLength: 1, maxLength: 12 },
    );
    const rank = ['unknown', 'minor', 'moderate', 'severe', 'extreme'];
    fc.assert(
      fc.property(arb, (specs) => {
        const records = specs.map((s, i) => ({ id: `a${i}`, data: alert({ severity: s.severity, kinds: [s.kind], areaCodes: [s.inNanao ? '172022' : '172049'] as Alert['areaCodes'] }) }));
        const places = alertMapPlaces(records, municipalityPoints, municipalityBoundaries);
        for (const place of places) {
          const naming = specs.filter((s) => (s.inNanao ? '172022' : '172049') === place.code);
          expect(place.alerts).toHaveLength(naming.length);
          expect(rank.indexOf(place.severity)).toBe(Math.max(...naming.map((s) => rank.indexOf(s.severity))));
          expect(new Set(place.kinds)).toEqual(new Set(naming.map((s) => s.kind)));
        }
        // Most severe first.
        for (let i = 1; i < places.length; i++) expect(rank.indexOf(places[i - 1]!.severity)).toBeGreaterThanOrEqual(rank.indexOf(places[i]!.severity));
      }),
    );
  });

  it("orders JMA's intensity classes and tsunami grades as JMA ranks them", () => {
    expect(['7', '5-', '6+', '1', '5+', '4'].sort((a, b) => intensityRank(a) - intensityRank(b))).toEqual(['1', '4', '5-', '5+', '6+', '7']);
    expect(intensityRank('5弱以上未入電')).toBeLessThan(intensityRank('1'));
    expect(['津波注意報', '大津波警報', '津波予報（若干の海面変動）', '津波警報'].sort((a, b) => tsunamiGradeRank(b) - tsunamiGradeRank(a))).toEqual([
      '大津波警報', '津波警報', '津波注意報', '津波予報（若干の海面変動）',
    ]);
  });
});

describe('the municipality points table', () => {
  /** The shelter whose summed distance (equirectangular, local scale) to the municipality's other shelters is least. */
  function medoid(points: [number, number][]): [number, number] {
    const d = (a: [number, number], b: [number, number]) => Math.hypot((b[0] - a[0]) * Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180), b[1] - a[1]);
    let best = points[0]!;
    let bestSum = Infinity;
    for (const p of points) {
      const sum = points.reduce((s, q) => s + d(p, q), 0);
      if (sum < bestSum) [best, bestSum] = [p, sum];
    }
    return best;
  }

  it('holds, for every municipality of Ishikawa, the medoid of its GSI evacuation shelters as bundled', () => {
    const dir = new URL('../../../data/gsi-shelters/ishikawa/evacuation/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(19);
    for (const file of files) {
      const fc = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as { features: { geometry: { type: string; coordinates: [number, number] } | null }[] };
      const points = fc.features.flatMap((f) => (f.geometry?.type === 'Point' ? [f.geometry.coordinates] : []));
      expect(municipalityPoints.get(file.replace('.json', ''))?.at).toEqual(medoid(points));
    }
    expect(municipalityPoints.size).toBe(19);
  });
});
