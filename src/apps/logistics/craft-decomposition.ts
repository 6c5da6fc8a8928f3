// Items kept apart while ships' and aircraft's trips (or any transport capacity) bind: Dantzig–Wolfe decomposition of
// the coupled LP's first objective. A small master LP (HiGHS) chooses a mix of each item's plans within the shared
// capacity rows; each item, its capacity priced by the master's duals, is the network it always was (item-flow.ts,
// re-solved from its last tree). Every pricing round gives a Lagrangian lower bound, so the plan says how far from the
// coupled optimum it can be, and is exact when the two meet; transport time is then minimised the same way, the first
// objective held (docs/logistics.md, "How the optimiser decides").
import type { Highs } from 'highs';
import { priorityWeights, type AllocationInput } from './allocation-types.ts';
import { capacityLimits, capacityRowsOf } from './capacity-rows.ts';
import { solveItemAsFlow } from './item-flow.ts';
import type { GroupModel, GroupSolution } from './optimise.ts';

const OPTIMAL = 7;

/** One item's part of the whole model, with its own row numbers (demand rows, then stock rows), as item-flow.ts wants it. */
interface ItemPart {
  model: GroupModel;
  /** Each local column's column in the whole model. */
  column: Int32Array;
  /** Each local row's row in the whole model. */
  row: Int32Array;
  /** Each local column's use of the capacity rows: [capacity index, per unit]. */
  uses: [capacity: number, perUnit: number][][];
  /** Whether any column uses capacity: only such items take part in the master. */
  priced: boolean;
  /** The tree of its last solve, to re-solve from. */
  tree?: Int32Array;
}

/** A plan of one item the master may mix in: its flows, weighted unmet demand, minutes and capacity use. */
interface Proposal {
  item: number;
  x: Float64Array;
  weightedUnmet: number;
  minutes: number;
  use: Float64Array;
}

/** One pricing round of an item: its plan and the row duals that prove it optimal at those prices. */
interface ItemSolve {
  proposal: Proposal;
  /** Weighted unmet + priced capacity use: the item's part of the Lagrangian bound. */
  pricedCost: number;
  dual: Float64Array;
}

export interface DecompositionOptions {
  /** Pricing rounds at most (1 or more); when reached, the plan states the gap its best bound leaves. */
  maxRounds?: number;
  /** The relative gap below which the master's plan is taken as the optimum. */
  relativeGap?: number;
}

export type DecompositionResult =
  | { ok: true; solution: GroupSolution; rounds: number; proposals: number; lagrangianBound: number; pricingGap: number }
  | { ok: false; problem: 'item-flow' | 'master'; status?: number };

/** Split the whole model by item, keeping the whole model's column and row numbers beside each part's own. */
function itemParts(input: AllocationInput, whole: GroupModel, uses: readonly (readonly [number, number])[][], firstCapacityRow: number): ItemPart[] {
  const byItem = new Map<string, { demandRows: number[]; columns: number[] }>();
  whole.demands.forEach((d, r) => {
    const item = byItem.get(d.category) ?? byItem.set(d.category, { demandRows: [], columns: [] }).get(d.category)!;
    item.demandRows.push(r);
  });
  whole.columns.forEach((c, j) => byItem.get(c.demand.category)!.columns.push(j));
  return [...byItem.values()].map(({ demandRows, columns }) => {
    const localRow = new Map<number, number>(demandRows.map((r, i) => [r, i]));
    const row = [...demandRows];
    const supplyRow = new Map<string, number>();
    const local = columns.map((j) => {
      const c = whole.columns[j]!;
      let s = localRow.get(c.supplyRow);
      if (s === undefined) {
        s = row.length;
        row.push(c.supplyRow);
        localRow.set(c.supplyRow, s);
        supplyRow.set(c.supply.id, s);
      }
      return { ...c, demandRow: localRow.get(c.demandRow)!, supplyRow: s };
    });
    const itemUses = columns.map((j) => uses[j]!.map(([r, v]): [number, number] => [r - firstCapacityRow, v]));
    const demands = demandRows.map((r) => whole.demands[r]!);
    const categories = new Set(demands.map((d) => d.category));
    return {
      model: { demands, supplies: input.supplies.filter((s) => categories.has(s.category)), columns: local, supplyRow, supplyById: whole.supplyById },
      column: Int32Array.from(columns),
      row: Int32Array.from(row),
      uses: itemUses,
      priced: itemUses.some((u) => u.length > 0),
    };
  });
}

