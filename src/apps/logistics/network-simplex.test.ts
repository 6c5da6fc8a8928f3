import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solveLexicographicFlow, type FlowNetwork } from './network-simplex.ts';

/** A transportation network: sources send, sinks receive, a root sends what sources lack at `shortCost` and takes back what they keep. */
function transportation(sources: number[], sinks: number[], links: { from: number; to: number; primary: number; secondary: number }[], shortCost: number[]): FlowNetwork {
  const nodeCount = sources.length + sinks.length + 1;
  const root = nodeCount - 1;
  const tail: number[] = [];
  const head: number[] = [];
  const primary: number[] = [];
  const secondary: number[] = [];
  const arc = (t: number, h: number, p: number, s: number) => tail.push(t) - 1 + (head.push(h), primary.push(p), secondary.push(s), 0);
  for (const l of links) arc(l.from, sources.length + l.to, l.primary, l.secondary);
  const star = new Int32Array(nodeCount).fill(-1);
  const balance = new Float64Array(nodeCount);
  sources.forEach((q, i) => {
    balance[i] = q;
    star[i] = arc(i, root, 0, 0);
  });
  sinks.forEach((q, i) => {
    balance[sources.length + i] = -q;
    star[sources.length + i] = arc(root, sources.length + i, shortCost[i]!, 0);
  });
  balance[root] = sinks.reduce((a, b) => a + b, 0) - sources.reduce((a, b) => a + b, 0);
  return { nodeCount, root, balance, tail: Int32Array.from(tail), head: Int32Array.from(head), primaryCost: Float64Array.from(primary), secondaryCost: Float64Array.from(secondary), star };
}

/** Flow conservation, non-negative flows, reduced costs ≥ 0 and 0 where flow runs: together they prove the flow optimal. */
function expectOptimalWithCertificate(net: FlowNetwork): { primary: number; secondary: number } {
  const r = solveLexicographicFlow(net);
  if (!r.ok) throw new Error(r.problem);
  const { flow, primaryPotential: pw, secondaryPotential: pt } = r.optimum;
  const net0 = new Float64Array(net.nodeCount);
  let primary = 0;
  let secondary = 0;
  for (let a = 0; a < net.tail.length; a++) {
    expect(flow[a]).toBeGreaterThanOrEqual(0);
    net0[net.tail[a]!]! += flow[a]!;
    net0[net.head[a]!]! -= flow[a]!;
    primary += flow[a]! * net.primaryCost[a]!;
    secondary += flow[a]! * net.secondaryCost[a]!;
    const rw = net.primaryCost[a]! + pw[net.tail[a]!]! - pw[net.head[a]!]!;
    expect(rw).toBeGreaterThanOrEqual(-1e-9);
    // Among arcs that keep the primary optimum (reduced primary cost 0), the secondary reduced cost proves the second stage.
    if (Math.abs(rw) <= 1e-9) expect(net.secondaryCost[a]! + pt[net.tail[a]!]! - pt[net.head[a]!]!).toBeGreaterThanOrEqual(-1e-6);
    if (flow[a]! > 1e-9) {
      expect(Math.abs(rw)).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(net.secondaryCost[a]! + pt[net.tail[a]!]! - pt[net.head[a]!]!)).toBeLessThanOrEqual(1e-6);
    }
  }
  for (let v = 0; v < net.nodeCount; v++) expect(net0[v]).toBeCloseTo(net.balance[v]!, 9);
  // Strong duality for the primary cost: Σ balance × (−potential) equals the cost of the flow.
  let dual = 0;
  for (let v = 0; v < net.nodeCount; v++) dual -= net.balance[v]! * pw[v]!;
  expect(dual).toBeCloseTo(primary, 6);
  return { primary, secondary };
}

