import fc from 'fast-check';
import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { stockCategories, stockUnits, type Demand, type LonLat, type RoadSegment, type Stock, type Vehicle } from '../../model/index.ts';
import { explainPlan } from './explain.ts';
import { loadSolver, optimiseAllocation } from './optimise.ts';
import { fleetLineOf } from './plan-service.ts';
import { durationText, planSentences } from './plan-text.ts';
import { ACCESS_MINIMUM_MINUTES, ARCS_PER_DESTINATION, allocationProblem, planFleetsOf, planLinesOf, type NeedLine, type StockLine } from './planning.ts';
import type { RoadSegmentRecord } from './road-network.ts';
import { CRAFT_HANDLING_MINUTES, craftCycleMinutes, SEA_DETOUR } from './sea-air-arcs.ts';
import { fleetUse, HANDLING_MINUTES, SERVICE_HOURS_PER_DAY, tripsFor, type FleetLine } from './transport-capacity.ts';
import type { StoredPlan } from './types.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await loadSolver();
});

const at = (i: number): LonLat => [136.9 + i * 0.05, 37.0];
const RECEIVER = 'jp-172049-wajima-city';
const need = (id: string, shelter: number, quantity: number): NeedLine => ({
  id, receiver: RECEIVER,
  demand: {
    origin: 'request', destination: { type: 'shelter', id: `shelter-${shelter}` }, areaCode: '172049', location: { type: 'Point', coordinates: at(shelter) },
    item: { category: 'food' }, quantity, unit: 'meal', neededBy: '2024-01-13T12:00:00+09:00', priority: 'high',
  } as Demand,
});
const stock = (place: number, quantity: number): StockLine => ({
  node: 'pref', id: `stock-${place}`, version: 1, observedAt: '2024-01-12T08:00:00+09:00',
  stock: {
    heldAt: { type: 'facility', id: `depot-${place}` }, areaCode: '172014', location: { type: 'Point', coordinates: at(place) },
    item: { category: 'food' }, quantity, unit: 'meal',
  } as Stock,
});
function road(a: number, b: number, status: RoadSegment['status'] = 'open'): RoadSegmentRecord {
  return {
    id: `r${a}-${b}`,
    data: {
      from: { id: `n${a}`, coordinates: at(a) }, to: { id: `n${b}`, coordinates: at(b) }, geometry: { type: 'LineString', coordinates: [at(a), at(b)] },
      roadClass: 'national', lengthKm: 5, speedKmh: 40, status, statusObservedAt: '2024-01-05T15:00:00+09:00', statusSource: 'test',
    },
  };
}
const window = { from: '2024-01-12T09:00:00+09:00', until: '2024-01-13T09:00:00+09:00' };
const AVAILABLE = { availableFrom: '2024-01-12T00:00:00+09:00', availableUntil: '2024-01-15T00:00:00+09:00' };
const truck: FleetLine = { key: 'firm|trucks', node: 'firm', vehicleId: 'trucks', vehicleClass: 'small-truck', count: 2, kg: 2000, litres: 10_000, base: at(0), ...AVAILABLE };

/** A ship record loading the depot at place 0 at a port there, landing at place 3 for the shelters at 3 and 4. */
function shipRecord(kg: number, overrides: Partial<Vehicle> = {}): { node: string; id: string; version: number; observedAt: string; sourceNode: string; data: Vehicle } {
  return {
    node: 'coast', id: 'ship', version: 1, observedAt: AVAILABLE.availableFrom, sourceNode: 'coast',
    data: {
      operator: 'coast', name: { ja: '巡視船', en: 'Patrol vessel' }, mode: 'sea', vehicleClass: 'ship', count: 1, capacity: { kg },
      depot: { type: 'facility', id: 'depot-0' },
      loadsAt: { name: { ja: '金沢港', en: 'Kanazawa port' }, location: { type: 'Point', coordinates: at(0) } },
      landingPoints: [
        { name: { ja: '輪島港', en: 'Wajima port' }, location: { type: 'Point', coordinates: at(3) }, serves: [{ type: 'shelter', id: 'shelter-3' }, { type: 'shelter', id: 'shelter-4' }] },
      ],
      speedKmh: 30, tripsPerDay: 2, ...AVAILABLE, ...overrides,
    },
  };
}

