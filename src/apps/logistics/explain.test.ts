import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { logisticsMessages } from './messages.ts';

const message = logisticsMessages.text;
import type { AllocationInput, Arc, SupplyLine } from './allocation-types.ts';
import { explainPlan, transportRelief } from './explain.ts';
import { loadSolver, optimiseAllocation } from './optimise.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await loadSolver();
});

const arc = (depot: string, destination: string, minutes: number): Arc => ({ depot, destination, minutes, vehicleClass: 'medium-truck', route: () => [`road-${depot}-${destination}`] });
const line = (id: string, depot: string, category: SupplyLine['category'], available: number, contains: SupplyLine['contains'] = []): SupplyLine =>
  ({ id, depot, category, unit: category === 'food' || category === 'allergy-friendly-food' ? 'meal' : 'piece', available, contains, kgPerUnit: 0.4 });

// Shelter S1 needs milk-free meals and blankets; the nearest depot A only has meals with milk; B (farther) has
// milk-free meals; blankets run short everywhere; shelter S9 has no road.
const input: AllocationInput = {
  demands: [
    { id: 'meals', destination: 'S1', category: 'allergy-friendly-food', unit: 'meal', quantity: 30, priority: 'high', freeFrom: ['milk'] },
    { id: 'blankets', destination: 'S1', category: 'blanket', unit: 'piece', quantity: 100, priority: 'normal', freeFrom: [] },
  ],
  supplies: [line('a-meals', 'A', 'allergy-friendly-food', 500, ['milk']), line('b-meals', 'B', 'allergy-friendly-food', 40, []), line('a-blankets', 'A', 'blanket', 60)],
  arcs: [arc('A', 'S1', 12), arc('B', 'S1', 45)],
  transportKg: new Map(),
};

describe('the explanation of a plan', () => {
  const plan = () => {
    const r = optimiseAllocation(highs, input);
    if (!r.ok) throw new Error('solver failed');
    return explainPlan(input, r.plan, { isolated: ['S9'], arcsPerDestination: 2 });
  };

  it('says the milk-free meals come from the farther depot because the nearer one’s contain milk, with the route', () => {
    const s1 = plan().destinations.find((d) => d.destination === 'S1')!;
    const meals = s1.deliveries.find((d) => d.flow.category === 'allergy-friendly-food')!;
    expect(meals.flow).toMatchObject({ depot: 'B', quantity: 30 });
    expect(meals.route).toEqual(['road-B-S1']);
    expect(meals.reasons).toEqual([{ code: 'LOGISTICS_FLOW_NEARER_ALLERGEN', params: { item: 'allergy-friendly-food', depot: 'A', minutes: 12, allergens: 'milk' } }]);
    expect(message(meals.reasons[0]!.code, meals.reasons[0]!.params, 'en')).toContain('contains, or may contain, an allergen this need avoids (milk)');
    const blankets = s1.deliveries.find((d) => d.flow.category === 'blanket')!;
    expect(blankets.reasons[0]!.code).toBe('LOGISTICS_FLOW_NEAREST');
  });

  it('marks the shelter with no road as isolated, needing air or sea delivery', () => {
    const s9 = plan().destinations.find((d) => d.destination === 'S9')!;
    expect(message(s9.isolated!.code, s9.isolated!.params, 'ja')).toContain('空路または海路');
  });

  it('names blankets as what runs out first and says one more blanket at A relieves the shortfall', () => {
    const [first] = plan().shortages;
    expect(first).toMatchObject({ category: 'blanket', demanded: 100, available: 60, unmet: 40 });
    expect(first!.reasons.map((r) => r.code)).toEqual(['LOGISTICS_SHORTAGE_FIRST', 'LOGISTICS_SHORTAGE', 'LOGISTICS_RELIEF_STOCK']);
    expect(first!.reasons[2]!.params).toMatchObject({ depot: 'A', value: 1 });
    expect(message('LOGISTICS_RELIEF_STOCK', first!.reasons[2]!.params, 'en')).toBe('Each additional unit of blanket at A would reduce the priority-weighted shortfall by 1');
  });

  it('states that the plan is proven optimal when the duals close the gap', () => {
    expect(plan().optimality.code).toBe('LOGISTICS_OPTIMALITY_EXACT');
  });

  it('says how much whole units cost when the vehicles’ capacity cuts a load short of a whole unit', () => {
    // 11.9 kg at B carry 29.75 milk-free meals of 0.4 kg in the LP, 29 whole ones: 0.75 high-priority meals more unmet.
    const r = optimiseAllocation(highs, { ...input, transportKg: new Map([['B', 11.9]]) });
    if (!r.ok) throw new Error('solver failed');
    const reason = explainPlan(input, r.plan, { isolated: [], arcsPerDestination: 2 }).optimality;
    expect(reason.code).toBe('LOGISTICS_OPTIMALITY_WHOLE_UNITS');
    expect(reason.params).toMatchObject({ cost: 7.5 });
    expect(message(reason.code, reason.params, 'en')).toMatch(/^Goods counted in units travel in whole units, which leaves a priority-weighted shortfall 7\.5 above/);
  });

  it('names binding transport capacity as relief when vehicles are full', () => {
    const r = optimiseAllocation(highs, { ...input, transportKg: new Map([['A', 10]]) });
    if (!r.ok) throw new Error('solver failed');
    expect(transportRelief(r.plan).map((x) => x.params.depot)).toEqual(['A']);
  });
});
