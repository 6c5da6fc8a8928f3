// Minimum-cost flow with a lexicographic cost (primary, then secondary) by the primal network simplex method, on
// uncapacitated arcs from a given feasible star around a root (or the tree an earlier solve ended on). Pure and exact up to floating-point: the optimum of
// the primary cost, and among those plans the least secondary cost, with node potentials that prove both.
//
// Why here and not HiGHS: one item's allocation is a transportation problem, a network; HiGHS' general simplex in
// WebAssembly takes seconds per item at national scale where a spanning-tree pivot takes microseconds (BENCHMARKS.md).

/** A flow network; every arc is uncapacitated with lower bound 0. */
export interface FlowNetwork {
  nodeCount: number;
  root: number;
  /** Net supply of each node (positive: it sends, negative: it receives); they sum to zero. */
  balance: Float64Array;
  tail: Int32Array;
  head: Int32Array;
  /** The cost that counts first. */
  primaryCost: Float64Array;
  /** The cost minimised among the plans of least primary cost. */
  secondaryCost: Float64Array;
  /**
   * A feasible spanning star: for each node but the root, an arc joining it directly to the root that can carry its
   * whole balance (node → root when it sends, root → node when it receives or has none); −1 for the root.
   */
  star: Int32Array;
  /**
   * Optional: the spanning tree an earlier solve of a network with the same nodes, arcs and balances ended on (its
   * `tree`), to start from instead of the star when only the costs changed: it is still feasible, so only the pivots
   * the new costs call for are made. A tree that does not span or carry the balances is ignored (the star is used).
   */
  start?: Int32Array;
}

export interface FlowOptimum {
  flow: Float64Array;
  /** Node potentials for the primary cost: reduced cost c + π(tail) − π(head) ≥ 0 on every arc, 0 where flow runs. */
  primaryPotential: Float64Array;
  secondaryPotential: Float64Array;
  pivots: number;
  /** The final spanning tree: each node's tree arc (−1 for the root), to start a re-solve with other costs from. */
  tree: Int32Array;
}

export type FlowResult = { ok: true; optimum: FlowOptimum } | { ok: false; problem: 'star-infeasible' | 'unbounded' | 'pivot-limit' };

/**
 * Solve the network. The tree is kept strongly feasible (every tree arc carrying no flow points away from the root;
 * Cunningham's rule for the leaving arc), so degenerate pivots cannot cycle. Entering arcs by block search.
 */