// Depot at 0; shelter 1 on an open road; shelters 3 and 4 beyond the closed segment 2–3.
const roads = [road(0, 1), road(1, 2), road(2, 3, 'closed'), road(3, 4)];

describe('ships and aircraft in the allocation', () => {
  it('offer a ship only to the destinations no road vehicle reaches, through the landing point serving them', () => {
    const p = allocationProblem([need('a', 1, 10), need('b', 3, 10)], [stock(0, 1000)], [truck, fleetLineOf(shipRecord(5000))], roads, window);
    expect(p.isolated).toEqual([`${RECEIVER}|shelter:shelter-3`]);
    const byDest = (n: number) => p.input.arcs.filter((a) => a.destination.endsWith(`shelter-${n}`));
    expect(byDest(1).map((a) => a.fleet)).toEqual(['firm|trucks']);
    expect(byDest(3).map((a) => [a.fleet, a.via])).toEqual([['coast|ship', { mode: 'sea', landing: 0 }]]);
    expect(p.seaAirArcs).toBe(1);
  });

  it('time a ship’s leg by its speed over the straight line with the sea detour, and its round trip by the trips it may make a day', () => {
    const p = allocationProblem([need('b', 3, 10)], [stock(0, 1000)], [fleetLineOf(shipRecord(5000))], roads, window);
    const arc = p.input.arcs[0]!;
    const basis = arc.basis!;
    expect(basis.kind).toBe('craft');
    if (basis.kind !== 'craft') return;
    expect(arc.minutes).toBeCloseTo((basis.km / 30) * 60 + CRAFT_HANDLING_MINUTES.sea, 6);
    expect(basis.km).toBeGreaterThan(SEA_DETOUR * 13);
    // Two trips a day in a 24-hour service day: a cycle of at least 12 hours, however short the voyage.
    expect(arc.tripMinutes).toBe((SERVICE_HOURS_PER_DAY.sea * 60) / 2);
    expect(p.input.fleets?.get('coast|ship')?.vehicleMinutes).toBe(24 * 60);
  });

  it('take a sea lead time stated for the pair as the ship’s time, leaving a lead time of a mode no known craft has standing alone', () => {
    const lead = (mode: 'sea' | 'air', hours: number) => ({
      node: 'coast', id: `lt-${mode}`,
      leadTime: { from: { type: 'facility' as const, id: 'depot-0' }, to: { areaCode: '172049' }, mode, hours, validFrom: '2024-01-01T00:00:00+09:00', basis: 'stated' as const, source: 'test' },
    });
    const p = allocationProblem([need('b', 3, 10)], [stock(0, 1000)], [fleetLineOf(shipRecord(5000))], roads, window, { lines: [lead('air', 1), lead('sea', 9)], at: new Date(window.from) });
    // The air lead time: no aircraft is known, so air is not modelled and it stands without a fleet (as road arcs do
    // with no road vehicle known); the ship carries only by its own mode.
    expect(p.input.arcs.map((a) => [a.minutes, a.basis?.kind, a.fleet])).toEqual([[60, 'lead-time', undefined], [540, 'lead-time', 'coast|ship']]);
    expect(p.capacityNotModelled).toEqual(['air']);
    // A lead time says when; the ship's round trip (how much it carries a day) is its own: two trips a day, not 2 × 9 h.
    expect(p.input.arcs[1]!.tripMinutes).toBe((SERVICE_HOURS_PER_DAY.sea * 60) / 2);
    const fleet = p.fleets[0]!;
    expect(craftCycleMinutes({ ...fleet, craft: fleet.craft! }, 540)).toBe(2 * 540 - CRAFT_HANDLING_MINUTES.sea);
  });

  it('never drive a ship on the roads when a policy withheld its mode and speed: it is reported unplaced instead', () => {
    const { mode: _m, speedKmh: _s, ...masked } = shipRecord(5000).data;
    const line = fleetLineOf({ ...shipRecord(5000), data: masked as Vehicle });
    expect(line.base).toBeUndefined();
    const p = allocationProblem([need('a', 1, 10)], [stock(0, 1000)], [truck, line], roads, window);
    expect(p.unplacedFleets).toEqual(['coast|ship']);
    expect(p.input.arcs.every((a) => a.fleet === 'firm|trucks')).toBe(true);
  });

  it('fly a helicopter straight to a destination within its radius and to none beyond it', () => {
    const heli = shipRecord(1000, { mode: 'air', vehicleClass: 'helicopter', radiusKm: 15, speedKmh: 180, landingPoints: [] });
    const p = allocationProblem([need('b', 3, 10), need('c', 4, 10)], [stock(0, 1000)], [fleetLineOf(heli)], roads, window);
    // at(3) is about 13 km from the loading point, at(4) about 18 km.
    expect(p.input.arcs.map((a) => [a.destination.split(':')[1], a.via])).toEqual([['shelter-3', { mode: 'air', landing: 'direct' }]]);
    expect(p.input.fleets?.get('coast|ship')?.vehicleMinutes).toBe(SERVICE_HOURS_PER_DAY.air * 60);
  });

  it('serve the cut-off shelter by sea, name the ship as the binding constraint and what one more trip would relieve', () => {
    const ship = shipRecord(100);
    const p = allocationProblem([need('a', 1, 10), need('b', 3, 2000)], [stock(0, 5000)], [truck, fleetLineOf(ship)], roads, window);
    const solved = optimiseAllocation(highs, p.input);
    expect(solved.ok).toBe(true);
    if (!solved.ok) return;
    const plan = solved.plan;
    // Two trips of 100 kg at 0.25 kg a meal: 800 meals reach shelter 3, the rest is unmet.
    const toIsolated = plan.flows.filter((f) => f.destination.endsWith('shelter-3'));
    expect(toIsolated.every((f) => f.fleet === 'coast|ship')).toBe(true);
    expect(toIsolated.reduce((n, f) => n + f.quantity, 0)).toBeCloseTo(800, 6);
    const explanation = explainPlan(p.input, plan, { isolated: p.isolated, arcsPerDestination: ARCS_PER_DESTINATION });
    const names = new Map([[`${RECEIVER}|shelter:shelter-3`, { ja: '輪島中学校', en: 'Wajima junior high school' }]]);
    const stored: StoredPlan = {
      id: 'p', state: 'proposed', proposedAt: window.from, inputs: {},
      result: { explanation, notes: [], fleets: planFleetsOf(p.fleets, [ship], names) },
    };
    const lines = planLinesOf(plan, p, [need('a', 1, 10), need('b', 3, 2000)], [stock(0, 5000)]);
    expect(lines.find((l) => l.destination.id === 'shelter-3')?.transport).toMatchObject({ operator: 'coast', vehicleClass: 'ship', mode: 'sea', trips: 2 });
    const en = planSentences(stored, lines, 'en');
    const wajima = en.destinations.find((d) => d.destination.endsWith('shelter-3'))!;
    expect(wajima.isolated).toMatch(/isolated/);
    expect(wajima.deliveries[0]!.texts[0]).toBe(`800 ${stockUnits.meal.en} of ${stockCategories.food.en} go by sea from Kanazawa port to Wajima port (Patrol vessel, Ship, 2 trips)`);
    expect(en.shortages.some((s) => /Patrol vessel \(Ship, 1 craft\) makes every trip it can .*about 2 round trips.*One more trip would reduce the priority-weighted shortfall by \d/.test(s))).toBe(true);
    const ja = planSentences(stored, lines, 'ja');
    expect(ja.destinations.find((d) => d.destination.endsWith('shelter-3'))!.deliveries[0]!.texts[0]).toMatch(/海路で届けます: 金沢港 から 輪島港 へ（巡視船、船舶、2便分）/);
  });
});

