// The bundled Noto trunk-road network: every record is a valid road-segment record with its sources stated, the
// network is one piece when every road is open, and the reconstructed closures of January 2024 cut what they cut —
// Wajima, Suzu and Anamizu reachable only over restricted roads (no large trucks), Machino not at all.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRoadGraph, networkParts, travelTimesFrom, distanceKm } from '../../src/apps/logistics/road-network.ts';
import { bundledDataDir } from '../../src/demo/federation.ts';
import { NOTO_ROADS_FILE, parseNotoRoads, type NotoRoadsFile } from '../../src/demo/noto-roads.ts';
import { RecordEnvelopeSchemas, recordRuleProblems, validate, type RecordDraft, type VehicleClass } from '../../src/model/index.ts';

const text = readFileSync(path.join(bundledDataDir, 'logistics', NOTO_ROADS_FILE), 'utf8');
const raw = JSON.parse(text) as { records: RecordDraft<'road-segment'>[]; sources: Record<string, { cite: string; url?: string }> };

function parsed(): NotoRoadsFile {
  const r = parseNotoRoads(text);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

const asRecords = (drafts: readonly RecordDraft<'road-segment'>[]) => drafts.map((d) => ({ id: d.id, data: d.data }));
const allOpen = (drafts: readonly RecordDraft<'road-segment'>[]) =>
  drafts.map((d) => {
    const { allowedVehicleClasses: _a, ...data } = d.data;
    return { ...d, data: { ...data, status: 'open' as const } };
  });

/** Minutes from Kanazawa to a node for a vehicle class over these segments; Infinity when no road leads there. */
function minutesFromKanazawa(drafts: readonly RecordDraft<'road-segment'>[], to: string, vehicleClass: VehicleClass): number {
  const graph = buildRoadGraph(asRecords(drafts));
  const times = travelTimesFrom(graph, graph.nodeIndex.get('kanazawa')!, vehicleClass);
  return times.minutes[graph.nodeIndex.get(to)!]!;
}

describe('the Noto trunk-road file', () => {
  it('holds road-segment records that each pass the model’s record schema and rules', () => {
    expect(raw.records.length).toBeGreaterThan(30);
    for (const record of raw.records) {
      const checked = validate(RecordEnvelopeSchemas['road-segment'], { ...record, version: 1, recordedAt: '2024-01-05T12:00:00+09:00' });
      expect(checked.ok ? [] : checked.problems).toEqual([]);
      expect(recordRuleProblems(record)).toEqual([]);
    }
    expect(parsed().records).toHaveLength(raw.records.length);
  });

  it('names the trunk routes of the peninsula and links the towns the demo serves', () => {
    const names = raw.records.map((r) => r.data.name?.ja ?? '').join('\n');
    for (const route of ['国道249号', '国道8号', '国道159号', '国道160号', '国道470号', 'のと里山海道', '能越自動車道', '県道1号', '珠洲道路']) expect(names).toContain(route);
    const nodes = new Set(raw.records.flatMap((r) => [r.data.from.id, r.data.to.id]));
    for (const town of ['kanazawa', 'nanao', 'wajima', 'suzu', 'anamizu', 'ushitsu', 'shika', 'hakui']) expect(nodes).toContain(town);
  });

  it('states the source of every status, cites only listed sources and says the data is simplified and reconstructed', () => {
    const file = parsed();
    const cites = Object.values(file.sources).map((s) => s.cite);
    const used = new Set(file.records.map((r) => r.data.statusSource));
    expect([...used].every((c) => cites.includes(c))).toBe(true);
    expect(cites.every((c) => used.has(c))).toBe(true);
    // A closure or restriction rests on a publication or on the reconstruction, never on "no closure recorded".
    for (const r of file.records.filter((x) => x.data.status !== 'open')) expect(r.data.statusSource).not.toBe(file.sources['no-closure']!.cite);
    expect(file.about.ja).toMatch(/簡略/);
    expect(file.about.ja).toMatch(/再構成/);
    expect(file.about.en).toMatch(/simplified/);
    expect(file.about.en).toMatch(/reconstruct/);
    expect(file.records.every((r) => r.quality.level === 'estimated' && /再構成/.test(r.quality.note ?? '') && /reconstructed/.test(r.quality.note ?? ''))).toBe(true);
    expect(file.records.every((r) => r.sourceNode === 'jp-170003-ishikawa-pref' && r.observedAt === r.data.statusObservedAt)).toBe(true);
  });

  it('lies on the Noto peninsula and its approaches, with each length no shorter than the straight line between its ends', () => {
    for (const r of raw.records) {
      for (const [lon, lat] of r.data.geometry.coordinates) {
        expect(lon).toBeGreaterThan(136.5);
        expect(lon).toBeLessThan(137.4);
        expect(lat).toBeGreaterThan(36.5);
        expect(lat).toBeLessThan(37.6);
      }
      expect(r.data.lengthKm).toBeGreaterThanOrEqual(distanceKm(r.data.from.coordinates, r.data.to.coordinates));
    }
  });
});

describe('the Noto network and its closures', () => {
  it('is one connected network when every road is open', () => {
    const graph = buildRoadGraph(asRecords(allOpen(raw.records)));
    expect(new Set(networkParts(graph)).size).toBe(1);
    expect(minutesFromKanazawa(allOpen(raw.records), 'suzu', 'large-truck')).toBeLessThan(4 * 60);
  });

  it('keeps Kanazawa–Nanao open to every vehicle, the trunk of the relief effort', () => {
    expect(minutesFromKanazawa(raw.records, 'nanao', 'large-truck')).toBeLessThan(120);
  });

  it('leaves Wajima, Suzu and Anamizu reachable only over restricted roads, which large trucks may not use', () => {
    const restrictedClosed = raw.records.map((r) => {
      if (r.data.status !== 'restricted') return r;
      const { allowedVehicleClasses: _a, ...data } = r.data;
      return { ...r, data: { ...data, status: 'closed' as const } };
    });
    for (const town of ['wajima', 'suzu', 'anamizu', 'ushitsu']) {
      expect(minutesFromKanazawa(raw.records, town, 'large-truck')).toBe(Infinity);
      expect(minutesFromKanazawa(raw.records, town, 'medium-truck')).toBeLessThan(Infinity);
      expect(minutesFromKanazawa(restrictedClosed, town, 'medium-truck')).toBe(Infinity);
    }
  });

  it('cuts Machino off by road altogether, both ways along route 249 being closed', () => {
    for (const vehicleClass of ['off-road', 'light-van', 'large-truck'] as const) expect(minutesFromKanazawa(raw.records, 'machino', vehicleClass)).toBe(Infinity);
    expect(minutesFromKanazawa(allOpen(raw.records), 'machino', 'light-van')).toBeLessThan(Infinity);
  });

  it('takes longer to Wajima than with every road open, because the expressway north of Tokuda-Otsu is closed', () => {
    expect(minutesFromKanazawa(raw.records, 'wajima', 'medium-truck')).toBeGreaterThan(minutesFromKanazawa(allOpen(raw.records), 'wajima', 'medium-truck'));
  });
});

describe('reading a road file', () => {
  const withRecord = (i: number, change: (r: RecordDraft<'road-segment'>) => unknown) =>
    JSON.stringify({ ...raw, records: raw.records.map((r, j) => (j === i ? change(structuredClone(r)) : r)) });
  const paths = (t: string) => {
    const r = parseNotoRoads(t);
    return r.ok ? [] : r.problems.map((p) => p.path);
  };

  it('refuses the whole file for one record whose geometry no longer starts at its from node, naming that record', () => {
    fc.assert(
      fc.property(
        fc.nat(raw.records.length - 1),
        fc.double({ min: 0.001, max: 0.5, noNaN: true }),
        (i, shift) => {
          const broken = withRecord(i, (r) => {
            const [lon, lat] = r.data.geometry.coordinates[0]!;
            r.data.geometry.coordinates[0] = [lon + shift, lat];
            return r;
          });
          expect(paths(broken)).toContain(`/records/${i}/data/geometry/coordinates/0`);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('refuses a status citing no listed source, an end node away from its listed position, a repeated id and a restricted road without classes', () => {
    expect(paths(withRecord(0, (r) => ({ ...r, data: { ...r.data, statusSource: '噂' } })))).toEqual(['/records/0/data/statusSource']);
    const moved = withRecord(1, (r) => {
      r.data.from.coordinates = [136.7, 36.7];
      r.data.geometry.coordinates[0] = [136.7, 36.7];
      return r;
    });
    expect(paths(moved)).toEqual(['/records/1/data/from']);
    expect(paths(withRecord(2, (r) => ({ ...r, id: raw.records[0]!.id })))).toEqual(['/records/2/id']);
    const restricted = raw.records.findIndex((r) => r.data.status === 'restricted');
    expect(paths(withRecord(restricted, (r) => {
      delete r.data.allowedVehicleClasses;
      return r;
    }))).toEqual([`/records/${restricted}/data/allowedVehicleClasses`]);
  });

  it('refuses text that is not JSON, a file without records, and a record of another type', () => {
    expect(parseNotoRoads('{"records": [').ok).toBe(false);
    expect(paths(JSON.stringify({ ...raw, records: [] }))).toEqual(['/records']);
    expect(paths(withRecord(0, (r) => ({ ...r, type: 'shelter' })))).toContain('/records/0/type');
  });
});