export function solveLexicographicFlow(net: FlowNetwork): FlowResult {
  const n = net.nodeCount;
  const m = net.tail.length;
  const { tail, head, primaryCost: cw, secondaryCost: ct, root } = net;
  const flow = new Float64Array(m);
  const parent = new Int32Array(n).fill(-1);
  const predArc = new Int32Array(n).fill(-1);
  const depth = new Int32Array(n);
  const firstChild = new Int32Array(n).fill(-1);
  const nextSibling = new Int32Array(n).fill(-1);
  const prevSibling = new Int32Array(n).fill(-1);
  const pw = new Float64Array(n);
  const pt = new Float64Array(n);
  const inTree = new Uint8Array(m);

  const attach = (child: number, to: number) => {
    parent[child] = to;
    prevSibling[child] = -1;
    nextSibling[child] = firstChild[to]!;
    if (firstChild[to]! >= 0) prevSibling[firstChild[to]!] = child;
    firstChild[to] = child;
  };
  const detach = (child: number) => {
    const p = parent[child]!;
    if (prevSibling[child]! >= 0) nextSibling[prevSibling[child]!] = nextSibling[child]!;
    else firstChild[p] = nextSibling[child]!;
    if (nextSibling[child]! >= 0) prevSibling[nextSibling[child]!] = prevSibling[child]!;
    parent[child] = -1;
  };

  if (net.start === undefined || !startFromTree(net, net.start, { flow, parent, predArc, depth, firstChild, nextSibling, prevSibling, pw, pt, inTree })) {
    flow.fill(0);
    parent.fill(-1);
    predArc.fill(-1);
    firstChild.fill(-1);
    nextSibling.fill(-1);
    prevSibling.fill(-1);
    inTree.fill(0);
    // The star: potentials make every star arc's reduced cost zero.
    for (let v = 0; v < n; v++) {
      if (v === root) continue;
      const a = net.star[v]!;
      const b = net.balance[v]!;
      const outward = tail[a] === v && head[a] === root;
      const inward = tail[a] === root && head[a] === v;
      // A sending node needs node → root; a receiving one root → node; a node with nothing to send points away from the root.
      if (!(outward && b > 0) && !(inward && b <= 0)) return { ok: false, problem: 'star-infeasible' };
      flow[a] = Math.abs(b);
      inTree[a] = 1;
      predArc[v] = a;
      depth[v] = 1;
      attach(v, root);
      pw[v] = outward ? -cw[a]! : cw[a]!;
      pt[v] = outward ? -ct[a]! : ct[a]!;
    }
  }

  // Tolerances: reduced costs within these of zero count as zero (the primary cost is usually whole numbers).
  let maxW = 0;
  let maxT = 0;
  for (let a = 0; a < m; a++) {
    maxW = Math.max(maxW, Math.abs(cw[a]!));
    maxT = Math.max(maxT, Math.abs(ct[a]!));
  }
  const tolW = 1e-9 * Math.max(1, maxW);
  const tolT = 1e-9 * Math.max(1, maxT);

  // A quarter of √m per block: measured at national scale, fewer reduced costs computed outweigh the extra pivots.
  const block = Math.max(16, Math.ceil(Math.sqrt(m) / 4));
  let next = 0;
  let pivots = 0;
  const stack = new Int32Array(n);
  // A guard, never reached in the tests or the benchmark (≈ n pivots): floating-point potentials could in principle
  // let tolerance-sized reduced costs pivot for ever, and the caller then solves the problem another way.
  const pivotLimit = 50 * (n + m);
  for (;;) {
    // Block search: scan arcs from where the last search stopped; pivot on the most negative arc of the first block that has one.
    let entering = -1;
    let bestW = 0;
    let bestT = 0;
    let scanned = 0;
    while (scanned < m) {
      const a = next;
      next = next + 1 === m ? 0 : next + 1;
      scanned++;
      if (inTree[a] === 0) {
        const rw = cw[a]! + pw[tail[a]!]! - pw[head[a]!]!;
        const rt = ct[a]! + pt[tail[a]!]! - pt[head[a]!]!;
        const negative = rw < -tolW || (rw <= tolW && rt < -tolT);
        if (negative) {
          const w = rw < -tolW ? rw : 0;
          if (entering < 0 || w < bestW || (w === bestW && rt < bestT)) {
            entering = a;
            bestW = w;
            bestT = rt;
          }
        }
      }
      if (entering >= 0 && scanned % block === 0) break;
    }
    if (entering < 0) break;
    if (++pivots > pivotLimit) return { ok: false, problem: 'pivot-limit' };

    // The cycle: push along u → v, back to u through the tree. Leaving arc by Cunningham's rule.
    const u = tail[entering]!;
    const v = head[entering]!;
    let join = -1;
    {
      let x = u;
      let y = v;
      while (x !== y) {
        if (depth[x]! >= depth[y]!) x = parent[x]!;
        else y = parent[y]!;
      }
      join = x;
    }
    let delta = Infinity;
    let leavingChild = -1;
    let leavingOnUSide = false;
    // On the u side flow runs down from the join to u: arcs pointing up (child → parent) lose flow.
    for (let x = u; x !== join; x = parent[x]!) {
      const a = predArc[x]!;
      if (tail[a] === x && flow[a]! < delta) {
        delta = flow[a]!;
        leavingChild = x;
        leavingOnUSide = true;
      }
    }
    // On the v side flow runs up from v to the join: arcs pointing down (parent → child) lose flow; ties go to the last one.
    for (let x = v; x !== join; x = parent[x]!) {
      const a = predArc[x]!;
      if (head[a] === x && flow[a]! <= delta) {
        delta = flow[a]!;
        leavingChild = x;
        leavingOnUSide = false;
      }
    }
    if (leavingChild < 0) return { ok: false, problem: 'unbounded' };

    if (delta > 0) {
      flow[entering] = flow[entering]! + delta;
      for (let x = u; x !== join; x = parent[x]!) {
        const a = predArc[x]!;
        flow[a] = flow[a]! + (tail[a] === x ? -delta : delta);
      }
      for (let x = v; x !== join; x = parent[x]!) {
        const a = predArc[x]!;
        flow[a] = flow[a]! + (head[a] === x ? -delta : delta);
      }
    }

    // Re-hang the subtree cut off by the leaving arc from the entering arc's endpoint inside it.
    const leavingArc = predArc[leavingChild]!;
    inTree[leavingArc] = 0;
    inTree[entering] = 1;
    const inside = leavingOnUSide ? u : v;
    const outside = leavingOnUSide ? v : u;
    detach(leavingChild);
    let newParent = outside;
    let newArc = entering;
    let x = inside;
    for (;;) {
      const oldParent = parent[x]!;
      const oldArc = predArc[x]!;
      if (x !== leavingChild) detach(x);
      attach(x, newParent);
      predArc[x] = newArc;
      if (x === leavingChild) break;
      newParent = x;
      newArc = oldArc;
      x = oldParent;
    }
    // Depths and potentials of the moved subtree, from its new parent down.
    let top = 0;
    stack[top++] = inside;
    while (top > 0) {
      const y = stack[--top]!;
      const p = parent[y]!;
      const a = predArc[y]!;
      depth[y] = depth[p]! + 1;
      if (tail[a] === p) {
        pw[y] = pw[p]! + cw[a]!;
        pt[y] = pt[p]! + ct[a]!;
      } else {
        pw[y] = pw[p]! - cw[a]!;
        pt[y] = pt[p]! - ct[a]!;
      }
      for (let c = firstChild[y]!; c >= 0; c = nextSibling[c]!) stack[top++] = c;
    }
  }
  // Potentials are relative to the root's; report them with the root at zero.
  const rw = pw[root]!;
  const rt = pt[root]!;
  for (let i = 0; i < n; i++) {
    pw[i] = pw[i]! - rw;
    pt[i] = pt[i]! - rt;
  }
  return { ok: true, optimum: { flow, primaryPotential: pw, secondaryPotential: pt, pivots, tree: Int32Array.from(predArc) } };
}