/** Road-reachable from the depot at 0: every segment between them open. */
const reachable = (status: readonly RoadSegment['status'][], node: number) => status.slice(0, node).every((s) => s === 'open');

describe('ships and aircraft and the per-item split', () => {
  it('keep items apart when a ship could carry all the demand it reaches, however much stock its depot holds', () => {
    // 5,000 meals at the depot, 10 needed beyond the cut: 2.5 kg against two 5-tonne voyages.
    const p = allocationProblem([need('b', 3, 10)], [stock(0, 5000)], [fleetLineOf(shipRecord(5000))], roads, window);
    const solved = optimiseAllocation(highs, p.input);
    expect(solved.ok && solved.plan.optimality.method).toBe('per-item');
    expect(solved.ok && solved.plan.flows.map((f) => [f.fleet, f.quantity])).toEqual([['coast|ship', 10]]);
  });

  it('price its trips across the items when the demand it reaches outweighs them (the coupled LP on request)', () => {
    const p = allocationProblem([need('b', 3, 2000)], [stock(0, 5000)], [fleetLineOf(shipRecord(100))], roads, window);
    const solved = optimiseAllocation(highs, p.input);
    expect(solved.ok && solved.plan.optimality.method).toBe('per-item-priced');
    const coupled = optimiseAllocation(highs, p.input, { coupledSolver: 'lp' });
    expect(coupled.ok && coupled.plan.optimality.method).toBe('coupled');
    expect(solved.ok && coupled.ok && solved.plan.objective.weightedUnmet).toBe(coupled.ok && coupled.plan.objective.weightedUnmet);
  });
});

