// The allocation as a linear programme, lexicographically: first the least priority-weighted unmet demand, then,
// holding that, the least transport time. Items are solved one by one when no transport capacity can bind (then they
// share no constraint and the split is exact), each as the network it is (item-flow.ts); when capacity can bind, still
// apart with the capacity priced (craft-decomposition.ts) where ships or aircraft may run out, else all together by
// HiGHS (WebAssembly, offline). Arcs are the kept depot → destination pairs only; the phase-1 duals bound what the
// pruned arcs may have lost (docs/logistics.md).
import highsModule, { type Highs } from 'highs';
import {
  arcsByDestination, depotCategoryKey, eligible, objectiveOf, priorityWeights, suppliesByDepot,
  type AllocationInput, type AllocationPlan, type DemandLine, type Flow, type Optimality, type ShadowPrice, type SupplyLine, type Unmet,
} from './allocation-types.ts';
import { solveByPricing } from './craft-decomposition.ts';
import { solveItemAsFlow } from './item-flow.ts';
import { capacityLimits, capacityRowsOf } from './capacity-rows.ts';
import { fleetsCanBind } from './transport-capacity.ts';
import { inWholeUnits } from './whole-units.ts';

export type OptimiseResult = { ok: true; plan: AllocationPlan } | { ok: false; code: 'LOGISTICS_SOLVER_FAILED'; phase: 1 | 2; status: number };

/** Load the HiGHS WebAssembly solver once; the caller keeps it (loading is the only effect here). */
export async function loadSolver(): Promise<Highs> {
  // The package ships an ES module whose default export is the loader, but declares its types as CommonJS, so under
  // NodeNext TypeScript sees the module object as the default import.
  const load = highsModule as unknown as () => Promise<Highs>;
  return load();
}

const OPTIMAL = 7;
const EPS = 1e-9;
/** How close to a whole unit a solver value must be to be taken as that whole unit (well above HiGHS' 1e-7 tolerances). */
const SNAP_TO_WHOLE = 1e-5;

interface Column {
  demand: DemandLine;
  /** Row of the demand line (its index in the group's demands). */
  demandRow: number;
  /** Row of the stock line (after the demand rows). */
  supplyRow: number;
  supply: SupplyLine;
  minutes: number;
  vehicleClass: Flow['vehicleClass'];
  /** The fleet carrying this arc's goods and its vehicles' whole cycle for one trip (0 without a fleet). */
  fleet: string | undefined;
  tripMinutes: number;
}

/** Whether some depot's capacity could bind: the weight of everything it could ship exceeds what its vehicles carry. */
export function capacityCanBind(input: AllocationInput): boolean {
  const kg = new Map<string, number>();
  for (const s of input.supplies) kg.set(s.depot, (kg.get(s.depot) ?? 0) + Math.max(0, s.available) * s.kgPerUnit);
  for (const [depot, cap] of input.transportKg) if ((kg.get(depot) ?? 0) > cap + EPS) return true;
  return fleetsCanBind(input);
}

/** Whether a ship's or aircraft's trips could run out (fleetsCanBind over those fleets alone). */
export function craftCanBind(input: AllocationInput): boolean {
  const craft = new Map([...(input.fleets ?? [])].filter(([, f]) => f.mode !== undefined));
  return craft.size > 0 && fleetsCanBind({ ...input, fleets: craft });
}

interface GroupResult {
  flows: Flow[];
  unmet: Unmet[];
  weightedUnmet: number;
  lowerBound: number;
  shadowPrices: ShadowPrice[];
}

/** One item group's demand rows, stock rows and flow columns, the same for every solver. */
export interface GroupModel {
  demands: readonly DemandLine[];
  supplies: readonly SupplyLine[];
  columns: Column[];
  /** Row of each stock line used by some column; demand rows come first (row r is demands[r]). */
  supplyRow: Map<string, number>;
  supplyById: Map<string, SupplyLine>;
}

