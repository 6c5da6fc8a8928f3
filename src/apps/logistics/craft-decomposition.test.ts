import fc from 'fast-check';
import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Allergen, StockCategory, StockUnit } from '../../model/index.ts';
import { eligible, type AllocationInput, type AllocationPlan, type Arc, type DemandLine, type FleetCapacity, type SupplyLine } from './allocation-types.ts';
import { explainPlan } from './explain.ts';
import { solveByPricing } from './craft-decomposition.ts';
import { capacityCanBind, craftCanBind, groupModel, loadSolver, optimiseAllocation } from './optimise.ts';
import { fleetUse } from './transport-capacity.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await loadSolver();
});

const items: readonly { category: StockCategory; unit: StockUnit; kg: number; litres?: number }[] = [
  { category: 'drinking-water', unit: 'litre', kg: 1 },
  { category: 'food', unit: 'meal', kg: 0.3, litres: 0.8 },
  { category: 'blanket', unit: 'piece', kg: 1.6, litres: 8 },
];

const road = (depot: string, destination: string, minutes: number): Arc => ({ depot, destination, minutes, vehicleClass: 'medium-truck', route: () => [`${depot}-${destination}`] });
const craftArc = (depot: string, destination: string, fleet: string, mode: 'sea' | 'air', minutes: number): Arc => ({
  depot, destination, minutes, vehicleClass: mode === 'sea' ? 'ship' : 'helicopter', route: () => [], fleet, tripMinutes: 2 * minutes, via: { mode, landing: 'direct' },
});

function plan(input: AllocationInput, coupledSolver: 'pricing' | 'lp'): AllocationPlan {
  const r = optimiseAllocation(highs, input, { coupledSolver });
  if (!r.ok) throw new Error(`solver failed: ${JSON.stringify(r)}`);
  return r.plan;
}

/** The plan's weighted unmet demand before whole units: the LP's value it was rounded from. */
const lpValue = (p: AllocationPlan) => p.objective.weightedUnmet - (p.optimality.wholeUnitsCost ?? 0);

/** Never more than the stock, an allergen to a free-from need, an arc that does not exist, or a fleet's vehicle-minutes. */
function expectFeasible(input: AllocationInput, p: AllocationPlan): void {
  const supply = new Map(input.supplies.map((s) => [s.id, s]));
  const demand = new Map(input.demands.map((d) => [d.id, d]));
  const arcs = new Map(input.arcs.map((a) => [`${a.depot}>${a.destination}>${a.fleet ?? ''}`, a]));
  const used = new Map<string, number>();
  const served = new Map<string, number>();
  const fleetMinutes = new Map<string, number>();
  for (const f of p.flows) {
    expect(f.quantity).toBeGreaterThan(0);
    const s = supply.get(f.supply)!;
    expect(eligible(s, demand.get(f.demand)!)).toBe(true);
    const arc = arcs.get(`${f.depot}>${f.destination}>${f.fleet ?? ''}`);
    expect(arc).toBeDefined();
    used.set(f.supply, (used.get(f.supply) ?? 0) + f.quantity);
    served.set(f.demand, (served.get(f.demand) ?? 0) + f.quantity);
    const fleet = f.fleet === undefined ? undefined : input.fleets?.get(f.fleet);
    for (const u of fleet ? fleetUse(fleet, s, arc!.tripMinutes!) : []) {
      const key = `${f.fleet}\u0000${u.measure}`;
      fleetMinutes.set(key, (fleetMinutes.get(key) ?? 0) + f.quantity * u.perUnit);
    }
  }
  for (const [id, q] of used) expect(q).toBeLessThanOrEqual(supply.get(id)!.available + 1e-6);
  for (const [key, minutes] of fleetMinutes) expect(minutes).toBeLessThanOrEqual(input.fleets!.get(key.split('\u0000')[0]!)!.vehicleMinutes * (1 + 1e-12));
  for (const d of input.demands) {
    const unmet = p.unmet.filter((u) => u.demand === d.id).reduce((n, u) => n + u.quantity, 0);
    expect((served.get(d.id) ?? 0) + unmet).toBeCloseTo(d.quantity, 6);
  }
}

/** Where capacity can bind: the plan with items apart (checked feasible) and the coupled LP's, on the same input. */
function bothWays(input: AllocationInput): { priced: AllocationPlan; coupled: AllocationPlan } | undefined {
  if (!capacityCanBind(input)) return undefined;
  const priced = plan(input, 'pricing');
  expectFeasible(input, priced);
  expect(priced.optimality.method).toBe('per-item-priced');
  return { priced, coupled: plan(input, 'lp') };
}

/**
 * Random small instances where ships' and helicopters' trips can bind: up to 10 needs at five shelters (0–2 by road,
 * a missing time being a closed road; 3–4 only by ship or helicopter), stock at three depots, sometimes a depot's kg.
 */