describe('ships and aircraft under any road picture (property)', () => {
  it('never exceed a fleet’s capacity, serve destinations no road reaches only by sea or air, and drive nothing over a cut road', () => {
    let bySeaOrAir = 0;
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<RoadSegment['status']>('open', 'open', 'closed'), { minLength: 5, maxLength: 5 }),
        fc.array(fc.record({ shelter: fc.integer({ min: 1, max: 5 }), quantity: fc.integer({ min: 1, max: 3000 }) }), { minLength: 1, maxLength: 5 }),
        fc.record({ shipKg: fc.integer({ min: 10, max: 2000 }), heliKg: fc.integer({ min: 10, max: 500 }), radius: fc.integer({ min: 5, max: 40 }), trucks: fc.integer({ min: 1, max: 3 }) }),
        (status, needs, capacity) => {
          const net = status.map((s, i) => road(i, i + 1, s));
          const ns = needs.map((n, i) => need(`n${i}`, n.shelter, n.quantity));
          const ship = shipRecord(capacity.shipKg, {
            landingPoints: [{ name: { ja: '港' }, location: { type: 'Point', coordinates: at(4) }, serves: [3, 4, 5].map((i) => ({ type: 'shelter' as const, id: `shelter-${i}` })) }],
          });
          const heli = { ...shipRecord(capacity.heliKg, { mode: 'air', vehicleClass: 'helicopter', radiusKm: capacity.radius, speedKmh: 180, landingPoints: [] }), id: 'heli' };
          const trucks = { ...truck, count: capacity.trucks };
          const p = allocationProblem(ns, [stock(0, 4000)], [trucks, fleetLineOf(ship), fleetLineOf(heli)], net, window);
          const solved = optimiseAllocation(highs, p.input);
          expect(solved.ok).toBe(true);
          if (!solved.ok) return;
          const arcOf = new Map(p.input.arcs.map((a) => [`${a.depot}>${a.destination}>${a.fleet}`, a]));
          const supply = p.input.supplies[0]!;
          const used = new Map<string, { weight: number; volume: number }>();
          for (const f of solved.plan.flows) {
            const arc = arcOf.get(`${f.depot}>${f.destination}>${f.fleet}`)!;
            const shelter = Number(f.destination.split('shelter-')[1]);
            if (arc.via === undefined) expect(reachable(status, shelter), `road flow to shelter ${shelter}`).toBe(true);
            if (p.isolated.includes(f.destination)) expect(arc.via).toBeDefined();
            if (arc.via !== undefined) bySeaOrAir++;
            const fleet = p.input.fleets!.get(f.fleet!)!;
            const u = used.get(f.fleet!) ?? { weight: 0, volume: 0 };
            for (const x of fleetUse(fleet, supply, arc.tripMinutes!)) u[x.measure] += f.quantity * x.perUnit;
            used.set(f.fleet!, u);
          }
          for (const [key, u] of used) {
            const cap = p.input.fleets!.get(key)!.vehicleMinutes;
            expect(u.weight).toBeLessThanOrEqual(cap * (1 + 1e-9) + 1e-6);
            expect(u.volume).toBeLessThanOrEqual(cap * (1 + 1e-9) + 1e-6);
          }
          // Sea and air are kept for the cut-off: never offered where a road vehicle goes.
          for (const a of p.input.arcs) if (a.via !== undefined) expect(reachable(status, Number(a.destination.split('shelter-')[1]))).toBe(false);
        },
      ),
      { numRuns: 40 },
    );
    // The runs did exercise ships and aircraft, not only roads.
    expect(bySeaOrAir).toBeGreaterThan(0);
  });
});

