import fc from 'fast-check';
import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Allergen, Demand, LonLat, RoadSegment, Stock } from '../../model/index.ts';
import { loadSolver, optimiseAllocation } from './optimise.ts';
import {
  ACCESS_MINIMUM_MINUTES, allocationProblem, changedStock, lineProblems, planBasisOf, planLinesOf, planPlacesOf, stockKey, type NeedLine, type StockLine,
} from './planning.ts';
import type { RoadSegmentRecord } from './road-network.ts';
import { HANDLING_MINUTES, type FleetLine } from './transport-capacity.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await loadSolver();
});

const at = (i: number): LonLat => [136.9 + i * 0.01, 37.0];
const need = (id: string, shelter: number, quantity: number, freeFrom?: Allergen[]): NeedLine => ({
  id, receiver: 'jp-172022-nanao-city',
  demand: {
    origin: 'request', destination: { type: 'shelter', id: `shelter-${shelter}` }, areaCode: '172022', location: { type: 'Point', coordinates: at(shelter) },
    item: { category: 'food' }, quantity, unit: 'meal', neededBy: '2024-01-13T12:00:00+09:00', priority: 'high', ...(freeFrom ? { freeFrom } : {}),
  } as Demand,
});
const stock = (id: string, node: string, place: number, quantity: number, contains?: Allergen[]): StockLine => ({
  node, id, version: 1, observedAt: '2024-01-12T08:00:00+09:00',
  stock: {
    heldAt: { type: 'facility', id: `depot-${place}` }, areaCode: '172022', location: { type: 'Point', coordinates: at(place) },
    item: { category: 'food' }, quantity, unit: 'meal', ...(contains ? { allergens: { contains } } : {}),
  } as Stock,
});
function road(id: string, a: number, b: number, status: RoadSegment['status'] = 'open', allowed?: RoadSegment['allowedVehicleClasses']): RoadSegmentRecord {
  return {
    id,
    data: {
      from: { id: `n${a}`, coordinates: at(a) }, to: { id: `n${b}`, coordinates: at(b) }, geometry: { type: 'LineString', coordinates: [at(a), at(b)] },
      roadClass: 'national', lengthKm: 1, speedKmh: 60, status, statusObservedAt: '2024-01-05T15:00:00+09:00', statusSource: 'test',
      ...(allowed ? { allowedVehicleClasses: allowed } : {}),
    },
  };
}
const fleet = (key: string, vehicleClass: FleetLine['vehicleClass'], base: number, count = 1, kg = 2000): FleetLine => ({
  key: `firm|${key}`, node: 'firm', vehicleId: key, vehicleClass, count, kg, litres: 10_000, base: at(base),
  availableFrom: '2024-01-12T00:00:00+09:00', availableUntil: '2024-01-15T00:00:00+09:00',
});
const window = { from: '2024-01-12T09:00:00+09:00', until: '2024-01-13T09:00:00+09:00' };

