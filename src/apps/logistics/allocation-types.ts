// The allocation problem and plan as plain values, shared by the optimiser, the greedy baseline and the explanation.
import type { Allergen, DemandPriority, StockCategory, StockUnit, VehicleClass } from '../../model/index.ts';
import type { ArcBasis } from './lead-times.ts';

/** One demand line to serve: a demand record reduced to what allocation needs. */
export interface DemandLine {
  id: string;
  destination: string;
  category: StockCategory;
  unit: StockUnit;
  quantity: number;
  priority: DemandPriority;
  /** Allergens the items must not contain; empty when the need has none. */
  freeFrom: readonly Allergen[];
}

/** One stock line that can ship: a stock record reduced to what allocation needs. */
export interface SupplyLine {
  id: string;
  depot: string;
  category: StockCategory;
  unit: StockUnit;
  /** What can ship now (shippableQuantity of the stock record). */
  available: number;
  /** Specified allergens the item contains; undefined when unknown, which no free-from need accepts. */
  contains: readonly Allergen[] | undefined;
  /** Weight of one unit, for transport capacity. */
  kgPerUnit: number;
  /** Packed volume of one unit in litres, for the fleets' load volume; absent: not counted against volume. */
  litresPerUnit?: number;
}

/** A depot → destination pair the optimiser may use: the fastest open route for one of the depot's vehicle classes. */
export interface Arc {
  depot: string;
  destination: string;
  minutes: number;
  vehicleClass: VehicleClass;
  /** The road-segment ids of the route, computed when asked (only used flows need them). */
  route: () => string[];
  /** The fleet that carries goods on this arc (a key of `fleets`), and its vehicles' whole cycle for one trip. */
  fleet?: string;
  tripMinutes?: number;
  /** How the time is known when it is not a road-network path: a stated lead time or the straight-line estimate. */
  basis?: ArcBasis;
  /**
   * A ship's or aircraft's arc (sea-air-arcs.ts): its mode, and the landing point it unloads at (an index into the
   * fleet's landing points), or `direct` for an aircraft flying to the destination itself; `road` when a truck first
   * takes the stock from the depot to the port or airfield (port-legs.ts): that drive's minutes and vehicle class.
   */
  via?: { mode: 'sea' | 'air'; landing: number | 'direct'; road?: { minutes: number; vehicleClass: VehicleClass } };
}

/**
 * One fleet's transport capacity in the planning window (transport-capacity.ts): `count` vehicles of one class, each
 * carrying up to `kg` and `litres` per trip, with `vehicleMinutes` of driving time among them in the window.
 */
export interface FleetCapacity {
  count: number;
  kg: number;
  litres: number | undefined;
  vehicleMinutes: number;
  /** A ship or aircraft fleet; absent: road vehicles. */
  mode?: 'sea' | 'air';
}

export interface AllocationInput {
  demands: readonly DemandLine[];
  supplies: readonly SupplyLine[];
  arcs: readonly Arc[];
  /** Transport capacity per depot in kg for the planning window; a depot absent here has no capacity limit modelled. */
  transportKg: ReadonlyMap<string, number>;
  /** Fleets by key, for arcs naming one: each bounds the trips of its arcs by weight and volume (transport-capacity.ts). */
  fleets?: ReadonlyMap<string, FleetCapacity>;
  /**
   * Whether a depot and a destination lie in the same connected part of the road network; false means no road at all
   * joins them, so the bound need not consider that pair. Absent: every pair may be joined.
   */
  sameNetworkPart?: (depot: string, destination: string) => boolean;
}

/** Weight of one unit of unmet demand in the first objective, by priority. */
export const priorityWeights: Readonly<Record<DemandPriority, number>> = { urgent: 100, high: 10, normal: 1 };

export interface Flow {
  demand: string;
  supply: string;
  depot: string;
  destination: string;
  category: StockCategory;
  quantity: number;
  minutes: number;
  vehicleClass: VehicleClass;
  /** The fleet carrying it, when the arc names one. */
  fleet?: string;
}