// The truck leg: the ship loads at a port at place 0 (its record names a depot there holding nothing); stock is held
// inland at place 2; shelter 4 lies beyond the closed segment 3–4, served by the landing point at 4.
const portShip = (kg = 5000) => shipRecord(kg, {
  depot: { type: 'facility', id: 'port-0' },
  landingPoints: [{ name: { ja: '輪島港', en: 'Wajima port' }, location: { type: 'Point', coordinates: at(4) }, serves: [{ type: 'shelter', id: 'shelter-4' }, { type: 'shelter', id: 'shelter-5' }] }],
});
const inland = [road(0, 1), road(1, 2), road(2, 3), road(3, 4, 'closed'), road(4, 5)];
const SEGMENT_MINUTES = (5 / 40) * 60;

describe('the truck leg to the port', () => {
  it('carries stock from an inland depot by road to the port and on by sea, timed road + handling + the craft’s leg', () => {
    const p = allocationProblem([need('b', 4, 10)], [stock(2, 1000)], [truck, fleetLineOf(portShip())], inland, window);
    expect(p.input.arcs).toHaveLength(1);
    const arc = p.input.arcs[0]!;
    expect([arc.depot, arc.fleet]).toEqual(['pref|facility:depot-2', 'coast|ship']);
    // Two segments of 7.5 minutes, and the access legs at the depot and the port (5 minutes each, both on a node).
    const road = 2 * SEGMENT_MINUTES + 2 * ACCESS_MINIMUM_MINUTES;
    expect(arc.via).toEqual({ mode: 'sea', landing: 0, road: { minutes: road, vehicleClass: 'small-truck' } });
    if (arc.basis?.kind !== 'craft') throw new Error('a craft leg');
    expect(arc.minutes).toBeCloseTo(road + HANDLING_MINUTES + arc.basis.minutes, 9);
    expect(arc.route().sort()).toEqual(['r0-1', 'r1-2']);
    // Capacity is the ship's round trips alone: two a day, whatever the drive to the port.
    expect(arc.tripMinutes).toBe((SERVICE_HOURS_PER_DAY.sea * 60) / 2);
  });

  it('gives no arc to a depot that closed roads cut off from the port, nor to one whose roads let no known vehicle through', () => {
    const cut = inland.map((r) => (r.id === 'r0-1' ? road(0, 1, 'closed') : r));
    const p = allocationProblem([need('b', 4, 10)], [stock(2, 1000)], [truck, fleetLineOf(portShip())], cut, window);
    expect(p.input.arcs).toEqual([]);
    expect(p.isolated).toEqual([`${RECEIVER}|shelter:shelter-4`]);
    const offRoadOnly = inland.map((r) => (r.id === 'r1-2' ? { ...r, data: { ...r.data, status: 'restricted' as const, allowedVehicleClasses: ['off-road' as const] } } : r));
    expect(allocationProblem([need('b', 4, 10)], [stock(2, 1000)], [truck, fleetLineOf(portShip())], offRoadOnly, window).input.arcs).toEqual([]);
  });

  it('takes a lead time stated from the inland depot by sea as the whole time: it covers the drive to the port', () => {
    const lead = { node: 'pref', id: 'lt', leadTime: { from: { type: 'facility' as const, id: 'depot-2' }, to: { areaCode: '172049' }, mode: 'sea' as const, hours: 10, validFrom: '2024-01-01T00:00:00+09:00', basis: 'stated' as const, source: 'test' } };
    const p = allocationProblem([need('b', 4, 10)], [stock(2, 1000)], [truck, fleetLineOf(portShip())], inland, window, { lines: [lead], at: new Date(window.from) });
    expect(p.input.arcs.map((a) => [a.minutes, a.basis?.kind, a.via?.road !== undefined])).toEqual([[600, 'lead-time', true]]);
  });

  it('says the drive and the voyage in Japanese and English, naming the depot, the port and the landing point', () => {
    const ship = portShip();
    const needs = [need('b', 4, 10)];
    const stocks = [stock(2, 1000)];
    const p = allocationProblem(needs, stocks, [truck, fleetLineOf(ship)], inland, window);
    const solved = optimiseAllocation(highs, p.input);
    if (!solved.ok) throw new Error('solver failed');
    const explanation = explainPlan(p.input, solved.plan, { isolated: p.isolated, arcsPerDestination: ARCS_PER_DESTINATION });
    const stored: StoredPlan = {
      id: 'p', state: 'proposed', proposedAt: window.from, inputs: {},
      result: {
        explanation, notes: [], fleets: planFleetsOf(p.fleets, [ship], new Map()),
        places: [{ role: 'depot', node: 'pref', place: { type: 'facility', id: 'depot-2' }, name: { ja: '県備蓄倉庫', en: 'Prefectural stockpile' } }],
      },
    };
    const lines = planLinesOf(solved.plan, p, needs, stocks);
    expect(lines[0]!.route.sort()).toEqual(['r0-1', 'r1-2']);
    const say = (lang: 'ja' | 'en') => planSentences(stored, lines, lang).destinations[0]!.deliveries[0]!.texts[0];
    expect(say('en')).toBe(`10 ${stockUnits.meal.en} of ${stockCategories.food.en} go by road from Prefectural stockpile to Kanazawa port (25 min), then by sea to Wajima port (Patrol vessel, Ship, 0.01 trips)`);
    expect(say('ja')).toBe(`10 ${stockUnits.meal.ja}の${stockCategories.food.ja}は陸路で 県備蓄倉庫 から 金沢港 へ（25分）、そこから海路で 輪島港 へ届けます（巡視船、船舶、0.01便分）`);
    expect([durationText(70, 'en'), durationText(70, 'ja'), durationText(120, 'en'), durationText(120, 'ja')]).toEqual(['1 h 10 min', '1時間10分', '2 h', '2時間']);
  });
});