/** The flow columns: each demand line × each eligible stock line at a depot on one of the destination's kept arcs. */
export function groupModel(input: AllocationInput, demands: readonly DemandLine[], supplies: readonly SupplyLine[], arcs = arcsByDestination(input.arcs)): GroupModel {
  const byDepot = suppliesByDepot(supplies);
  const columns: Column[] = [];
  const supplyRow = new Map<string, number>();
  let rows = demands.length;
  demands.forEach((d, demandRow) => {
    for (const arc of arcs.get(d.destination) ?? []) {
      for (const s of byDepot.get(depotCategoryKey(arc.depot, d.category)) ?? []) {
        if (!eligible(s, d)) continue;
        let row = supplyRow.get(s.id);
        if (row === undefined) supplyRow.set(s.id, (row = rows++));
        columns.push({
          demand: d, demandRow, supply: s, supplyRow: row, minutes: arc.minutes, vehicleClass: arc.vehicleClass,
          fleet: arc.fleet, tripMinutes: arc.tripMinutes ?? 0,
        });
      }
    }
  });
  return { demands, supplies, columns, supplyRow, supplyById: new Map(supplies.map((s) => [s.id, s])) };
}

/** What a solver returns for a group: column values, the phase-1 row duals (HiGHS' signs) and the least weighted unmet demand. */
export interface GroupSolution {
  x: Float64Array;
  dual: Float64Array;
  weightedUnmet: number;
  /** Transport capacity rows by depot (the HiGHS model only) with their upper bounds. */
  capacityRow: ReadonlyMap<string, number>;
  /** Fleet rows (the HiGHS model only), keyed by fleet and measure (`fleet\u0000weight|volume`). */
  fleetRow: ReadonlyMap<string, number>;
  rowUpper: Float64Array;
}

/** The plan of one group from a solver's answer: flows within tolerance, shadow prices and the pruned-arc bound. */
export function groupResult(input: AllocationInput, model: GroupModel, solution: GroupSolution): GroupResult {
  const { demands, supplies, columns, supplyRow, supplyById } = model;
  const { dual, capacityRow, fleetRow, rowUpper } = solution;
  // Capacity rows are what make a vertex fractional; without them every flow of whole-unit data is whole already.
  const capacityBound = capacityRow.size > 0 || fleetRow.size > 0;
  const wholeUnits = capacityBound ? (amount: Float64Array, limit: Float64Array) => inWholeUnits(input, model.columns, amount, limit) : undefined;
  // The same rows the solver had (numbered the same way), so that round-off never takes a flow past a capacity either.
  const capacity = capacityBound ? { uses: capacityRowsOf(input, model.columns, model.demands.length + model.supplyRow.size).uses, limit: solution.rowUpper } : undefined;
  const { flows, unmet } = withinTolerance(model, solution.x, wholeUnits, capacity);
  const shadowPrices: ShadowPrice[] = [];
  for (const [id, row] of supplyRow) {
    if (dual[row]! < -EPS) {
      const s = supplyById.get(id)!;
      shadowPrices.push({ kind: 'stock', supply: id, depot: s.depot, category: s.category, perUnit: -dual[row]! });
    }
  }
  for (const [depot, row] of capacityRow) if (dual[row]! < -EPS) shadowPrices.push({ kind: 'transport', depot, perKg: -dual[row]! });
  for (const [key, row] of fleetRow) {
    const [fleet, measure] = key.split('\u0000') as [string, 'weight' | 'volume'];
    if (dual[row]! < -EPS) shadowPrices.push({ kind: 'fleet', fleet, measure, perVehicleMinute: -dual[row]! });
  }
  // A fleet row's dual only lowers a pruned arc's price, so leaving it out of the price keeps the bound valid; its
  // right-hand side still counts in the dual objective.
  const lowerBound = prunedArcBound(input, demands, supplies, columns, dual, supplyRow, new Map([...capacityRow, ...fleetRow]), rowUpper);
  return { flows, unmet, weightedUnmet: solution.weightedUnmet, lowerBound, shadowPrices };
}

