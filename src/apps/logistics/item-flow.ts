// One item's allocation, when no transport capacity couples it to other items, solved as the network it is: stock
// lines send, demand lines receive, unmet demand comes from a root at its priority weight and unused stock returns
// there. The lexicographic network simplex gives the same optimum as the two HiGHS phases, and its potentials are
// the phase-1 duals the explanation and the pruned-arc bound need. With shared capacity priced, the same network is an
// item's part of the decomposition (craft-decomposition.ts).
import { priorityWeights } from './allocation-types.ts';
import { solveLexicographicFlow } from './network-simplex.ts';
import type { GroupModel, GroupSolution } from './optimise.ts';

export type ItemFlowResult =
  | { ok: true; solution: GroupSolution; pivots: number; tree: Int32Array }
  | { ok: false; problem: 'star-infeasible' | 'unbounded' | 'pivot-limit' };

/**
 * For a re-solve with shared capacity priced (craft-decomposition.ts): a first cost per flow column (default 0), a
 * factor on the unmet arcs' priority weights (default 1), and the tree to start from.
 */
export interface ItemFlowPricing {
  price?: Float64Array;
  unmetWeight?: number;
  start?: Int32Array;
}

/**
 * Node r is demand row r, node of a stock line its supply row, the root the last node. Arcs: the flow columns in
 * order (cost: 0, then minutes), one unmet arc root → r per demand (its priority weight, then 0), one return arc per
 * stock line to the root (0, 0).
 */
export function solveItemAsFlow(group: GroupModel, pricing: ItemFlowPricing = {}): ItemFlowResult {
  const { demands, columns, supplyRow, supplyById } = group;
  const rows = demands.length + supplyRow.size;
  const root = rows;
  const arcCount = columns.length + demands.length + supplyRow.size;
  const tail = new Int32Array(arcCount);
  const head = new Int32Array(arcCount);
  const primaryCost = new Float64Array(arcCount);
  const secondaryCost = new Float64Array(arcCount);
  const balance = new Float64Array(rows + 1);
  const star = new Int32Array(rows + 1).fill(-1);
  columns.forEach((c, j) => {
    tail[j] = c.supplyRow;
    head[j] = c.demandRow;
    secondaryCost[j] = c.minutes;
    primaryCost[j] = pricing.price?.[j] ?? 0;
  });
  let a = columns.length;
  let net = 0;
  demands.forEach((d, r) => {
    tail[a] = root;
    head[a] = r;
    primaryCost[a] = priorityWeights[d.priority] * (pricing.unmetWeight ?? 1);
    balance[r] = -d.quantity;
    net += d.quantity;
    star[r] = a++;
  });
  const rowUpper = new Float64Array(rows);
  demands.forEach((d, r) => (rowUpper[r] = d.quantity));
  for (const [id, row] of supplyRow) {
    const available = Math.max(0, supplyById.get(id)!.available);
    tail[a] = row;
    head[a] = root;
    balance[row] = available;
    rowUpper[row] = available;
    net -= available;
    star[row] = a++;
  }
  balance[root] = net;
  const r = solveLexicographicFlow({ nodeCount: rows + 1, root, balance, tail, head, primaryCost, secondaryCost, star, ...(pricing.start ? { start: pricing.start } : {}) });
  if (!r.ok) return r;
  const { flow, primaryPotential: p } = r.optimum;
  // HiGHS' row duals from the potentials: a demand row's dual is its node's potential; a stock row's is minus it.
  const dual = new Float64Array(rows);
  for (let i = 0; i < rows; i++) dual[i] = i < demands.length ? p[i]! : -p[i]!;
  let weightedUnmet = 0;
  demands.forEach((d, i) => (weightedUnmet += priorityWeights[d.priority] * flow[columns.length + i]!));
  return { ok: true, solution: { x: flow.subarray(0, columns.length), dual, weightedUnmet, capacityRow: new Map(), fleetRow: new Map(), rowUpper }, pivots: r.optimum.pivots, tree: r.optimum.tree };
}