function bindingCraft(catalogue: typeof items): fc.Arbitrary<AllocationInput> {
  const allergenSet = fc.subarray<Allergen>(['egg', 'milk'], { maxLength: 1 });
  return fc
    .tuple(
      fc.array(fc.record({ dest: fc.nat(4), item: fc.nat(2), q: fc.integer({ min: 1, max: 400 }), p: fc.constantFrom<DemandLine['priority']>('urgent', 'high', 'normal'), free: allergenSet }), { minLength: 1, maxLength: 10 }),
      fc.array(fc.record({ depot: fc.nat(2), item: fc.nat(2), q: fc.integer({ min: 0, max: 600 }), contains: fc.option(allergenSet, { nil: undefined }) }), { minLength: 1, maxLength: 7 }),
      fc.array(fc.option(fc.integer({ min: 5, max: 120 }), { nil: undefined }), { minLength: 9, maxLength: 9 }),
      fc.record({ shipMinutes: fc.integer({ min: 60, max: 3000 }), heliMinutes: fc.integer({ min: 30, max: 1200 }), shipFrom: fc.nat(2), heliFrom: fc.nat(2), depotKg: fc.option(fc.integer({ min: 20, max: 400 }), { nil: undefined }) }),
    )
    .map(([ds, ss, times, craft]): AllocationInput => {
      const demands = ds.map((d, i): DemandLine => ({ id: `d${i}`, destination: `S${d.dest}`, category: catalogue[d.item]!.category, unit: catalogue[d.item]!.unit, quantity: d.q, priority: d.p, freeFrom: d.item === 1 ? d.free : [] }));
      const supplies = ss.map((s, j): SupplyLine => {
        const it = catalogue[s.item]!;
        return { id: `s${j}`, depot: `D${s.depot}`, category: it.category, unit: it.unit, available: s.q, contains: s.item === 1 ? s.contains : [], kgPerUnit: it.kg, ...(it.litres ? { litresPerUnit: it.litres } : {}) };
      });
      const arcs: Arc[] = [0, 1, 2].flatMap((dp) => [0, 1, 2].flatMap((sh) => (times[dp * 3 + sh] === undefined ? [] : [road(`D${dp}`, `S${sh}`, times[dp * 3 + sh]!)])));
      arcs.push(craftArc(`D${craft.shipFrom}`, 'S3', 'ship', 'sea', 240), craftArc(`D${craft.shipFrom}`, 'S4', 'ship', 'sea', 300));
      arcs.push(craftArc(`D${craft.heliFrom}`, 'S4', 'heli', 'air', 45));
      return {
        demands, supplies, arcs,
        transportKg: craft.depotKg === undefined ? new Map() : new Map([['D0', craft.depotKg]]),
        fleets: new Map<string, FleetCapacity>([
          ['ship', { count: 1, kg: 500, litres: 3000, vehicleMinutes: craft.shipMinutes, mode: 'sea' }],
          ['heli', { count: 2, kg: 100, litres: 800, vehicleMinutes: craft.heliMinutes, mode: 'air' }],
        ]),
      };
    });
}

