// The soak's fault plan: drawn from the seed alone, every kind early, every fault within its bounds and over before
// the load ends, and no node given a fault while its last one (a kill: with time to restart) may still run.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planFaults, RESTART_ALLOWANCE_MS } from '../../bench/soak/faults.ts';

const nodes = ['a', 'b', 'c', 'd', 'e', 'f'];

describe('the soak fault plan', () => {
  it('is the same plan for the same seed and another for another seed', () => {
    const options = { durationMs: 600_000, nodes, meanGapMs: 20_000, maxFaultMs: 20_000 };
    expect(planFaults({ ...options, seed: 7 })).toEqual(planFaults({ ...options, seed: 7 }));
    expect(planFaults({ ...options, seed: 7 })).not.toEqual(planFaults({ ...options, seed: 8 }));
  });

  it('starts with one fault of each kind, so even a one-minute run kills, refuses, black-holes and delays', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const plan = planFaults({ seed, durationMs: 60_000, nodes, meanGapMs: 8_000, maxFaultMs: 6_000 });
        expect(plan.length).toBeGreaterThanOrEqual(4);
        expect(new Set(plan.slice(0, 4).map((p) => p.fault.kind))).toEqual(new Set(['kill', 'refuse', 'blackhole', 'delay']));
      }),
    );
  });

  it('ends every fault before the load ends, lasts within its bounds, names only known nodes and never overlaps two on one node', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 30_000, max: 600_000 }),
        fc.integer({ min: 2_000, max: 60_000 }),
        fc.integer({ min: 2_000, max: 30_000 }),
        (seed, durationMs, meanGapMs, maxFaultMs) => {
          const plan = planFaults({ seed, durationMs, nodes, meanGapMs, maxFaultMs });
          let previous = 0;
          const busyUntil = new Map<string, number>();
          for (const { atMs, fault } of plan) {
            expect(busyUntil.get(fault.node) ?? 0).toBeLessThanOrEqual(atMs);
            busyUntil.set(fault.node, atMs + (fault.kind === 'kill' ? fault.downMs + RESTART_ALLOWANCE_MS : fault.forMs));
            expect(atMs).toBeGreaterThanOrEqual(previous);
            previous = atMs;
            const length = fault.kind === 'kill' ? fault.downMs : fault.forMs;
            expect(length).toBeLessThanOrEqual(maxFaultMs);
            expect(length).toBeGreaterThanOrEqual(Math.min(2_000, maxFaultMs));
            expect(atMs + length).toBeLessThanOrEqual(durationMs);
            expect(nodes).toContain(fault.node);
            if (fault.kind === 'delay') expect(fault.ms).toBeGreaterThanOrEqual(100);
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});