describe('the lexicographic network simplex', () => {
  it('sends from the nearer source, then the farther one, and leaves the rest short at its cost', () => {
    // Two sinks of 100, sources of 120 (near) and 50 (far).
    const net = transportation([120, 50], [100, 100], [
      { from: 0, to: 0, primary: 0, secondary: 10 }, { from: 1, to: 0, primary: 0, secondary: 40 },
      { from: 0, to: 1, primary: 0, secondary: 15 }, { from: 1, to: 1, primary: 0, secondary: 20 },
    ], [1, 1]);
    const { primary, secondary } = expectOptimalWithCertificate(net);
    expect(primary).toBe(30);
    // Least time for 170 units: 100 from near to sink 0 (1000), 20 near → sink 1 (300), 50 far → sink 1 (1000).
    expect(secondary).toBe(2300);
  });

  it('puts the shortfall on the cheapest sink, whatever it costs in the second objective', () => {
    const net = transportation([80], [80, 80], [{ from: 0, to: 0, primary: 0, secondary: 5 }, { from: 0, to: 1, primary: 0, secondary: 500 }], [1, 100]);
    const r = solveLexicographicFlow(net);
    expect(r.ok && r.optimum.flow[1]).toBe(80);
    expect(expectOptimalWithCertificate(net).primary).toBe(80);
  });

  it('refuses a star that cannot carry the balances', () => {
    const net = transportation([10], [10], [], [1]);
    net.star[0] = net.star[1]!;
    expect(solveLexicographicFlow(net)).toEqual({ ok: false, problem: 'star-infeasible' });
  });

  it('ends optimal with potentials that prove it, on random degenerate transportation networks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.record({ from: fc.nat(5), to: fc.nat(7), secondary: fc.integer({ min: 0, max: 9 }) }), { maxLength: 30 }),
        fc.array(fc.constantFrom(1, 10, 100), { minLength: 8, maxLength: 8 }),
        (sources, sinks, links, costs) => {
          // Sources of zero send nothing and have no star arc that could carry it, as in the allocation (such stock is left out).
          const positive = sources.map((q) => Math.max(1, q));
          const usable = links.filter((l) => l.from < positive.length && l.to < sinks.length).map((l) => ({ ...l, primary: 0 }));
          expectOptimalWithCertificate(transportation(positive, sinks, usable, costs));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('re-solves from the tree an earlier solve ended on when only the costs changed, to the optimum a fresh solve finds', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.record({ from: fc.nat(5), to: fc.nat(7), secondary: fc.integer({ min: 0, max: 9 }), price: fc.integer({ min: 0, max: 150 }) }), { maxLength: 30 }),
        fc.array(fc.constantFrom(1, 10, 100), { minLength: 8, maxLength: 8 }),
        (sources, sinks, links, costs) => {
          const usable = links.filter((l) => l.from < sources.length && l.to < sinks.length);
          const first = transportation(sources, sinks, usable.map((l) => ({ ...l, primary: 0 })), costs);
          const before = solveLexicographicFlow(first);
          if (!before.ok) throw new Error(before.problem);
          // From its own optimal tree, nothing is left to do.
          const again = solveLexicographicFlow({ ...first, start: before.optimum.tree });
          expect(again.ok && again.optimum.pivots).toBe(0);
          // The same network with the links priced (as a shared capacity's multipliers price them), from the old tree.
          const priced = transportation(sources, sinks, usable.map((l) => ({ ...l, primary: l.price / 10 })), costs);
          const warm = expectOptimalWithCertificate({ ...priced, start: before.optimum.tree });
          const cold = expectOptimalWithCertificate(priced);
          expect(warm.primary).toBeCloseTo(cold.primary, 9);
          expect(warm.secondary).toBeCloseTo(cold.secondary, 6);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('starts from the star when the tree it is given does not span the network', () => {
    const net = transportation([10], [10], [{ from: 0, to: 0, primary: 0, secondary: 5 }], [1]);
    const r = solveLexicographicFlow({ ...net, start: Int32Array.from([0, 0, -1]) });
    expect(r.ok && r.optimum.flow[0]).toBe(10);
  });
});