/**
 * Solve one item with each column's capacity use priced at the multipliers `u` (≤ 0, HiGHS' signs). Phase 1 prices
 * weighted unmet demand only; phase 2 the columns' minutes too, and unmet demand at `unmetWeight` times
 * its priority weight (the dual of the held first objective).
 */
function solveItem(part: ItemPart, index: number, u: Float64Array, capacityCount: number, phase2?: { unmetWeight: number }): ItemSolve | undefined {
  const price = new Float64Array(part.column.length);
  part.uses.forEach((list, j) => {
    if (phase2) price[j] = part.model.columns[j]!.minutes;
    for (const [c, v] of list) price[j]! -= u[c]! * v;
  });
  const unmetWeight = phase2?.unmetWeight ?? 1;
  const r = solveItemAsFlow(part.model, { price, unmetWeight, ...(part.tree ? { start: part.tree } : {}) });
  if (!r.ok) return undefined;
  part.tree = r.tree;
  const x = Float64Array.from(r.solution.x);
  const use = new Float64Array(capacityCount);
  let minutes = 0;
  let pricedCost = unmetWeight * r.solution.weightedUnmet;
  part.model.columns.forEach((c, j) => {
    const q = x[j]!;
    if (q === 0) return;
    minutes += q * c.minutes;
    pricedCost += q * price[j]!;
    for (const [k, v] of part.uses[j]!) use[k]! += q * v;
  });
  return { proposal: { item: index, x, weightedUnmet: r.solution.weightedUnmet, minutes, use }, pricedCost, dual: r.solution.dual };
}

/**
 * The coupled LP by column generation: its first objective, then, that held, the least transport time.
 * `whole` is the model of every item (groupModel over all demands and stock lines).
 */
export function solveByPricing(highs: Highs, input: AllocationInput, whole: GroupModel, options: DecompositionOptions = {}): DecompositionResult {
  // One round at least: the master must have been solved once to have a plan.
  const maxRounds = Math.max(1, options.maxRounds ?? 200);
  const relativeGap = options.relativeGap ?? 1e-7;
  const firstCapacityRow = whole.demands.length + whole.supplyRow.size;
  const capacity = capacityRowsOf(input, whole.columns, firstCapacityRow);
  const capacityCount = capacity.end - firstCapacityRow;
  const rowUpper = new Float64Array(capacity.end);
  whole.demands.forEach((d, r) => (rowUpper[r] = d.quantity));
  for (const [id, row] of whole.supplyRow) rowUpper[row] = Math.max(0, whole.supplyById.get(id)!.available);
  capacityLimits(input, capacity, rowUpper);
  const limit = rowUpper.subarray(firstCapacityRow);
  const parts = itemParts(input, whole, capacity.uses, firstCapacityRow);
  const priced = parts.flatMap((p, i) => (p.priced ? [i] : []));

  // Round 0: every item at zero prices (what the per-item path would plan), and items that use no capacity are done.
  const u = new Float64Array(capacityCount);
  const first = parts.map((p, i) => solveItem(p, i, u, capacityCount));
  if (first.some((s) => s === undefined)) return { ok: false, problem: 'item-flow' };
  const solves = first as ItemSolve[];
  const fixedUnmet = solves.reduce((n, s, i) => n + (parts[i]!.priced ? 0 : s.proposal.weightedUnmet), 0);
  // At zero prices the items' optima bound the coupled one from below already (the capacity rows relaxed).
  const best = { bound: solves.reduce((n, s) => n + s.pricedCost, 0), u, duals: solves.map((s) => s.dual) };

  // Items that use no capacity are done; the others are mixed by the master within the capacity rows.
  const mixed = priced.length === 0
    ? { proposals: [], lambda: new Float64Array(0), masterValue: fixedUnmet, rounds: 0 }
    : mixByMaster(highs, { parts, priced, solves, limit, fixedUnmet, best }, { maxRounds, relativeGap });
  if ('problem' in mixed) return { ok: false, ...mixed };
  const { proposals, lambda, masterValue, rounds } = mixed;
  const n = proposals.length;
  const x = new Float64Array(whole.columns.length);
  let weightedUnmet = fixedUnmet;
  parts.forEach((part, i) => {
    if (part.priced) return;
    solves[i]!.proposal.x.forEach((v, j) => (x[part.column[j]!] = v));
  });
  proposals.forEach((p, k) => {
    // Plans added after the master's last solve have no weight in it.
    const l = lambda[k] ?? 0;
    if (l <= 0) return;
    weightedUnmet += l * p.weightedUnmet;
    const column = parts[p.item]!.column;
    p.x.forEach((v, j) => (x[column[j]!]! += l * v));
  });
  // The duals of the round with the best bound: each item's rows from its solve, the capacity rows' multipliers.
  const dual = new Float64Array(capacity.end);
  parts.forEach((part, i) => best.duals[i]!.forEach((y, r) => (dual[part.row[r]!] = y)));
  best.u.forEach((y, c) => (dual[firstCapacityRow + c] = y));
  // What the master's plan may lose against the coupled optimum: nothing once the bound meets it (round-off aside).
  const lpValue = Math.min(weightedUnmet, masterValue);
  const left = lpValue - best.bound;
  return {
    ok: true, rounds, proposals: n, lagrangianBound: best.bound, pricingGap: left <= relativeGap * Math.max(1, lpValue) ? 0 : left,
    solution: { x, dual, weightedUnmet: lpValue, capacityRow: capacity.capacityRow, fleetRow: capacity.fleetRow, rowUpper },
  };
}