/** The group as one HiGHS LP (with transport capacity rows when they may bind), solved lexicographically in two phases. */
function solveGroupWithHighs(highs: Highs, input: AllocationInput, group: GroupModel, withCapacity: boolean, timeLimitSeconds = Infinity): GroupSolution | { failed: 1 | 2; status: number } {
  const { demands, columns, supplyRow, supplyById } = group;
  // A depot's kg and a fleet's vehicle-minutes by weight and by volume (capacity-rows.ts).
  const capacity = withCapacity
    ? capacityRowsOf(input, columns, demands.length + supplyRow.size)
    : { capacityRow: new Map<string, number>(), fleetRow: new Map<string, number>(), uses: [], end: demands.length + supplyRow.size };
  const { capacityRow, fleetRow } = capacity;
  const rows = capacity.end;
  const starts: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  columns.forEach((c, j) => {
    indices.push(c.demandRow, c.supplyRow);
    values.push(1, 1);
    for (const [row, value] of capacity.uses[j] ?? []) {
      indices.push(row);
      values.push(value);
    }
    starts.push(indices.length);
  });
  // One unmet column per demand row, after the flows.
  demands.forEach((_, r) => {
    indices.push(r);
    values.push(1);
    starts.push(indices.length);
  });
  const numCols = columns.length + demands.length;
  const rowLower = new Float64Array(rows).fill(-highs.infinity);
  const rowUpper = new Float64Array(rows);
  demands.forEach((d, r) => {
    rowLower[r] = d.quantity;
    rowUpper[r] = d.quantity;
  });
  for (const [id, row] of supplyRow) rowUpper[row] = Math.max(0, supplyById.get(id)!.available);
  capacityLimits(input, capacity, rowUpper);
  const unmetCost = new Float64Array(numCols);
  demands.forEach((d, r) => (unmetCost[columns.length + r] = priorityWeights[d.priority]));
  // CSC needs each column's row indices increasing: demand row < supply row < capacity and fleet rows (sorted by capacityRowsOf).
  const model = highs.createModel({
    numCols, numRows: rows, colCost: unmetCost, colLower: new Float64Array(numCols), colUpper: new Float64Array(numCols).fill(highs.infinity),
    rowLower, rowUpper,
    matrix: { format: 'csc', numRows: rows, numCols, starts: Int32Array.from(starts), indices: Int32Array.from(indices), values: Float64Array.from(values) },
  });
  try {
    model.options.set({ output_flag: false, primal_feasibility_tolerance: 1e-9, dual_feasibility_tolerance: 1e-9 });
    if (Number.isFinite(timeLimitSeconds)) model.options.set({ time_limit: timeLimitSeconds });
    // Phase 1 alone is highly degenerate (only unmet demand costs anything) and slow for simplex; a tiny travel-time
    // cost first gives it a near-optimal basis, and phase 1 proper then starts from there. Both are exact LP solves.
    const nudge = new Float64Array(numCols);
    const slowest = columns.reduce((m, c) => Math.max(m, c.minutes), 1);
    columns.forEach((c, j) => (nudge[j] = (1e-3 * c.minutes) / slowest));
    model.changeColsCost({ kind: 'range', from: 0, to: numCols - 1 }, Float64Array.from(unmetCost, (u, j) => u + nudge[j]!));
    model.run();
    model.changeColsCost({ kind: 'range', from: 0, to: numCols - 1 }, unmetCost);
    model.run();
    if (model.getModelStatus() !== OPTIMAL) return { failed: 1, status: model.getModelStatus() };
    const weightedUnmet = model.getObjectiveValue();
    const dual = model.getSolution().rowDual;
    // Phase 2: hold the weighted unmet demand (with a tolerance for round-off) and minimise transport time.
    const timeCost = new Float64Array(numCols);
    columns.forEach((c, j) => (timeCost[j] = c.minutes));
    model.changeColsCost({ kind: 'range', from: 0, to: numCols - 1 }, timeCost);
    const unmetIdx = demands.map((_, r) => columns.length + r);
    model.addRow(-highs.infinity, weightedUnmet + 1e-9 * Math.max(1, weightedUnmet), { indices: unmetIdx, values: demands.map((d) => priorityWeights[d.priority]) });
    model.run();
    if (model.getModelStatus() !== OPTIMAL) return { failed: 2, status: model.getModelStatus() };
    return { x: model.getSolution().colValue, dual, weightedUnmet, capacityRow, fleetRow, rowUpper };
  } finally {
    model.dispose();
  }
}

