import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LonLat, RoadSegment } from '../../../model/index.ts';
import type { PlanLine, PlanPlace, RoadSegmentView } from '../types.ts';
import { FLOW_WIDTH, flowWidth, planMapData, roadStatusCounts } from './plan-map.ts';

const at = (i: number): LonLat => [136.9 + i * 0.01, 37.0];
const road = (id: string, a: number, b: number, status: RoadSegment['status'] = 'open'): RoadSegmentView => ({
  node: 'ishikawa', id, version: 1,
  data: {
    from: { id: `n${a}`, coordinates: at(a) }, to: { id: `n${b}`, coordinates: at(b) }, geometry: { type: 'LineString', coordinates: [at(a), [at(a)[0] + 0.005, 37.01], at(b)] },
    roadClass: 'national', lengthKm: 1, speedKmh: 60, status, statusObservedAt: '2024-01-05T15:00:00+09:00', statusSource: 'test',
    ...(status === 'restricted' ? { allowedVehicleClasses: ['light-van' as const] } : {}),
  },
});
const depot: PlanPlace = { role: 'depot', node: 'pref', place: { type: 'facility', id: 'depot-0' }, at: at(0) };
const shelter = (i: number, extra: Partial<PlanPlace> = {}): PlanPlace => ({ role: 'destination', node: 'nanao', place: { type: 'shelter', id: `shelter-${i}` }, at: at(i), ...extra });
let nextLine = 0;
const line = (to: number, quantity: number, route: string[], category: PlanLine['category'] = 'food'): PlanLine => ({
  line: nextLine++, supplier: 'pref', stockId: `stock-${category}`, stockVersion: 1, depot: depot.place, receiver: 'nanao',
  destination: { type: 'shelter', id: `shelter-${to}` }, areaCode: '172022', demandId: `need-${to}-${category}`, category,
  unit: category === 'blanket' ? 'piece' : 'meal', quantity, proposedQuantity: quantity, minutes: 12.5, route,
});

describe('a plan on the map', () => {
  it('draws one flow per depot and destination along its route, listing each item with its quantity and minutes', () => {
    const roads = [road('r1', 0, 1), road('r2', 1, 2)];
    const m = planMapData([line(2, 300, ['r1', 'r2']), line(2, 40, ['r1', 'r2'], 'blanket')], [depot, shelter(2)], roads);
    expect(m.list).toHaveLength(1);
    const flow = m.list[0]!;
    expect(flow).toMatchObject({ supplier: 'pref', receiver: 'nanao', quantity: 340, minutes: 12.5, drawn: 'road', closedNow: [] });
    expect(flow.items.map((i) => [i.category, i.quantity])).toEqual([['food', 300], ['blanket', 40]]);
    expect(m.flows.features).toHaveLength(1);
    // The depot and the shelter sit on the route's end junctions here: their joining legs have no length.
    expect(m.flows.features[0]!.geometry).toEqual({ type: 'MultiLineString', coordinates: [...roads.map((r) => r.data.geometry.coordinates), [at(0), at(0)], [at(2), at(2)]] });
    expect(m.flows.features[0]!.properties!.width).toBe(FLOW_WIDTH.max);
  });

  it('joins a depot and a destination off the network to the nearest point of the route with short straight legs', () => {
    const off: PlanPlace = { ...depot, at: [136.9, 36.99] };
    const m = planMapData([line(1, 10, ['r1'])], [off, shelter(1, { at: [136.911, 37.001] })], [road('r1', 0, 1)]);
    const g = m.flows.features[0]!.geometry;
    expect(g.type === 'MultiLineString' && g.coordinates.slice(1)).toEqual([[[136.9, 36.99], at(0)], [at(1), [136.911, 37.001]]]);
  });

  it('draws a straight line from depot to destination when the plan has no route, or a route segment is unknown now', () => {
    const m = planMapData([line(1, 10, []), line(2, 10, ['gone'])], [depot, shelter(1), shelter(2)], [road('r1', 0, 1)]);
    expect(m.list.map((f) => f.drawn)).toEqual(['straight', 'straight']);
    expect(m.flows.features.map((f) => f.geometry)).toEqual([
      { type: 'LineString', coordinates: [at(0), at(1)] },
      { type: 'LineString', coordinates: [at(0), at(2)] },
    ]);
  });

  it('says which route segments are closed now, when the road picture changed since the plan', () => {
    const m = planMapData([line(1, 10, ['r1'])], [depot, shelter(1)], [road('r1', 0, 1, 'closed')]);
    expect(m.list[0]!.closedNow).toEqual(['r1']);
    expect(m.flows.features[0]!.properties!.closedNow).toBe(true);
  });

  it('marks isolated destinations, lists places without a position instead of drawing them, and leaves edited-away lines out', () => {
    const unplaced: PlanPlace = { role: 'destination', node: 'nanao', place: { type: 'shelter', id: 'nowhere' } };
    const m = planMapData([line(1, 10, []), line(5, 0, [])], [depot, shelter(1), shelter(3, { isolated: true }), unplaced], []);
    expect(m.places.features.map((f) => [f.properties!.placeId, f.properties!.isolated, f.properties!.inPlan])).toEqual([
      ['depot-0', false, true], ['shelter-1', false, true], ['shelter-3', true, false],
    ]);
    expect(m.unplaced).toEqual([unplaced]);
    expect(m.list).toHaveLength(1);
  });

  it('lists a flow whose end has no position without drawing it', () => {
    const m = planMapData([line(9, 10, [])], [depot], []);
    expect(m.list).toHaveLength(1);
    expect(m.list[0]!.at).toBeUndefined();
    expect(m.flows.features).toEqual([]);
  });

  it('frames everything drawn, and nothing when nothing can be drawn', () => {
    expect(planMapData([line(2, 10, [])], [depot, shelter(2)], []).bounds).toEqual([at(0), at(2)]);
    expect(planMapData([], [], []).bounds).toBeUndefined();
  });

  it('paints wide flows first so thin ones stay on top, and widens with quantity within bounds', () => {
    const m = planMapData([line(1, 5, []), line(2, 500, [])], [depot, shelter(1), shelter(2)], []);
    const widths = m.flows.features.map((f) => f.properties!.width as number);
    expect(widths[0]).toBeGreaterThan(widths[1]!);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), fc.double({ min: 0, max: 1e9, noNaN: true }), (a, b) => {
        const [q, largest] = a <= b ? [a, b] : [b, a];
        const w = flowWidth(q, largest);
        return w >= FLOW_WIDTH.min && w <= FLOW_WIDTH.max && flowWidth(largest, largest) >= w;
      }),
    );
  });

  it('counts the roads by status for the legend', () => {
    expect(roadStatusCounts([road('a', 0, 1), road('b', 1, 2, 'closed'), road('c', 2, 3, 'restricted'), road('d', 3, 4, 'closed')])).toEqual({ open: 1, restricted: 1, closed: 2 });
  });
});
