import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LonLat, RoadSegment, VehicleClass } from '../../model/index.ts';
import { reachableArcs, type DepotOnNetwork, type PlaceOnNetwork } from './arcs.ts';
import { buildRoadGraph, travelTimesFrom, type RoadGraph, type RoadSegmentRecord } from './road-network.ts';

const at = (i: number): LonLat => [137 + i * 0.01, 37];
const road = (a: number, b: number, km: number, status: RoadSegment['status'] = 'open', allowed?: VehicleClass[]): RoadSegmentRecord => ({
  id: `r${a}-${b}`,
  data: {
    from: { id: `n${a}`, coordinates: at(a) }, to: { id: `n${b}`, coordinates: at(b) },
    geometry: { type: 'LineString', coordinates: [at(a), at(b)] }, roadClass: 'municipal', lengthKm: km, speedKmh: 60, status,
    ...(allowed ? { allowedVehicleClasses: allowed } : {}), statusObservedAt: '2024-01-02T09:00:00+09:00', statusSource: 'test',
  },
});

describe('reachable arcs', () => {
  // Depots D0 (n0), D1 (n1), D2 (n2) on a line n0–n1–n2–n3; shelter S (n3); shelter T (n5) behind a road only
  // off-road vehicles may use; shelter U (n7) on an island reached by a closed road only.
  const g = buildRoadGraph([road(0, 1, 5), road(1, 2, 5), road(2, 3, 5), road(3, 5, 2, 'restricted', ['off-road']), road(5, 7, 1, 'closed')]);
  const node = (id: string) => g.nodeIndex.get(id)!;
  const depots = [
    { id: 'D0', node: node('n0'), vehicleClasses: ['medium-truck', 'off-road'] as VehicleClass[] },
    { id: 'D1', node: node('n1'), vehicleClasses: ['medium-truck'] as VehicleClass[] },
    { id: 'D2', node: node('n2'), vehicleClasses: ['medium-truck'] as VehicleClass[] },
  ];
  const places = [{ id: 'S', node: node('n3') }, { id: 'T', node: node('n5') }, { id: 'U', node: node('n7') }];

  it('keeps the k fastest depots of each destination, fastest first, with the route drawn on demand', () => {
    const { arcs } = reachableArcs(g, depots, places, 2);
    expect(arcs.filter((a) => a.destination === 'S').map((a) => [a.depot, a.minutes])).toEqual([['D2', 5], ['D1', 10]]);
    expect(arcs.find((a) => a.destination === 'S' && a.depot === 'D1')!.route()).toEqual(['r1-2', 'r2-3']);
  });

  it('reaches a shelter behind a restricted road only from the depot with a vehicle class it lets through', () => {
    const { arcs } = reachableArcs(g, depots, places, 3);
    expect(arcs.filter((a) => a.destination === 'T').map((a) => [a.depot, a.vehicleClass])).toEqual([['D0', 'off-road']]);
  });

  it('reports a shelter reached only by a closed road as isolated, and in another part of the network', () => {
    const r = reachableArcs(g, depots, places, 3);
    expect(r.isolated).toEqual(['U']);
    expect(r.sameNetworkPart('D0', 'U')).toBe(false);
    expect(r.sameNetworkPart('D1', 'T')).toBe(true);
  });
});

describe('reachable arcs on random networks', () => {
  /** The plain way: Dijkstra from every depot for each of its classes, then the k fastest per destination. */
  function everyDepotForward(graph: RoadGraph, depots: DepotOnNetwork[], places: PlaceOnNetwork[], k: number) {
    const times = depots.map((d) => d.vehicleClasses.map((c) => ({ c, t: travelTimesFrom(graph, d.node, c) })));
    return places.map((p) => {
      const best = depots.flatMap((d, i) => {
        const fastest = times[i]!.reduce<{ c: VehicleClass; m: number } | undefined>((b, x) => (x.t.minutes[p.node]! < (b?.m ?? Infinity) ? { c: x.c, m: x.t.minutes[p.node]! } : b), undefined);
        return fastest ? [{ depot: d.id, minutes: fastest.m, index: i }] : [];
      });
      return best.sort((a, b) => a.minutes - b.minutes || a.index - b.index).slice(0, k);
    });
  }

  it('finds by searching back from each destination the same k fastest depots and times as a full search from every depot', () => {
    const classes: VehicleClass[] = ['medium-truck', 'off-road', 'light-van'];
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.array(fc.record({ a: fc.nat(11), b: fc.nat(11), km: fc.double({ min: 0.1, max: 20, noNaN: true }), status: fc.constantFrom<RoadSegment['status']>('open', 'open', 'open', 'closed', 'restricted'), oneWay: fc.boolean(), allowed: fc.subarray(classes) }), { maxLength: 30 }),
        fc.array(fc.record({ node: fc.nat(11), classes: fc.subarray(classes, { minLength: 1 }) }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(11), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 7 }),
        (nodes, roads, ds, ps, k) => {
          const records: RoadSegmentRecord[] = Array.from({ length: nodes - 1 }, (_, i) => road(i, i + 1, 1 + i));
          roads.forEach((r, i) => {
            const rec = road(r.a % nodes, r.b % nodes, r.km, r.status, r.status === 'restricted' ? r.allowed : undefined);
            records.push({ id: `x${i}`, data: { ...rec.data, oneWay: r.oneWay } });
          });
          const graph = buildRoadGraph(records);
          const depots = ds.map((d, i) => ({ id: `D${i}`, node: graph.nodeIndex.get(`n${d.node % nodes}`)!, vehicleClasses: d.classes }));
          const places = ps.map((p, i) => ({ id: `P${i}`, node: graph.nodeIndex.get(`n${p % nodes}`)! }));
          const expected = everyDepotForward(graph, depots, places, k);
          const got = reachableArcs(graph, depots, places, k);
          places.forEach((p, j) => {
            const mine = got.arcs.filter((a) => a.destination === p.id);
            expect(mine.map((a) => a.depot)).toEqual(expected[j]!.map((e) => e.depot));
            mine.forEach((a, i) => {
              expect(a.minutes).toBeCloseTo(expected[j]![i]!.minutes, 9);
              // The route is passable and takes as long as the arc says.
              const byId = new Map(records.map((r) => [r.id, r.data]));
              const total = a.route().reduce((n, id) => n + (byId.get(id)!.lengthKm / byId.get(id)!.speedKmh) * 60, 0);
              expect(total).toBeCloseTo(a.minutes, 9);
              for (const id of a.route()) {
                const seg = byId.get(id)!;
                expect(seg.status).not.toBe('closed');
                if (seg.status === 'restricted') expect(seg.allowedVehicleClasses).toContain(a.vehicleClass);
              }
            });
            expect(got.isolated.includes(p.id)).toBe(expected[j]!.length === 0);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