describe('items apart while ships and aircraft bind', () => {
  it('gives the urgent water the ship’s trips before the blankets, as the coupled LP does, and says so exactly', () => {
    // One ship, 1 t a voyage of 600 minutes, 1,200 minutes in the window: 2 t to the island in all.
    const input: AllocationInput = {
      demands: [
        { id: 'water', destination: 'island', category: 'drinking-water', unit: 'litre', quantity: 1500, priority: 'urgent', freeFrom: [] },
        { id: 'blankets', destination: 'island', category: 'blanket', unit: 'piece', quantity: 500, priority: 'normal', freeFrom: [] },
        { id: 'mainland', destination: 'town', category: 'blanket', unit: 'piece', quantity: 100, priority: 'high', freeFrom: [] },
      ],
      supplies: [
        { id: 'w', depot: 'port', category: 'drinking-water', unit: 'litre', available: 5000, contains: [], kgPerUnit: 1 },
        { id: 'b', depot: 'port', category: 'blanket', unit: 'piece', available: 1000, contains: [], kgPerUnit: 1.6 },
      ],
      arcs: [craftArc('port', 'island', 'ship', 'sea', 300), road('port', 'town', 40)],
      transportKg: new Map(),
      fleets: new Map<string, FleetCapacity>([['ship', { count: 1, kg: 1000, litres: undefined, vehicleMinutes: 1200, mode: 'sea' }]]),
    };
    expect(craftCanBind(input)).toBe(true);
    const priced = plan(input, 'pricing');
    const coupled = plan(input, 'lp');
    expectFeasible(input, priced);
    expect(priced.optimality.method).toBe('per-item-priced');
    expect(coupled.optimality.method).toBe('coupled');
    expect(priced.optimality.pricingGap).toBe(0);
    // 1,500 kg of water first; the other 500 kg carry 312 whole blankets (312.5 in the LP).
    expect(priced.flows.find((f) => f.demand === 'water')?.quantity).toBe(1500);
    expect(priced.flows.find((f) => f.demand === 'blankets')?.quantity).toBe(312);
    expect(lpValue(priced)).toBeCloseTo(lpValue(coupled), 6);
    expect(priced.objective.weightedUnmet).toBeCloseTo(coupled.objective.weightedUnmet, 6);
    expect(priced.objective.transportMinutes).toBeCloseTo(coupled.objective.transportMinutes, 6);
    // The ship's vehicle-minute is worth what the blankets it would carry are: 1 t per 600 minutes of 1.6 kg blankets.
    expect(priced.shadowPrices).toContainEqual(expect.objectContaining({ kind: 'fleet', fleet: 'ship', measure: 'weight' }));
    const price = priced.shadowPrices.find((p) => p.kind === 'fleet')!;
    expect(price.kind === 'fleet' && price.perVehicleMinute).toBeCloseTo(1000 / 1.6 / 600, 9);
    const explanation = explainPlan(input, priced, { isolated: ['island'], arcsPerDestination: 6 });
    expect(explanation.capacity?.[0]?.code).toBe('LOGISTICS_CAPACITY_LIMITED');
    expect(explanation.capacity?.[1]).toMatchObject({ code: 'LOGISTICS_CAPACITY_BINDS_TRIP', params: { fleet: 'ship', trips: 2 } });
  });

  it('plans feasibly and within its stated bound of the coupled LP’s first objective, equal when it claims exactness, on random instances', () => {
    fc.assert(
      fc.property(bindingCraft(items), (input) => {
        const both = bothWays(input);
        if (both === undefined) return;
        const { priced, coupled } = both;
        const stated = priced.optimality.pricingGap!;
        const [mine, optimum] = [lpValue(priced), lpValue(coupled)];
        // Both plans snap flows of litres to a millionth (withinTolerance): up to 1e-6 × weight 100 per demand line.
        const tolerance = 1e-7 * Math.max(1, optimum) + 1e-4 * input.demands.length;
        const values = JSON.stringify({ mine, optimum, stated, priced: priced.optimality, coupled: coupled.optimality });
        // Never better than the coupled optimum (it is feasible for the coupled LP), never worse by more than it says:
        // with a stated gap of 0, equal.
        expect(mine, values).toBeGreaterThanOrEqual(optimum - tolerance);
        expect(mine, values).toBeLessThanOrEqual(optimum + stated + tolerance);
        // The bound it states is below the coupled optimum, so its gap covers the distance to it.
        expect(priced.optimality.weightedUnmetLowerBound, values).toBeLessThanOrEqual(optimum + tolerance);
        expect(priced.objective.weightedUnmet - priced.optimality.gap, values).toBeLessThanOrEqual(optimum + tolerance);
      }),
      { numRuns: 100 },
    );
  });

  it('states a gap that covers the coupled optimum when stopped after a few rounds', () => {
    fc.assert(
      fc.property(bindingCraft(items), fc.integer({ min: 1, max: 3 }), (input, maxRounds) => {
        if (!capacityCanBind(input)) return;
        const r = solveByPricing(highs, input, groupModel(input, input.demands, input.supplies), { maxRounds });
        if (!r.ok) throw new Error(r.problem);
        const optimum = lpValue(plan(input, 'lp'));
        const value = r.solution.weightedUnmet;
        const tolerance = 1e-7 * Math.max(1, optimum) + 1e-4 * input.demands.length;
        // The Lagrangian bound is below the coupled optimum, the master's plan above it, and the stated gap spans both.
        expect(r.lagrangianBound).toBeLessThanOrEqual(optimum + tolerance);
        expect(value).toBeGreaterThanOrEqual(optimum - tolerance);
        expect(value - r.pricingGap).toBeLessThanOrEqual(optimum + tolerance + 1e-7 * Math.max(1, value));
      }),
      { numRuns: 60 },
    );
  });

  it('then spends the least transport time, as the coupled LP does, when nothing is rounded to whole units', () => {
    // Litres and kilograms only: no whole units, so both plans are the LPs' own optima and comparable minute for minute.
    const divisible = items.map((it) => (it.unit === 'litre' ? it : { ...it, unit: 'kg' as const, kg: 1 }));
    fc.assert(
      fc.property(bindingCraft(divisible), (input) => {
        const both = bothWays(input);
        if (both === undefined || both.priced.optimality.pricingGap !== 0) return;
        const { priced, coupled } = both;
        const { transportMinutes } = coupled.objective;
        // Each phase holds the first objective within a relative 1e-9 and flows are snapped to a millionth.
        expect(Math.abs(priced.objective.transportMinutes - transportMinutes)).toBeLessThanOrEqual(1e-6 * Math.max(1, transportMinutes) + 1e-3 * input.demands.length);
      }),
      { numRuns: 60 },
    );
  });
});
