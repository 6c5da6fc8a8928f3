import fc from 'fast-check';
import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AllocationInput, AllocationPlan, Arc, DemandLine, FleetCapacity, SupplyLine } from './allocation-types.ts';
import { explainPlan } from './explain.ts';
import { loadSolver, optimiseAllocation } from './optimise.ts';
import { DUTY_HOURS_PER_DAY, HANDLING_MINUTES, fleetCapacity, fleetUse, fleetsCanBind, tripMinutes, tripsFor, type FleetLine } from './transport-capacity.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await loadSolver();
});

const line = (id: string, depot: string, category: SupplyLine['category'], available: number, kgPerUnit: number, litresPerUnit?: number): SupplyLine =>
  ({ id, depot, category, unit: category === 'food' ? 'meal' : 'piece', available, contains: [], kgPerUnit, ...(litresPerUnit !== undefined ? { litresPerUnit } : {}) });
const need = (id: string, destination: string, category: DemandLine['category'], quantity: number, priority: DemandLine['priority'] = 'normal'): DemandLine =>
  ({ id, destination, category, unit: category === 'food' ? 'meal' : 'piece', quantity, priority, freeFrom: [] });
const carried = (depot: string, destination: string, minutes: number, fleet: string, trip: number): Arc =>
  ({ depot, destination, minutes, vehicleClass: 'small-truck', route: () => [], fleet, tripMinutes: trip });

function solve(input: AllocationInput): AllocationPlan {
  const r = optimiseAllocation(highs, input);
  if (!r.ok) throw new Error(`solver failed: ${JSON.stringify(r)}`);
  return r.plan;
}

/** Vehicle-minutes each fleet uses in a plan, by measure. */
function fleetMinutesUsed(input: AllocationInput, plan: AllocationPlan): Map<string, number> {
  const supply = new Map(input.supplies.map((s) => [s.id, s]));
  const trip = new Map(input.arcs.map((a) => [`${a.depot}>${a.destination}>${a.fleet}`, a.tripMinutes!]));
  const used = new Map<string, number>();
  for (const f of plan.flows) {
    const fleet = input.fleets!.get(f.fleet!)!;
    for (const u of fleetUse(fleet, supply.get(f.supply)!, trip.get(`${f.depot}>${f.destination}>${f.fleet}`)!)) {
      const key = `${f.fleet}|${u.measure}`;
      used.set(key, (used.get(key) ?? 0) + f.quantity * u.perUnit);
    }
  }
  return used;
}

describe('a fleet’s capacity in the planning window', () => {
  const fleet: FleetLine = {
    key: 'firm|trucks', node: 'firm', vehicleId: 'trucks', vehicleClass: 'small-truck', count: 4, kg: 2000, litres: 10_000, base: [136.95, 37.03],
    availableFrom: '2024-01-05T06:00:00+09:00', availableUntil: '2024-01-08T06:00:00+09:00',
  };

  it('counts each vehicle’s duty share of the hours it is available inside the window', () => {
    const c = fleetCapacity(fleet, { from: '2024-01-05T00:00:00+09:00', until: '2024-01-06T00:00:00+09:00' });
    expect(c.vehicleMinutes).toBeCloseTo(4 * 18 * 60 * (DUTY_HOURS_PER_DAY / 24), 6);
    expect(fleetCapacity(fleet, { from: '2024-01-09T00:00:00+09:00', until: '2024-01-10T00:00:00+09:00' }).vehicleMinutes).toBe(0);
  });

  it('takes a trip as base → depot → destination → base with loading and unloading', () => {
    expect(tripMinutes({ baseToDepot: 20, depotToDestination: 45, destinationToBase: 30 })).toBe(95 + HANDLING_MINUTES);
  });

  it('needs as many trips as the heavier of weight and volume fills', () => {
    expect(tripsFor(100, { kgPerUnit: 10, litresPerUnit: 10 }, { kg: 2000, litres: 10_000 })).toBeCloseTo(0.5);
    expect(tripsFor(100, { kgPerUnit: 1, litresPerUnit: 200 }, { kg: 2000, litres: 10_000 })).toBeCloseTo(2);
  });
});