describe('a plan from what the nodes answered', () => {
  it('routes over the road network when segments are known, and reports a shelter only a closed road reaches as isolated', () => {
    const p = allocationProblem([need('a', 1, 10), need('b', 3, 10)], [stock('s', 'depot-node', 0, 100)], [], [road('r1', 0, 1), road('r2', 1, 2), road('r3', 2, 3, 'closed')]);
    expect(p.routing).toBe('road-network');
    expect(p.isolated).toEqual(['jp-172022-nanao-city|shelter:shelter-3']);
    expect(p.input.arcs.map((a) => [a.destination, a.route()])).toEqual([['jp-172022-nanao-city|shelter:shelter-1', ['r1']]]);
  });

  it('stores every depot and destination with its position, marking the destinations no open road reaches as isolated', () => {
    const needs = [need('a', 1, 10), need('b', 3, 10), need('a2', 1, 5)];
    const stocks = [stock('s', 'depot-node', 0, 100), stock('t', 'depot-node', 0, 50)];
    const p = allocationProblem(needs, stocks, [], [road('r1', 0, 1), road('r2', 1, 2), road('r3', 2, 3, 'closed')]);
    expect(planPlacesOf(p, needs, stocks)).toEqual([
      { role: 'depot', node: 'depot-node', place: { type: 'facility', id: 'depot-0' }, at: at(0) },
      { role: 'destination', node: 'jp-172022-nanao-city', place: { type: 'shelter', id: 'shelter-1' }, at: at(1) },
      { role: 'destination', node: 'jp-172022-nanao-city', place: { type: 'shelter', id: 'shelter-3' }, at: at(3), isolated: true },
    ]);
  });

  it('keeps a place without a location on the list, without a position', () => {
    const unlocated: NeedLine = { ...need('x', 4, 1), demand: { ...need('x', 4, 1).demand, location: undefined } };
    delete (unlocated.demand as { location?: unknown }).location;
    const p = allocationProblem([unlocated], [stock('s', 'n', 0, 10)], [], []);
    expect(planPlacesOf(p, [unlocated], [stock('s', 'n', 0, 10)])).toEqual([
      { role: 'depot', node: 'n', place: { type: 'facility', id: 'depot-0' }, at: at(0) },
      { role: 'destination', node: 'jp-172022-nanao-city', place: { type: 'shelter', id: 'shelter-4' }, isolated: true },
    ]);
  });

  it('keeps a depot and a shelter joining the same road node apart by their access legs, never 0 minutes', () => {
    const near: NeedLine = { ...need('a', 0, 10), demand: { ...need('a', 0, 10).demand, location: { type: 'Point', coordinates: [at(0)[0] + 0.001, at(0)[1]] } } };
    const p = allocationProblem([near], [stock('s', 'depot-node', 0, 100)], [], [road('r1', 0, 1)]);
    expect(p.input.arcs).toHaveLength(1);
    expect(p.input.arcs[0]!.minutes).toBeGreaterThanOrEqual(2 * ACCESS_MINIMUM_MINUTES);
  });

  it('carries every arc by a fleet that may drive its route, never a large truck over a road restricted to smaller ones', () => {
    const roads = [road('r1', 0, 1), road('r2', 1, 2, 'restricted', ['small-truck', 'medium-truck'])];
    const fleets = [fleet('large', 'large-truck', 0), fleet('small', 'small-truck', 0)];
    const p = allocationProblem([need('a', 1, 10), need('b', 2, 10)], [stock('s', 'depot-node', 0, 100)], fleets, roads, window);
    const carried = p.input.arcs.map((a) => [a.destination.split(':')[1], a.fleet]).sort();
    expect(carried).toEqual([['shelter-1', 'firm|large'], ['shelter-1', 'firm|small'], ['shelter-2', 'firm|small']]);
    for (const a of p.input.arcs) expect(a.tripMinutes).toBeGreaterThan(a.minutes + HANDLING_MINUTES);
    expect(p.fleets.map((f) => f.key)).toEqual(['firm|large', 'firm|small']);
    expect(p.input.fleets?.get('firm|small')?.vehicleMinutes).toBeGreaterThan(0);
  });

  it('reports a destination a road reaches but no fleet can drive to, and models no capacity without fleets in the window', () => {
    // The fleet's base lies on a road cut off from the depot's: its trucks cannot come to load.
    const roads = [road('r1', 0, 1), road('r5', 5, 6)];
    const p = allocationProblem([need('a', 1, 10)], [stock('s', 'depot-node', 0, 100)], [fleet('small', 'small-truck', 6)], roads, window);
    expect(p.noFleetReaches).toEqual(['jp-172022-nanao-city|shelter:shelter-1']);
    expect(p.input.arcs).toEqual([]);
    // A helicopter loading at the depot reaches the shelter: it is served, so not reported as a place nothing reaches.
    const helicopter: FleetLine = {
      ...fleet('heli', 'helicopter', 0, 1, 1000),
      craft: { mode: 'air', depotPlace: 'facility:depot-0', loadsAt: at(0), landingPoints: [], radiusKm: 50, speedKmh: 200, tripsPerDay: 4 },
    };
    const withCraft = allocationProblem([need('a', 1, 10)], [stock('s', 'depot-node', 0, 100)], [fleet('small', 'small-truck', 6), helicopter], roads, window);
    expect(withCraft.input.arcs.map((a) => [a.destination, a.fleet])).toEqual([['jp-172022-nanao-city|shelter:shelter-1', 'firm|heli']]);
    expect(withCraft.noFleetReaches).toEqual([]);
    const later = allocationProblem([need('a', 1, 10)], [stock('s', 'depot-node', 0, 100)], [fleet('small', 'small-truck', 0)], [road('r1', 0, 1)], { from: '2024-02-01T00:00:00+09:00', until: '2024-02-02T00:00:00+09:00' });
    expect(later.fleets).toEqual([]);
    expect(later.input.fleets).toBeUndefined();
  });

  it('names on each plan line the firm, vehicle record, class and trips that carry it', () => {
    const needs = [need('a', 1, 16_000)];
    const stocks = [stock('s', 'depot-node', 0, 16_000)];
    const p = allocationProblem(needs, stocks, [fleet('small', 'small-truck', 0)], [road('r1', 0, 1)], window);
    const r = optimiseAllocation(highs, p.input);
    if (!r.ok) throw new Error('solver failed');
    const lines = planLinesOf(r.plan, p, needs, stocks);
    expect(lines).toHaveLength(1);
    // 16,000 meals × 0.25 kg (the table's figure) on 2000 kg trucks: two loads.
    expect(lines[0]!.transport).toMatchObject({ operator: 'firm', vehicle: 'small', vehicleClass: 'small-truck', trips: 2 });
    expect(lines[0]!.transport!.tripMinutes).toBeGreaterThan(HANDLING_MINUTES);
  });

  it('falls back to straight-line distance, and says so, when no node gave road segments', () => {
    const p = allocationProblem([need('a', 1, 10)], [stock('s', 'depot-node', 0, 100)], [], []);
    expect(p.routing).toBe('straight-line');
    expect(p.input.arcs).toHaveLength(1);
    expect(p.input.arcs[0]!.minutes).toBeGreaterThan(0);
  });

  it('refuses lines over the stock, over the need, with an allergen the need avoids, or of unknown allergens', () => {
    const needs = [need('plain', 1, 50), need('free', 1, 20, ['egg'])];
    const stocks = [stock('eggy', 'n', 0, 30, ['egg']), stock('unknown', 'n', 0, 30), stock('clean', 'n', 0, 30, [])];
    const basis = planBasisOf(needs, stocks);
    const line = (l: number, stockId: string, demandId: string, quantity: number) => ({ line: l, supplier: 'n', stockId, demandId, quantity, category: 'food' as const, unit: 'meal' as const });
    expect(lineProblems([line(0, 'eggy', 'plain', 30), line(1, 'clean', 'free', 20)], basis)).toEqual([]);
    expect(lineProblems([line(0, 'eggy', 'plain', 31)], basis).map((p) => [p.code, p.field])).toEqual([['LOGISTICS_LINE_OVER_STOCK', 'quantity']]);
    expect(lineProblems([line(0, 'clean', 'free', 21)], basis).map((p) => p.code)).toContain('LOGISTICS_LINE_OVER_DEMAND');
    expect(lineProblems([line(0, 'eggy', 'free', 1)], basis).map((p) => p.code)).toEqual(['LOGISTICS_LINE_ALLERGEN']);
    expect(lineProblems([line(0, 'unknown', 'free', 1)], basis).map((p) => p.code)).toEqual(['LOGISTICS_LINE_ALLERGEN']);
    expect(lineProblems([line(0, 'eggy', 'free', 0)], basis)).toEqual([]);
  });

  it('turns every optimised plan into lines that keep every rule, never more than the stock (property)', () => {
    const allergen = fc.option(fc.subarray<Allergen>(['egg', 'milk', 'wheat'], { maxLength: 2 }), { nil: undefined });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 80 }), fc.option(fc.constant<Allergen[]>(['egg']), { nil: undefined })), { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 80 }), allergen), { minLength: 1, maxLength: 5 }),
        (ns, ss) => {
          const needs = ns.map(([place, q, free], i) => need(`d${i}`, place, q, free));
          const stocks = ss.map(([place, q, contains], i) => stock(`s${i}`, `node-${i % 2}`, place, q, contains));
          const problem = allocationProblem(needs, stocks, [], []);
          const r = optimiseAllocation(highs, problem.input);
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          const lines = planLinesOf(r.plan, problem, needs, stocks);
          expect(lineProblems(lines, planBasisOf(needs, stocks))).toEqual([]);
          const used = new Map<string, number>();
          for (const l of lines) used.set(stockKey(l.supplier, l.stockId), (used.get(stockKey(l.supplier, l.stockId)) ?? 0) + l.quantity);
          for (const s of stocks) expect(used.get(stockKey(s.node, s.id)) ?? 0).toBeLessThanOrEqual(s.stock.quantity + 1e-6);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('names each stock line whose version moved or that the supplier no longer shows', () => {
    const relied = [{ supplier: 'a', stockId: 'x', stockVersion: 1 }, { supplier: 'a', stockId: 'x', stockVersion: 1 }, { supplier: 'b', stockId: 'y', stockVersion: 3 }, { supplier: 'c', stockId: 'z', stockVersion: 2 }];
    expect(changedStock(relied, new Map([['a|x', 1], ['b|y', 4]]))).toEqual([
      { supplier: 'b', stockId: 'y', was: 3, now: 4 },
      { supplier: 'c', stockId: 'z', was: 2, now: undefined },
    ]);
  });
});