/**
 * Flows and unmet demand from the solver's values, with round-off within the solver's tolerance taken out so the
 * plan's invariants hold exactly: no stock line gives more than it has, no demand gets more than it asked for, and
 * served + unmet is the demand.
 */
function withinTolerance(
  model: GroupModel,
  x: Float64Array,
  wholeUnits?: (amount: Float64Array, rowLimit: Float64Array) => Float64Array,
  capacity?: { uses: readonly (readonly [row: number, perUnit: number])[][]; limit: Float64Array },
): { flows: Flow[]; unmet: Unmet[] } {
  const { columns, demands, supplyRow, supplyById } = model;
  // The solver's values sit within its tolerance of the vertex, which for one item is integral: snap a value that close
  // to a whole unit onto it (else 1079.999999 meals would be scaled and leave millionths unmet everywhere), any other
  // value to a millionth of a unit.
  let amount: Float64Array = Float64Array.from(columns, (_, j) => {
    const v = x[j]!;
    const whole = Math.round(v);
    return Math.max(0, Math.abs(v - whole) <= SNAP_TO_WHOLE ? whole : Math.round(v * 1e6) / 1e6);
  });
  // Rows as in the model: demand rows first, then stock rows; each row's limit is what it may give or receive.
  const limit = new Float64Array(demands.length + supplyRow.size);
  demands.forEach((d, r) => (limit[r] = d.quantity));
  for (const [id, row] of supplyRow) limit[row] = Math.max(0, supplyById.get(id)!.available);
  const scaleDown = (rowOf: (c: Column) => number) => {
    const total = new Float64Array(limit.length);
    columns.forEach((c, j) => (total[rowOf(c)]! += amount[j]!));
    columns.forEach((c, j) => {
      const row = rowOf(c);
      if (total[row]! > limit[row]!) amount[j] = (amount[j]! * limit[row]!) / total[row]!;
    });
  };
  scaleDown((c) => c.supplyRow);
  scaleDown((c) => c.demandRow);
  if (capacity) {
    // A value snapped up to a whole unit or a millionth may overrun a capacity row by as much: scaled back onto it.
    const used = new Float64Array(capacity.limit.length);
    columns.forEach((_, j) => {
      for (const [row, perUnit] of capacity.uses[j]!) used[row]! += amount[j]! * perUnit;
    });
    columns.forEach((_, j) => {
      let factor = 1;
      for (const [row] of capacity.uses[j]!) if (used[row]! > capacity.limit[row]!) factor = Math.min(factor, capacity.limit[row]! / used[row]!);
      amount[j]! *= factor;
    });
  }
  if (wholeUnits) amount = wholeUnits(amount, limit);
  const flows: Flow[] = [];
  const served = new Float64Array(demands.length);
  columns.forEach((c, j) => {
    const q = amount[j]!;
    if (q <= EPS) return;
    served[c.demandRow]! += q;
    flows.push({
      demand: c.demand.id, supply: c.supply.id, depot: c.supply.depot, destination: c.demand.destination, category: c.demand.category, quantity: q,
      minutes: c.minutes, vehicleClass: c.vehicleClass, ...(c.fleet !== undefined ? { fleet: c.fleet } : {}),
    });
  });
  const unmet: Unmet[] = [];
  demands.forEach((d, r) => {
    const left = Math.round((d.quantity - served[r]!) * 1e6) / 1e6;
    if (left > 0) unmet.push({ demand: d.id, quantity: left });
  });
  return { flows, unmet };
}

/**
 * A lower bound on the weighted unmet demand over every arc, kept or pruned, from the phase-1 duals (y). A pruned
 * arc from stock line l to demand r could improve the plan only if y_r > −y_l − kg_l·y_cap; lowering each y_r to
 * the cheapest such price over lines it cannot use now makes the duals feasible for the full problem, and by weak
 * duality their objective Σ q_r y_r + Σ S_l y_l + Σ C_d y_cap bounds every plan. A line in another part of the
 * network (no road at all) cannot serve r and is skipped; lines with unknown reachability are counted.
 */