export interface Unmet {
  demand: string;
  quantity: number;
}

/** The value of one more unit of a binding constraint, in priority-weighted unmet demand it would remove. */
export type ShadowPrice =
  | { kind: 'stock'; supply: string; depot: string; category: StockCategory; perUnit: number }
  | { kind: 'transport'; depot: string; perKg: number }
  | { kind: 'fleet'; fleet: string; measure: 'weight' | 'volume'; perVehicleMinute: number };

export interface PlanObjective {
  /** Σ priority weight × unmet quantity. */
  weightedUnmet: number;
  /** Σ quantity × travel minutes of the route (a proxy for transport effort). */
  transportMinutes: number;
}

/** How far from the optimum over every reachable depot the plan can be, and why. */
export interface Optimality {
  /**
   * 'per-item-priced': items apart while transport capacity binds, the capacity priced by a master LP
   * (craft-decomposition.ts); its bound is then also the coupled LP's Lagrangian dual.
   */
  method: 'per-item' | 'per-item-priced' | 'coupled' | 'greedy';
  /** A lower bound on the weighted unmet demand of any plan over all reachable arcs (from the LP duals). */
  weightedUnmetLowerBound: number;
  /** weightedUnmet − lower bound: 0 means the first objective is optimal over all arcs, not just the kept ones. */
  gap: number;
  /**
   * The part of the gap that whole units cost: the weighted unmet demand the plan has above the LP's fractional
   * optimum on the kept arcs, once goods counted in units were rounded to whole units (whole-units.ts). Absent: none.
   */
  wholeUnitsCost?: number;
  /**
   * Items solved apart with capacity priced ('per-item-priced'): how much the plan's LP value (before whole units) may
   * exceed the coupled LP's optimum over the same arcs at most — the master LP's value less its best Lagrangian bound.
   * 0: the two are equal (the coupled optimum). Part of the gap, which bounds it.
   */
  pricingGap?: number;
}

export interface AllocationPlan {
  flows: Flow[];
  unmet: Unmet[];
  objective: PlanObjective;
  optimality: Optimality;
  shadowPrices: ShadowPrice[];
}

/** Whether a stock line may serve a demand line: same item and unit, and none of the allergens the need must avoid. */
export function eligible(s: SupplyLine, d: DemandLine): boolean {
  if (s.category !== d.category || s.unit !== d.unit) return false;
  if (d.freeFrom.length === 0) return true;
  return s.contains !== undefined && !s.contains.some((a) => d.freeFrom.includes(a));
}

export function objectiveOf(demands: readonly DemandLine[], flows: readonly Flow[], unmet: readonly Unmet[]): PlanObjective {
  const weight = new Map(demands.map((d) => [d.id, priorityWeights[d.priority]]));
  return {
    weightedUnmet: unmet.reduce((n, u) => n + weight.get(u.demand)! * u.quantity, 0),
    transportMinutes: flows.reduce((n, f) => n + f.quantity * f.minutes, 0),
  };
}

/** Arcs by destination, fastest first. */
export function arcsByDestination(arcs: readonly Arc[]): Map<string, Arc[]> {
  const out = new Map<string, Arc[]>();
  for (const a of arcs) {
    const list = out.get(a.destination);
    if (list) list.push(a);
    else out.set(a.destination, [a]);
  }
  for (const list of out.values()) list.sort((a, b) => a.minutes - b.minutes);
  return out;
}

/** Stock lines by depot and category. */
export function suppliesByDepot(supplies: readonly SupplyLine[]): Map<string, SupplyLine[]> {
  const out = new Map<string, SupplyLine[]>();
  for (const s of supplies) {
    if (s.available <= 0) continue;
    const key = `${s.depot}\u0000${s.category}`;
    const list = out.get(key);
    if (list) list.push(s);
    else out.set(key, [s]);
  }
  return out;
}
export const depotCategoryKey = (depot: string, category: string) => `${depot}\u0000${category}`;