interface Pricing {
  parts: ItemPart[];
  /** The items that use capacity, in the order of their convexity rows. */
  priced: number[];
  /** Each item's round-0 solve (zero prices). */
  solves: ItemSolve[];
  /** Each capacity row's limit. */
  limit: Float64Array;
  /** The weighted unmet demand of the items that use no capacity. */
  fixedUnmet: number;
  /** The best Lagrangian bound so far, with its multipliers and each item's duals at them (updated here). */
  best: { bound: number; u: Float64Array; duals: Float64Array[] };
}

/**
 * Column generation: the master LP mixes each priced item's plans within the capacity rows; its duals price the rows;
 * each item re-solved at those prices offers a better plan while one exists. Then, the weighted unmet demand held,
 * the mix of least transport time, each item priced again by its minutes.
 */
function mixByMaster(
  highs: Highs, pricing: Pricing, options: Required<DecompositionOptions>,
): { proposals: Proposal[]; lambda: Float64Array; masterValue: number; rounds: number } | { problem: 'item-flow' | 'master'; status?: number } {
  const { parts, priced, solves, limit, fixedUnmet, best } = pricing;
  const capacityCount = limit.length;
  const slot = new Map(priced.map((i, k) => [i, k]));
  // One convexity row per priced item (its plans' weights sum to 1), then the capacity rows.
  const K = priced.length;
  const proposals: Proposal[] = [];
  const master = highs.createModel({
    numCols: 0, numRows: K + capacityCount, colCost: new Float64Array(0), colLower: new Float64Array(0), colUpper: new Float64Array(0),
    rowLower: Float64Array.from({ length: K + capacityCount }, (_, r) => (r < K ? 1 : -highs.infinity)),
    rowUpper: Float64Array.from({ length: K + capacityCount }, (_, r) => (r < K ? 1 : limit[r - K]!)),
    matrix: { format: 'csc', numRows: K + capacityCount, numCols: 0, starts: Int32Array.from([0]), indices: new Int32Array(0), values: new Float64Array(0) },
  });
  // A plan's column: its item's convexity row, its capacity use, and in phase 2 its weighted unmet demand in the row
  // that holds the first objective (after the capacity rows), at the cost of its minutes.
  const add = (p: Proposal, phase2 = false) => {
    const indices = [slot.get(p.item)!];
    const values = [1];
    p.use.forEach((v, c) => {
      if (v !== 0) {
        indices.push(K + c);
        values.push(v);
      }
    });
    if (phase2) {
      indices.push(K + capacityCount);
      values.push(p.weightedUnmet);
    }
    master.addCol(phase2 ? p.minutes : p.weightedUnmet, 0, highs.infinity, { indices: Int32Array.from(indices), values: Float64Array.from(values) });
    proposals.push(p);
  };
  try {
    master.options.set({ output_flag: false, primal_feasibility_tolerance: 1e-9, dual_feasibility_tolerance: 1e-9 });
    for (const i of priced) {
      // Shipping nothing fits any capacity, so the master is feasible from the start.
      const part = parts[i]!;
      const nothing = part.model.demands.reduce((n, d) => n + d.quantity * priorityWeights[d.priority], 0);
      add({ item: i, x: new Float64Array(part.column.length), weightedUnmet: nothing, minutes: 0, use: new Float64Array(capacityCount) });
      add(solves[i]!.proposal);
    }
    let rounds = 0;
    let masterValue = Infinity;
    // Whether plans were added since the master's last solve (it must be solved again before its solution is read).
    let stale = true;
    for (; rounds < options.maxRounds; rounds++) {
      master.run();
      if (master.getModelStatus() !== OPTIMAL) return { problem: 'master', status: master.getModelStatus() };
      masterValue = master.getObjectiveValue() + fixedUnmet;
      stale = false;
      const dual = master.getSolution().rowDual;
      const u = Float64Array.from({ length: capacityCount }, (_, c) => Math.min(0, dual[K + c]!));
      // The Lagrangian bound at u: each item's priced optimum, plus u times the limits (u ≤ 0), plus the fixed items.
      let bound = fixedUnmet;
      for (let c = 0; c < capacityCount; c++) bound += u[c]! * limit[c]!;
      let added = 0;
      const duals = [...best.duals];
      for (const i of priced) {
        const s = solveItem(parts[i]!, i, u, capacityCount);
        if (s === undefined) return { problem: 'item-flow' };
        bound += s.pricedCost;
        duals[i] = s.dual;
        const sigma = dual[slot.get(i)!]!;
        if (s.pricedCost - sigma < -1e-9 * Math.max(1, Math.abs(sigma))) {
          add(s.proposal);
          added++;
          stale = true;
        }
      }
      if (bound > best.bound) Object.assign(best, { bound, u, duals });
      if (added === 0 || masterValue - best.bound <= options.relativeGap * Math.max(1, masterValue)) break;
    }
    if (stale) {
      // Stopped with plans the master has not mixed yet: they can only lower its value.
      master.run();
      if (master.getModelStatus() !== OPTIMAL) return { problem: 'master', status: master.getModelStatus() };
      masterValue = master.getObjectiveValue() + fixedUnmet;
    }
    // Phase 2: hold the weighted unmet demand (as the coupled LP does, within a relative 1e-9) and minimise transport
    // time, by column generation again: each item priced by minutes, the capacity rows' and the held row's duals.
    const n = proposals.length;
    let lambda = master.getSolution().colValue;
    master.addRow(-highs.infinity, masterValue - fixedUnmet + 1e-9 * Math.max(1, masterValue), {
      indices: Int32Array.from({ length: n }, (_, j) => j), values: Float64Array.from(proposals, (p) => p.weightedUnmet),
    });
    master.changeColsCost({ kind: 'range', from: 0, to: n - 1 }, Float64Array.from(proposals, (p) => p.minutes));
    for (let round = 0; round < options.maxRounds; round++) {
      master.run();
      // The phase-1 mix is feasible here, so only a solver failure stops this: the last mix found is kept.
      if (master.getModelStatus() !== OPTIMAL) break;
      lambda = master.getSolution().colValue;
      const dual = master.getSolution().rowDual;
      const u = Float64Array.from({ length: capacityCount }, (_, c) => Math.min(0, dual[K + c]!));
      const unmetWeight = -Math.min(0, dual[K + capacityCount]!);
      let added = 0;
      let failed = false;
      for (const i of priced) {
        const s = solveItem(parts[i]!, i, u, capacityCount, { unmetWeight });
        if (s === undefined) {
          failed = true;
          break;
        }
        const sigma = dual[slot.get(i)!]!;
        if (s.pricedCost - sigma < -1e-9 * Math.max(1, Math.abs(sigma))) {
          add(s.proposal, true);
          added++;
        }
      }
      if (failed || added === 0) break;
    }
    return { proposals, lambda, masterValue, rounds };
  } finally {
    master.dispose();
  }
}
