import fc from 'fast-check';
import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Allergen } from '../../model/index.ts';
import { eligible, type AllocationInput, type AllocationPlan, type Arc, type DemandLine, type SupplyLine } from './allocation-types.ts';
import { greedyAllocation } from './greedy.ts';
import { capacityCanBind, loadSolver, optimiseAllocation, shortfallBound } from './optimise.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await loadSolver();
});

const arc = (depot: string, destination: string, minutes: number): Arc => ({ depot, destination, minutes, vehicleClass: 'medium-truck', route: () => [`${depot}-${destination}`] });
/** A food line; `contains` undefined means its allergens are unknown. */
const food = (id: string, depot: string, available: number, ...contains: [Allergen[] | undefined] | []): SupplyLine =>
  ({ id, depot, category: 'food', unit: 'meal', available, contains: contains.length === 0 ? [] : contains[0], kgPerUnit: 0.3 });
const need = (id: string, destination: string, quantity: number, priority: DemandLine['priority'] = 'normal', freeFrom: Allergen[] = []): DemandLine => ({ id, destination, category: 'food', unit: 'meal', quantity, priority, freeFrom });

function solve(input: AllocationInput): AllocationPlan {
  const r = optimiseAllocation(highs, input);
  if (!r.ok) throw new Error(`solver failed: ${JSON.stringify(r)}`);
  return r.plan;
}

/** The invariants every plan keeps, checked flow by flow. */
function expectSound(input: AllocationInput, plan: AllocationPlan): void {
  const supply = new Map(input.supplies.map((s) => [s.id, s]));
  const demand = new Map(input.demands.map((d) => [d.id, d]));
  const arcs = new Set(input.arcs.map((a) => `${a.depot}>${a.destination}`));
  const used = new Map<string, number>();
  const served = new Map<string, number>();
  for (const f of plan.flows) {
    expect(f.quantity).toBeGreaterThan(0);
    used.set(f.supply, (used.get(f.supply) ?? 0) + f.quantity);
    served.set(f.demand, (served.get(f.demand) ?? 0) + f.quantity);
    expect(eligible(supply.get(f.supply)!, demand.get(f.demand)!)).toBe(true);
    expect(arcs.has(`${f.depot}>${f.destination}`)).toBe(true);
  }
  for (const [id, q] of used) expect(q).toBeLessThanOrEqual(supply.get(id)!.available + 1e-6);
  for (const d of input.demands) {
    const unmet = plan.unmet.filter((u) => u.demand === d.id).reduce((n, u) => n + u.quantity, 0);
    expect((served.get(d.id) ?? 0) + unmet).toBeCloseTo(d.quantity, 6);
  }
}