function prunedArcBound(
  input: AllocationInput, demands: readonly DemandLine[], supplies: readonly SupplyLine[], columns: readonly Column[],
  dual: Float64Array, supplyRow: ReadonlyMap<string, number>, capacityRow: ReadonlyMap<string, number>, rowUpper: Float64Array,
): number {
  const capDual = (depot: string) => {
    const row = capacityRow.get(depot);
    return row === undefined ? 0 : dual[row]!;
  };
  const price = (s: SupplyLine) => {
    const row = supplyRow.get(s.id);
    return -(row === undefined ? 0 : dual[row]!) - s.kgPerUnit * capDual(s.depot);
  };
  const byCategory = new Map<string, { s: SupplyLine; price: number }[]>();
  for (const s of supplies) {
    if (s.available <= 0) continue;
    const list = byCategory.get(s.category) ?? [];
    list.push({ s, price: price(s) });
    byCategory.set(s.category, list);
  }
  for (const list of byCategory.values()) list.sort((a, b) => a.price - b.price);
  // A demand row's columns are consecutive (the model is built demand by demand): the stock lines it already uses.
  const firstColumn = new Int32Array(demands.length + 1).fill(columns.length);
  for (let j = columns.length - 1; j >= 0; j--) firstColumn[columns[j]!.demandRow] = j;
  for (let r = demands.length - 1; r >= 0; r--) firstColumn[r] = Math.min(firstColumn[r]!, firstColumn[r + 1]!);
  const kept = (r: number, s: SupplyLine) => {
    for (let j = firstColumn[r]!; j < firstColumn[r + 1]!; j++) if (columns[j]!.supply.id === s.id) return true;
    return false;
  };
  let bound = 0;
  demands.forEach((d, r) => {
    let y = dual[r]!;
    for (const { s, price: p } of byCategory.get(d.category) ?? []) {
      if (p >= y) break;
      if (kept(r, s) || !eligible(s, d)) continue;
      if (input.sameNetworkPart && !input.sameNetworkPart(s.depot, d.destination)) continue;
      y = p;
      break;
    }
    bound += d.quantity * y;
  });
  for (const row of supplyRow.values()) bound += rowUpper[row]! * dual[row]!;
  for (const row of capacityRow.values()) bound += rowUpper[row]! * dual[row]!;
  return bound;
}

/**
 * A second lower bound that needs no duals: whatever the roads, an item short in total leaves at least its deficit
 * unmet, and at best on the demand lines of lowest priority. Valid for every plan, so the larger of this and the dual
 * bound is still a bound.
 */
export function shortfallBound(input: Pick<AllocationInput, 'demands' | 'supplies'>): number {
  const supply = new Map<string, number>();
  for (const s of input.supplies) supply.set(`${s.category}\u0000${s.unit}`, (supply.get(`${s.category}\u0000${s.unit}`) ?? 0) + Math.max(0, s.available));
  const byItem = new Map<string, DemandLine[]>();
  for (const d of input.demands) {
    const key = `${d.category}\u0000${d.unit}`;
    const list = byItem.get(key);
    if (list) list.push(d);
    else byItem.set(key, [d]);
  }
  let bound = 0;
  for (const [key, demands] of byItem) {
    let deficit = demands.reduce((n, d) => n + d.quantity, 0) - (supply.get(key) ?? 0);
    for (const d of [...demands].sort((a, b) => priorityWeights[a.priority] - priorityWeights[b.priority])) {
      if (deficit <= 0) break;
      const part = Math.min(deficit, d.quantity);
      bound += part * priorityWeights[d.priority];
      deficit -= part;
    }
  }
  return bound;
}