describe('transport capacity in the optimised allocation', () => {
  const truck: FleetCapacity = { count: 1, kg: 100, litres: 1000, vehicleMinutes: 120 };

  it('delivers less when the fleet binds, and says which fleet and depot limit the plan and what one more vehicle is worth', () => {
    const base: AllocationInput = {
      demands: [need('d', 'S', 'food', 1000)],
      supplies: [line('meals', 'A', 'food', 1000, 0.25, 0.7)],
      arcs: [carried('A', 'S', 10, 'F', 120)],
      transportKg: new Map(),
    };
    expect(solve(base).objective.weightedUnmet).toBe(0);
    const input = { ...base, fleets: new Map([['F', truck]]) };
    expect(fleetsCanBind(input)).toBe(true);
    const plan = solve(input);
    // One vehicle, one 120-minute trip, 100 kg: 400 meals of 0.25 kg.
    expect(plan.flows.reduce((n, f) => n + f.quantity, 0)).toBeCloseTo(400, 4);
    expect(plan.flows.every((f) => f.fleet === 'F')).toBe(true);
    expect(plan.objective.weightedUnmet).toBeCloseTo(600, 4);
    expect(plan.shadowPrices).toContainEqual(expect.objectContaining({ kind: 'fleet', fleet: 'F', measure: 'weight' }));
    const explanation = explainPlan(input, plan, { isolated: [], arcsPerDestination: 8 });
    expect(explanation.capacity?.[0]).toEqual({ code: 'LOGISTICS_CAPACITY_LIMITED', params: {} });
    // A second vehicle would carry 400 more meals: the weighted shortfall falls by 400.
    expect(explanation.capacity?.[1]).toMatchObject({ code: 'LOGISTICS_CAPACITY_BINDS', params: { fleet: 'F', measure: 'weight', depot: 'A', count: 1, value: 400 } });
  });

  it('binds by volume when bulky items fill the vehicle before its payload', () => {
    const input: AllocationInput = {
      demands: [need('d', 'S', 'blanket', 500)],
      supplies: [line('blankets', 'A', 'blanket', 500, 1.6, 8)],
      arcs: [carried('A', 'S', 10, 'F', 120)],
      transportKg: new Map(),
      fleets: new Map([['F', { ...truck, kg: 10_000 }]]),
    };
    const plan = solve(input);
    expect(plan.flows.reduce((n, f) => n + f.quantity, 0)).toBeCloseTo(125, 4);
    expect(plan.shadowPrices).toContainEqual(expect.objectContaining({ kind: 'fleet', measure: 'volume' }));
  });

  it('solves the items together when they share a fleet, so the urgent need gets the vehicle first', () => {
    const input: AllocationInput = {
      demands: [need('blankets', 'S', 'blanket', 50, 'normal'), need('food', 'S', 'food', 400, 'urgent')],
      supplies: [line('b', 'A', 'blanket', 50, 1.6, 8), line('f', 'A', 'food', 400, 0.25, 0.7)],
      arcs: [carried('A', 'S', 10, 'F', 120)],
      transportKg: new Map(),
      fleets: new Map([['F', truck]]),
    };
    const plan = solve(input);
    expect(plan.optimality.method).toBe('coupled');
    expect(plan.flows.find((f) => f.demand === 'food')?.quantity).toBeCloseTo(400, 4);
    expect(plan.flows.some((f) => f.demand === 'blankets')).toBe(false);
  });

  it('leaves the items apart when no fleet could run out', () => {
    const input: AllocationInput = {
      demands: [need('d', 'S', 'food', 10)],
      supplies: [line('meals', 'A', 'food', 10, 0.25, 0.7)],
      arcs: [carried('A', 'S', 10, 'F', 120)],
      transportKg: new Map(),
      fleets: new Map([['F', truck]]),
    };
    expect(fleetsCanBind(input)).toBe(false);
    expect(solve(input).optimality.method).toBe('per-item');
  });

  it('never plans more than a fleet can carry in the window, nor more than the stock, whatever the instance', () => {
    const instance = fc.record({
      demands: fc.array(fc.record({ dest: fc.integer({ min: 0, max: 3 }), cat: fc.constantFrom('food' as const, 'blanket' as const), q: fc.integer({ min: 1, max: 500 }), p: fc.constantFrom('urgent' as const, 'high' as const, 'normal' as const) }), { minLength: 1, maxLength: 8 }),
      supplies: fc.array(fc.record({ depot: fc.integer({ min: 0, max: 2 }), cat: fc.constantFrom('food' as const, 'blanket' as const), q: fc.integer({ min: 0, max: 600 }), kg: fc.double({ min: 0.01, max: 3, noNaN: true }), l: fc.option(fc.double({ min: 0.05, max: 10, noNaN: true }), { nil: undefined }) }), { minLength: 1, maxLength: 6 }),
      fleets: fc.array(fc.record({ kg: fc.integer({ min: 50, max: 2000 }), litres: fc.option(fc.integer({ min: 100, max: 10_000 }), { nil: undefined }), minutes: fc.integer({ min: 0, max: 2000 }) }), { minLength: 1, maxLength: 3 }),
      trips: fc.array(fc.integer({ min: 30, max: 400 }), { minLength: 36, maxLength: 36 }),
    });
    fc.assert(
      fc.property(instance, ({ demands, supplies, fleets, trips }) => {
        const arcs: Arc[] = [];
        for (let d = 0; d < 3; d++) for (let t = 0; t < 4; t++) fleets.forEach((_, f) => arcs.push(carried(`D${d}`, `S${t}`, 10 + d + t, `F${f}`, trips[(d * 4 + t) * 3 + f]!)));
        const input: AllocationInput = {
          demands: demands.map((d, i) => need(`n${i}`, `S${d.dest}`, d.cat, d.q, d.p)),
          supplies: supplies.map((s, i) => line(`s${i}`, `D${s.depot}`, s.cat, s.q, s.kg, s.l)),
          arcs,
          transportKg: new Map(),
          fleets: new Map(fleets.map((f, i) => [`F${i}`, { count: 1, kg: f.kg, litres: f.litres, vehicleMinutes: f.minutes }])),
        };
        const plan = solve(input);
        for (const [key, used] of fleetMinutesUsed(input, plan)) {
          const cap = input.fleets!.get(key.split('|')[0]!)!.vehicleMinutes;
          expect(used, key).toBeLessThanOrEqual(cap * (1 + 1e-6) + 1e-6);
        }
        const taken = new Map<string, number>();
        for (const f of plan.flows) taken.set(f.supply, (taken.get(f.supply) ?? 0) + f.quantity);
        for (const s of input.supplies) expect(taken.get(s.id) ?? 0).toBeLessThanOrEqual(s.available + 1e-6);
      }),
      { numRuns: 60 },
    );
  });
});
