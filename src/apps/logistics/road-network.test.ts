import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LonLat, RoadSegment, VehicleClass } from '../../model/index.ts';
import { buildRoadGraph, pathTo, travelTimesFrom, type RoadSegmentRecord } from './road-network.ts';

const at = (i: number): LonLat => [136.9 + i * 0.01, 37.0 + (i % 3) * 0.01];
function segment(id: string, a: number, b: number, km: number, status: RoadSegment['status'] = 'open', allowed?: VehicleClass[]): RoadSegmentRecord {
  return {
    id,
    data: {
      from: { id: `n${a}`, coordinates: at(a) }, to: { id: `n${b}`, coordinates: at(b) },
      geometry: { type: 'LineString', coordinates: [at(a), at(b)] },
      roadClass: 'national', lengthKm: km, speedKmh: 60, status,
      ...(allowed ? { allowedVehicleClasses: allowed } : {}),
      statusObservedAt: '2024-01-05T15:00:00+09:00', statusSource: 'test',
    },
  };
}

describe('road network', () => {
  // n0 —10km— n1 —10km— n2, and a detour n0 —30km— n3 —30km— n2; n4 only by a restricted road from n2.
  const roads = [segment('a', 0, 1, 10), segment('b', 1, 2, 10), segment('c', 0, 3, 30), segment('d', 3, 2, 30), segment('e', 2, 4, 5, 'restricted', ['off-road'])];
  const node = (g: ReturnType<typeof buildRoadGraph>, id: string) => g.nodeIndex.get(id)!;

  it('takes the shortest open road and lists its segments', () => {
    const g = buildRoadGraph(roads);
    const t = travelTimesFrom(g, node(g, 'n0'), 'medium-truck');
    expect(t.minutes[node(g, 'n2')]).toBeCloseTo(20);
    expect(pathTo(g, t, node(g, 'n2'))).toEqual(['a', 'b']);
  });

  it('goes round a closed road, and says so by the longer time', () => {
    const g = buildRoadGraph([...roads.filter((r) => r.id !== 'b'), segment('b', 1, 2, 10, 'closed')]);
    const t = travelTimesFrom(g, node(g, 'n0'), 'medium-truck');
    expect(pathTo(g, t, node(g, 'n2'))).toEqual(['c', 'd']);
    expect(t.minutes[node(g, 'n2')]).toBeCloseTo(60);
    expect(g.closedSegmentIds).toEqual(['b']);
  });

  it('lets through a restricted road only the vehicle classes it names', () => {
    const g = buildRoadGraph(roads);
    expect(pathTo(g, travelTimesFrom(g, node(g, 'n0'), 'medium-truck'), node(g, 'n4'))).toBeUndefined();
    expect(pathTo(g, travelTimesFrom(g, node(g, 'n0'), 'off-road'), node(g, 'n4'))).toEqual(['a', 'b', 'e']);
  });

  it('never routes over a closed road or a restriction that bars the vehicle, and finds the time a full search finds', () => {
    const statuses = fc.constantFrom<RoadSegment['status']>('open', 'open', 'closed', 'restricted');
    const edge = fc.record({ a: fc.nat(7), b: fc.nat(7), km: fc.integer({ min: 1, max: 50 }), status: statuses, allowed: fc.subarray<VehicleClass>(['off-road', 'light-van', 'medium-truck'], { minLength: 1 }) });
    fc.assert(
      fc.property(fc.array(edge, { minLength: 1, maxLength: 20 }), fc.constantFrom<VehicleClass>('off-road', 'medium-truck'), (edges, vehicle) => {
        const records = edges.filter((e) => e.a !== e.b).map((e, i) => segment(`s${i}`, e.a, e.b, e.km, e.status, e.status === 'restricted' ? e.allowed : undefined));
        if (records.length === 0) return;
        const g = buildRoadGraph(records);
        const byId = new Map(records.map((r) => [r.id, r.data]));
        const passable = (s: RoadSegment) => s.status === 'open' || (s.status === 'restricted' && s.allowedVehicleClasses!.includes(vehicle));
        // A full search for comparison: Bellman–Ford over the passable segments.
        const best = new Map<string, number>([[records[0]!.data.from.id, 0]]);
        for (let round = 0; round < 10; round++) {
          for (const r of records.filter((x) => passable(x.data))) {
            for (const [u, v] of [[r.data.from.id, r.data.to.id], [r.data.to.id, r.data.from.id]] as const) {
              const du = best.get(u);
              if (du !== undefined && du + r.data.lengthKm < (best.get(v) ?? Infinity)) best.set(v, du + r.data.lengthKm);
            }
          }
        }
        const source = g.nodeIndex.get(records[0]!.data.from.id)!;
        const t = travelTimesFrom(g, source, vehicle);
        g.nodeIds.forEach((id, n) => {
          const path = pathTo(g, t, n);
          expect(path === undefined, id).toBe(!best.has(id));
          if (!path) return;
          expect(t.minutes[n]).toBeCloseTo(best.get(id)!, 6);
          for (const s of path) expect(passable(byId.get(s)!)).toBe(true);
          expect(path.reduce((m, s) => m + byId.get(s)!.lengthKm, 0)).toBeCloseTo(best.get(id)!, 6);
        });
      }),
    );
  });
});