describe('the optimised allocation', () => {
  it('sends the nearer depot’s food, then the farther one’s when the nearer runs out, and leaves the rest unmet', () => {
    const input: AllocationInput = {
      demands: [need('d1', 'S1', 100), need('d2', 'S2', 100)],
      supplies: [food('near', 'A', 120), food('far', 'B', 50)],
      arcs: [arc('A', 'S1', 10), arc('B', 'S1', 40), arc('A', 'S2', 15), arc('B', 'S2', 20)],
      transportKg: new Map(),
    };
    const plan = solve(input);
    expectSound(input, plan);
    expect(plan.objective.weightedUnmet).toBeCloseTo(30);
    expect(plan.optimality).toMatchObject({ method: 'per-item', gap: 0 });
    // Stock at A is binding: one more meal there would remove one unit of unmet demand.
    expect(plan.shadowPrices).toContainEqual(expect.objectContaining({ kind: 'stock', supply: 'near', perUnit: 1 }));
  });

  it('serves the urgent demand first when stock is short', () => {
    const input: AllocationInput = {
      demands: [need('normal', 'S1', 80), need('urgent', 'S2', 80, 'urgent')],
      supplies: [food('a', 'A', 100)],
      arcs: [arc('A', 'S1', 5), arc('A', 'S2', 50)],
      transportKg: new Map(),
    };
    const plan = solve(input);
    expect(plan.unmet).toEqual([{ demand: 'normal', quantity: 60 }]);
  });

  it('never sends food containing an allergen, or of unknown allergens, to a free-from need', () => {
    const input: AllocationInput = {
      demands: [need('allergic', 'S1', 30, 'high', ['milk'])],
      supplies: [food('milky', 'A', 100, ['milk', 'wheat']), food('unknown', 'A', 100, undefined), food('safe', 'B', 10, ['wheat'])],
      arcs: [arc('A', 'S1', 5), arc('B', 'S1', 60)],
      transportKg: new Map(),
    };
    const plan = solve(input);
    expectSound(input, plan);
    expect(plan.flows.map((f) => f.supply)).toEqual(['safe']);
    expect(plan.unmet).toEqual([{ demand: 'allergic', quantity: 20 }]);
  });

  it('bounds the shortfall from below by each item’s total deficit, placed on the least urgent demand', () => {
    const demands = [need('a', 'S1', 30, 'urgent'), need('b', 'S2', 50, 'normal'), need('c', 'S3', 40, 'high')];
    // 100 meals for 120 asked: at least 20 unmet, at best all on the normal demand.
    expect(shortfallBound({ demands, supplies: [food('x', 'A', 60), food('y', 'B', 40)] })).toBe(20);
    expect(shortfallBound({ demands, supplies: [food('x', 'A', 10)] })).toBe(50 + 40 * 10 + 20 * 100);
    expect(shortfallBound({ demands, supplies: [food('x', 'A', 500)] })).toBe(0);
  });

  it('couples items when a depot’s vehicles cannot carry all it holds, and prices the transport capacity', () => {
    const water: SupplyLine = { id: 'w', depot: 'A', category: 'drinking-water', unit: 'litre', available: 1000, contains: [], kgPerUnit: 1 };
    const input: AllocationInput = {
      demands: [need('d1', 'S1', 100), { id: 'd2', destination: 'S1', category: 'drinking-water', unit: 'litre', quantity: 100, priority: 'high', freeFrom: [] }],
      supplies: [food('f', 'A', 1000), water],
      arcs: [arc('A', 'S1', 10)],
      transportKg: new Map([['A', 60]]),
    };
    expect(capacityCanBind(input)).toBe(true);
    const plan = solve(input);
    expectSound(input, plan);
    expect(plan.optimality.method).toBe('coupled');
    // 60 kg: water (weight 10 per kg of unmet, priority high) goes first.
    expect(plan.flows.find((f) => f.supply === 'w')?.quantity).toBeCloseTo(60);
    expect(plan.shadowPrices).toContainEqual(expect.objectContaining({ kind: 'transport', depot: 'A' }));
  });

  it('moves goods counted in units in whole units when capacity makes the LP fractional, and says what that costs in its gap', () => {
    // 20 kg of capacity carries 66.67 meals of 0.3 kg: the LP's vertex; a plan carries 66.
    const input: AllocationInput = { demands: [need('d1', 'S1', 100, 'urgent')], supplies: [food('f', 'A', 500)], arcs: [arc('A', 'S1', 10)], transportKg: new Map([['A', 20]]) };
    const plan = solve(input);
    expectSound(input, plan);
    expect(plan.flows.map((f) => f.quantity)).toEqual([66]);
    expect(plan.unmet).toEqual([{ demand: 'd1', quantity: 34 }]);
    // The LP's 33.33 unmet × 100 bounds the optimum; whole units cost at most the remaining 0.67 × 100.
    expect(plan.optimality.weightedUnmetLowerBound).toBeCloseTo(3333.33, 1);
    expect(plan.optimality.gap).toBeCloseTo(66.67, 1);
    expect(plan.optimality.wholeUnitsCost).toBeCloseTo(66.67, 1);
  });

  it('carries whole meals within a fleet’s vehicle-minutes when the fleet runs out', () => {
    // Two shelters share one fleet whose time runs out: the LP ends on a fraction of a meal, the plan on whole meals.
    const fleetArc = (destination: string, minutes: number): Arc => ({ ...arc('A', destination, minutes), fleet: 'F', tripMinutes: 2 * minutes + 60 });
    const input: AllocationInput = {
      demands: [need('d1', 'S1', 500, 'high'), need('d2', 'S2', 500, 'high')],
      supplies: [food('f', 'A', 2000)],
      arcs: [fleetArc('S1', 30), fleetArc('S2', 45)],
      transportKg: new Map(),
      fleets: new Map([['F', { count: 1, kg: 100, litres: undefined, vehicleMinutes: 300 }]]),
    };
    const plan = solve(input);
    expectSound(input, plan);
    for (const f of plan.flows) expect(Number.isInteger(f.quantity)).toBe(true);
    // Vehicle-minutes used: quantity × 0.3 kg × trip minutes ÷ 100 kg per load.
    const used = plan.flows.reduce((m, f) => m + (f.quantity * 0.3 * (2 * f.minutes + 60)) / 100, 0);
    expect(used).toBeLessThanOrEqual(300 + 1e-6);
    // S1's 500 meals take 180 of the 300 minutes; the other 120 carry 266.67 meals to S2 in the LP, 266 whole.
    expect(plan.flows.map((f) => [f.destination, f.quantity]).sort()).toEqual([['S1', 500], ['S2', 266]]);
    // No further whole meal fits: one more to S2 needs 0.45 vehicle-minutes.
    expect(300 - used).toBeLessThan(0.45);
  });

  it('bounds what the pruned arcs may have lost, and the bound never exceeds the optimum over every arc', () => {
    const cell = fc.record({ q: fc.integer({ min: 1, max: 50 }), p: fc.constantFrom<DemandLine['priority']>('urgent', 'high', 'normal') });
    fc.assert(
      fc.property(
        fc.array(cell, { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 90 }), { minLength: 24, maxLength: 24 }),
        fc.integer({ min: 1, max: 4 }),
        (cells, stocks, times, k) => {
          const demands = cells.map((c, i) => need(`d${i}`, `S${i}`, c.q, c.p));
          const supplies = stocks.map((q, j) => food(`s${j}`, `D${j}`, q));
          const all = demands.flatMap((d, i) => supplies.map((s, j) => arc(s.depot, d.destination, times[(i * 4 + j) % 24]!)));
          const pruned = demands.flatMap((d) => all.filter((a) => a.destination === d.destination).sort((a, b) => a.minutes - b.minutes).slice(0, k));
          const full = solve({ demands, supplies, arcs: all, transportKg: new Map() });
          const kept = solve({ demands, supplies, arcs: pruned, transportKg: new Map() });
          expectSound({ demands, supplies, arcs: pruned, transportKg: new Map() }, kept);
          expect(full.optimality.gap).toBeCloseTo(0, 6);
          expect(kept.optimality.weightedUnmetLowerBound).toBeLessThanOrEqual(full.objective.weightedUnmet + 1e-6);
          expect(kept.objective.weightedUnmet).toBeGreaterThanOrEqual(full.objective.weightedUnmet - 1e-6);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('never gives more than the stock, an allergen to a free-from need, or an arc that does not exist; unmet + allocated = demand; never worse than greedy', () => {
    const allergenSet = fc.subarray<Allergen>(['egg', 'milk', 'wheat'], { maxLength: 2 });
    fc.assert(
      fc.property(
        fc.array(fc.record({ q: fc.integer({ min: 1, max: 40 }), dest: fc.nat(3), free: allergenSet, p: fc.constantFrom<DemandLine['priority']>('urgent', 'high', 'normal') }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.record({ q: fc.integer({ min: 0, max: 60 }), depot: fc.nat(2), contains: fc.option(allergenSet, { nil: undefined }) }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.option(fc.integer({ min: 1, max: 90 }), { nil: undefined }), { minLength: 12, maxLength: 12 }),
        fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
        (ds, ss, times, cap) => {
          const demands = ds.map((d, i) => need(`d${i}`, `S${d.dest}`, d.q, d.p, d.free));
          const supplies = ss.map((s, j) => food(`s${j}`, `D${s.depot}`, s.q, s.contains));
          // A missing time is a closed road: no arc at all between that depot and that shelter.
          const arcs = [0, 1, 2].flatMap((dp) => [0, 1, 2, 3].flatMap((sh) => (times[dp * 4 + sh] === undefined ? [] : [arc(`D${dp}`, `S${sh}`, times[dp * 4 + sh]!)])));
          const input: AllocationInput = { demands, supplies, arcs, transportKg: cap === undefined ? new Map() : new Map([['D0', cap]]) };
          const plan = solve(input);
          expectSound(input, plan);
          // Meals go whole onto a vehicle, and within the depot's capacity.
          for (const f of plan.flows) expect(Number.isInteger(f.quantity)).toBe(true);
          if (cap !== undefined) expect(plan.flows.filter((f) => f.depot === 'D0').reduce((kg, f) => kg + f.quantity * 0.3, 0)).toBeLessThanOrEqual(cap + 1e-6);
          const greedy = greedyAllocation(input);
          expectSound(input, greedy);
          // Equal up to the solver's relative tolerance when greedy happens to be optimal.
          expect(plan.objective.weightedUnmet).toBeLessThanOrEqual(greedy.objective.weightedUnmet * (1 + 1e-6) + 1e-6);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('solves each item as a network to the same two objectives as the HiGHS LP, on random instances', () => {
    const allergenSet = fc.subarray<Allergen>(['egg', 'milk', 'wheat'], { maxLength: 2 });
    const categories = ['food', 'blanket'] as const;
    // Whole pieces, or kilograms to the gram as computed needs have them.
    const quantity = (min: number, max: number) => fc.oneof(fc.integer({ min, max }), fc.integer({ min: min * 1000, max: max * 1000 }).map((g) => g / 1000));
    fc.assert(
      fc.property(
        fc.array(fc.record({ q: quantity(1, 60), dest: fc.nat(4), item: fc.nat(1), free: allergenSet, p: fc.constantFrom<DemandLine['priority']>('urgent', 'high', 'normal') }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.record({ q: quantity(0, 80), depot: fc.nat(3), item: fc.nat(1), contains: fc.option(allergenSet, { nil: undefined }) }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.option(fc.double({ min: 1, max: 90, noNaN: true }), { nil: undefined }), { minLength: 20, maxLength: 20 }),
        (ds, ss, times) => {
          const demands = ds.map((d, i): DemandLine => ({ ...need(`d${i}`, `S${d.dest}`, d.q, d.p, d.free), category: categories[d.item]!, unit: 'piece' }));
          const supplies = ss.map((s, j): SupplyLine => ({ ...food(`s${j}`, `D${s.depot}`, s.q, s.contains), category: categories[s.item]!, unit: 'piece' }));
          const arcs = [0, 1, 2, 3].flatMap((dp) => [0, 1, 2, 3, 4].flatMap((sh) => (times[dp * 5 + sh] === undefined ? [] : [arc(`D${dp}`, `S${sh}`, times[dp * 5 + sh]!)])));
          const input: AllocationInput = { demands, supplies, arcs, transportKg: new Map() };
          const network = solve(input);
          const reference = optimiseAllocation(highs, input, { itemSolver: 'highs' });
          if (!reference.ok) throw new Error('reference failed');
          expectSound(input, network);
          expect(network.optimality.method).toBe('per-item');
          // The reference holds phase 1 within a relative 1e-9 while it minimises transport, works to HiGHS's
          // feasibility tolerances and rounds each flow to a millionth of a unit, then scales flows down onto stock: with
          // urgent weights of 100 its weighted unmet demand came out up to 9.5e-5 above the exact optimum (seeds
          // -1066166016, -1756916816). The network solves both exactly, so it may be that much better, never worse; a
          // real error costs at least a thousandth of a unit times its weight, above this allowance.
          const { weightedUnmet, transportMinutes } = reference.plan.objective;
          const referenceRounding = 1e-6 * Math.max(1, weightedUnmet) + 5e-4;
          expect(network.objective.weightedUnmet).toBeLessThanOrEqual(weightedUnmet + 1e-6);
          expect(network.objective.weightedUnmet).toBeGreaterThanOrEqual(weightedUnmet - 1e-8 * Math.max(1, weightedUnmet) - referenceRounding);
          expect(Math.abs(network.objective.transportMinutes - transportMinutes)).toBeLessThanOrEqual(1e-6 * Math.max(1, transportMinutes) + 1e-6 * weightedUnmet);
          // Both bounds are valid; the duals may differ where they are not unique.
          expect(network.optimality.weightedUnmetLowerBound).toBeLessThanOrEqual(network.objective.weightedUnmet + 1e-6);
        },
      ),
      { numRuns: 80 },
    );
  });
});
