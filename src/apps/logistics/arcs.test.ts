import { describe, expect, it } from 'vitest';
import type { LonLat, RoadSegment, VehicleClass } from '../../model/index.ts';
import { reachableArcs } from './arcs.ts';
import { buildRoadGraph, type RoadSegmentRecord } from './road-network.ts';

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