/** Optimise the allocation; per item when that is exact, all items together when transport capacity couples them. */
export interface OptimiseOptions {
  /** false: one LP for every item even where splitting by item is exact (the monolithic baseline of the benchmark). */
  decompose?: boolean;
  /** Give up after this many seconds per LP (the solver's time_limit); the result is then a solver failure. */
  timeLimitSeconds?: number;
  /**
   * Who solves an item on its own: the network simplex (default; exact for the network an uncoupled item is) or
   * HiGHS (the reference it is tested against).
   */
  itemSolver?: 'network' | 'highs';
  /**
   * How items coupled by transport capacity are solved: 'pricing', apart, the capacity priced by a master LP
   * (craft-decomposition.ts), or 'lp', all together in one HiGHS LP (the coupled baseline). Default: pricing when a
   * ship's or aircraft's trips can bind (where it is measured, BENCHMARKS.md), the LP when only road capacity can.
   */
  coupledSolver?: 'pricing' | 'lp';
}

export function optimiseAllocation(highs: Highs, input: AllocationInput, options: OptimiseOptions = {}): OptimiseResult {
  const coupled = capacityCanBind(input) || options.decompose === false;
  const pricing = coupled && options.decompose !== false && (options.coupledSolver ?? (craftCanBind(input) ? 'pricing' : 'lp')) === 'pricing';
  let method: Optimality['method'] = coupled ? 'coupled' : 'per-item';
  let pricingGap: number | undefined;
  const groups = new Map<string, { demands: DemandLine[]; supplies: SupplyLine[] }>();
  const keyOf = (category: string) => (coupled ? 'all' : category);
  for (const d of input.demands) {
    const g = groups.get(keyOf(d.category)) ?? { demands: [], supplies: [] };
    g.demands.push(d);
    groups.set(keyOf(d.category), g);
  }
  for (const s of input.supplies) groups.get(keyOf(s.category))?.supplies.push(s);
  const flows: Flow[] = [];
  const unmet: Unmet[] = [];
  const shadowPrices: ShadowPrice[] = [];
  let weightedUnmet = 0;
  let lowerBound = 0;
  const arcs = arcsByDestination(input.arcs);
  for (const g of groups.values()) {
    const model = groupModel(input, g.demands, g.supplies, arcs);
    // The network simplex for an item on its own; HiGHS for coupled items, on request, or should the network
    // simplex give up (its pivot guard; the star is feasible and no cost negative by construction).
    const flow = !coupled && options.itemSolver !== 'highs' ? solveItemAsFlow(model) : undefined;
    // Coupled items apart, their capacity priced; should that fail (an item's pivot guard, the master LP), the coupled
    // LP solves them and the plan says 'coupled'.
    const priced = pricing ? solveByPricing(highs, input, model) : undefined;
    let solution: GroupSolution;
    if (flow?.ok) solution = flow.solution;
    else if (priced?.ok) {
      solution = priced.solution;
      method = 'per-item-priced';
      pricingGap = priced.pricingGap;
    } else {
      const h = solveGroupWithHighs(highs, input, model, coupled, options.timeLimitSeconds);
      if ('failed' in h) return { ok: false, code: 'LOGISTICS_SOLVER_FAILED', phase: h.failed, status: h.status };
      solution = h;
    }
    const r = groupResult(input, model, solution);
    // One loop, not push(...spread): a group of every item (coupled or priced) at national scale has more flows than
    // a call may take arguments.
    for (const f of r.flows) flows.push(f);
    for (const u of r.unmet) unmet.push(u);
    for (const p of r.shadowPrices) shadowPrices.push(p);
    weightedUnmet += r.weightedUnmet;
    lowerBound += r.lowerBound;
  }
  const objective = objectiveOf(input.demands, flows, unmet);
  const bound = Math.min(Math.max(lowerBound, shortfallBound(input)), weightedUnmet);
  const wholeUnitsCost = Math.max(0, objective.weightedUnmet - weightedUnmet);
  return {
    ok: true,
    plan: {
      flows, unmet, objective, shadowPrices,
      optimality: {
        method, weightedUnmetLowerBound: Math.max(0, bound), gap: Math.max(0, objective.weightedUnmet - Math.max(0, bound)),
        ...(wholeUnitsCost > 1e-6 * Math.max(1, weightedUnmet) ? { wholeUnitsCost } : {}),
        ...(pricingGap !== undefined ? { pricingGap } : {}),
      },
    },
  };
}
