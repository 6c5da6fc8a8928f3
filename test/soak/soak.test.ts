// The short soak CI runs: the demo federation, one process per node, under the mixed load for half a minute with a
// fixed seed while a node is killed and restarted and links are refused, black-holed and delayed; afterwards every
// acknowledged write is stored and audited on its node, every safety update applied exactly once, every outbox
// drained, every audit log verifies, and nothing answered outside what was expected. (`npm run soak` for longer.)
import { describe, expect, it } from 'vitest';
import { runSoak } from '../../bench/soak/soak.ts';

describe('a short soak under faults', () => {
  it('loses no acknowledged write, applies each delivery once and answers nothing unexpected while nodes are killed and cut off', async () => {
    const report = await runSoak({
      minutes: 0.5,
      seed: 14,
      rssBoundMiB: 1536,
      meanGapMs: 6_000,
      maxFaultMs: 5_000,
      drainMs: 180_000,
      mix: { operators: 1, federated: 1, public: 1, attackers: 1, declareEveryMs: 15_000 },
    });
    expect(report.findings).toEqual([]);
    expect(report.unexpected).toEqual([]);
    expect(report.exits.filter((e) => e.by === 'crash')).toEqual([]);
    // The run did what it says: every kind of fault, a restart on the same data, writes acknowledged and delivered.
    for (const kind of ['kill', 'refuse', 'blackhole', 'delay'] as const) expect(report.faults.byKind[kind]).toBeGreaterThanOrEqual(1);
    expect(report.acknowledged['safety-report'] ?? 0).toBeGreaterThan(0);
    expect(report.outbox.delivered).toBeGreaterThan(0);
    expect(report.nodes.every((n) => n.auditVerify.ok)).toBe(true);
    const refused = report.requests.filter((r) => r.kind.startsWith('bad-')).reduce((n, r) => n + r.counts.ok + r.counts.refused, 0);
    expect(refused).toBeGreaterThan(0);
    expect(report.ok).toBe(true);
  }, 900_000);
});
