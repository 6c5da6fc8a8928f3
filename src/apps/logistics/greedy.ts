// The baseline a planner would do by hand: serve the most urgent demands first, each from its nearest depots in
// order of travel time, taking what is there. Pure; the optimiser is measured against it.
import {
  arcsByDestination, depotCategoryKey, eligible, objectiveOf, priorityWeights, suppliesByDepot,
  type AllocationInput, type AllocationPlan, type Flow, type Unmet,
} from './allocation-types.ts';
import { countedUnit } from './whole-units.ts';

export function greedyAllocation(input: AllocationInput): AllocationPlan {
  const left = new Map(input.supplies.map((s) => [s.id, Math.max(0, s.available)]));
  const kgLeft = new Map(input.transportKg);
  const arcs = arcsByDestination(input.arcs);
  const supplies = suppliesByDepot(input.supplies);
  const order = [...input.demands].sort((a, b) => priorityWeights[b.priority] - priorityWeights[a.priority]);
  const flows: Flow[] = [];
  const unmet: Unmet[] = [];
  for (const d of order) {
    let need = d.quantity;
    for (const arc of arcs.get(d.destination) ?? []) {
      if (need <= 0) break;
      for (const s of supplies.get(depotCategoryKey(arc.depot, d.category)) ?? []) {
        if (need <= 0) break;
        if (!eligible(s, d)) continue;
        const kg = kgLeft.get(arc.depot);
        // Goods counted in units go whole onto a vehicle, as in the optimised plan.
        const carried = kg === undefined ? Infinity : s.kgPerUnit > 0 ? kg / s.kgPerUnit : Infinity;
        const byWeight = countedUnit(s.unit) ? Math.floor(carried + 1e-9) : carried;
        const take = Math.min(need, left.get(s.id)!, byWeight);
        if (take <= 0) continue;
        left.set(s.id, left.get(s.id)! - take);
        if (kg !== undefined) kgLeft.set(arc.depot, kg - take * s.kgPerUnit);
        need -= take;
        flows.push({ demand: d.id, supply: s.id, depot: arc.depot, destination: d.destination, category: d.category, quantity: take, minutes: arc.minutes, vehicleClass: arc.vehicleClass });
      }
    }
    if (need > 0) unmet.push({ demand: d.id, quantity: need });
  }
  const objective = objectiveOf(input.demands, flows, unmet);
  return { flows, unmet, objective, optimality: { method: 'greedy', weightedUnmetLowerBound: 0, gap: objective.weightedUnmet }, shadowPrices: [] };
}