interface TreeState {
  flow: Float64Array;
  parent: Int32Array;
  predArc: Int32Array;
  depth: Int32Array;
  firstChild: Int32Array;
  nextSibling: Int32Array;
  prevSibling: Int32Array;
  pw: Float64Array;
  pt: Float64Array;
  inTree: Uint8Array;
}

/**
 * Set the state up from a spanning tree (each node's tree arc): children, depths and potentials from the root down,
 * flows from the leaves up (an arc carries its subtree's balance). False, leaving the state to be reset, when the
 * arcs do not form a spanning tree or would carry a negative flow. The flows are those the earlier solve ended with
 * (same balances), so the tree is one the pivots themselves could have reached.
 */
function startFromTree(net: FlowNetwork, start: Int32Array, st: TreeState): boolean {
  const n = net.nodeCount;
  const { tail, head, root } = net;
  if (start.length !== n) return false;
  for (let v = 0; v < n; v++) {
    if (v === root) continue;
    const a = start[v]!;
    if (a < 0 || a >= tail.length) return false;
    const to = tail[a] === v ? head[a]! : head[a] === v ? tail[a]! : -1;
    if (to < 0 || to === v) return false;
    st.parent[v] = to;
    st.predArc[v] = a;
    st.inTree[a] = 1;
    st.nextSibling[v] = st.firstChild[to]!;
    if (st.firstChild[to]! >= 0) st.prevSibling[st.firstChild[to]!] = v;
    st.firstChild[to] = v;
  }
  // Root first, then each node after its parent: the order for potentials (down) and subtree balances (up).
  const order = new Int32Array(n);
  let count = 0;
  order[count++] = root;
  for (let i = 0; i < count; i++) {
    const y = order[i]!;
    for (let c = st.firstChild[y]!; c >= 0; c = st.nextSibling[c]!) {
      if (count === n) return false;
      order[count++] = c;
      const a = st.predArc[c]!;
      st.depth[c] = st.depth[y]! + 1;
      st.pw[c] = tail[a] === y ? st.pw[y]! + net.primaryCost[a]! : st.pw[y]! - net.primaryCost[a]!;
      st.pt[c] = tail[a] === y ? st.pt[y]! + net.secondaryCost[a]! : st.pt[y]! - net.secondaryCost[a]!;
    }
  }
  if (count !== n) return false;
  const subtree = Float64Array.from(net.balance);
  let scale = 1;
  for (let v = 0; v < n; v++) scale = Math.max(scale, Math.abs(net.balance[v]!));
  for (let i = n - 1; i > 0; i--) {
    const v = order[i]!;
    const a = st.predArc[v]!;
    // Sums in another order than the earlier solve's may differ by round-off: that much is zero.
    let f = tail[a] === v ? subtree[v]! : -subtree[v]!;
    if (Math.abs(f) <= 1e-12 * scale) f = 0;
    if (f < 0) return false;
    st.flow[a] = f;
    subtree[st.parent[v]!]! += subtree[v]!;
  }
  return true;
}