describe('the truck leg under any road picture (property)', () => {
  it('never routes over a closed road, the drive to the port included, and never plans more than the ship’s trips', () => {
    let truckLegs = 0;
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<RoadSegment['status']>('open', 'open', 'closed', 'restricted'), { minLength: 5, maxLength: 5 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.record({ shelter: fc.integer({ min: 1, max: 5 }), quantity: fc.integer({ min: 1, max: 3000 }) }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 10, max: 3000 }),
        (status, depots, needs, shipKg) => {
          // A restricted segment here lets nothing through (no classes named): as closed for every vehicle.
          const net = status.map((s, i) => road(i, i + 1, s));
          const closed = new Set(net.filter((r) => r.data.status !== 'open').map((r) => r.id));
          const p = allocationProblem(needs.map((n, i) => need(`n${i}`, n.shelter, n.quantity)), depots.map((d) => stock(d, 2000)), [truck, fleetLineOf(portShip(shipKg))], net, window);
          for (const a of p.input.arcs) {
            expect(a.route().filter((id) => closed.has(id)), `${a.depot} → ${a.destination}`).toEqual([]);
            if (a.via?.road !== undefined) {
              truckLegs++;
              expect(reachable(status, Number(a.depot.split('depot-')[1]))).toBe(true);
            }
          }
          const solved = optimiseAllocation(highs, p.input);
          if (!solved.ok) throw new Error('solver failed');
          const arcOf = new Map(p.input.arcs.map((a) => [`${a.depot}>${a.destination}>${a.fleet}`, a]));
          const fleet = p.input.fleets?.get('coast|ship');
          let trips = 0;
          let cycle = 0;
          for (const f of solved.plan.flows) {
            if (f.fleet !== 'coast|ship') continue;
            const arc = arcOf.get(`${f.depot}>${f.destination}>${f.fleet}`)!;
            cycle = arc.tripMinutes!;
            trips += tripsFor(f.quantity, p.input.supplies.find((s) => s.id === f.supply)!, fleet!);
          }
          if (fleet !== undefined && cycle > 0) expect(trips).toBeLessThanOrEqual((fleet.vehicleMinutes / cycle) * (1 + 1e-9) + 1e-9);
        },
      ),
      { numRuns: 40 },
    );
    expect(truckLegs).toBeGreaterThan(0);
  });
});
