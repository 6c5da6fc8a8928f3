// Statistics across real nodes on loopback: Nanao and Wajima each hold persons under an aggregate-only statistics
// permit; Ishikawa Prefecture asks both at once. It gets counts per area and kind of care, added up with withheld
// groups still withheld and no id anywhere; per-person statistics and an aggregate for another purpose are refused by
// each provider, which audits every answer without its numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { federatedAggregate, federatedQuery, type FederatedTarget } from '../../src/federation/federated-query.ts';
import { builtInPolicies, type NodePolicy } from '../../src/node/node-policies.ts';
import { nanaoPersonsPolicyDocument, parsePolicy } from '../../src/policy/index.ts';
import { buildTestTrust, type TestParticipantName } from '../../src/trust/test-fixtures.ts';
import { startLoopbackNode, stopLoopbackNode, type LoopbackNode } from './support/loopback-node.ts';
import { personsWithNeeds } from '../support/statistics-persons.ts';

const trust = buildTestTrust(new Date());

type RunningNode = LoopbackNode;

/** The example persons policy, owned by the holder: its statistics permit is aggregate-only. */
function personsPolicyOf(name: TestParticipantName): NodePolicy {
  const doc = { ...structuredClone(nanaoPersonsPolicyDocument), id: `${name}-persons`, owner: trust.participants[name].id };
  const parsed = parsePolicy(doc);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return { policy: parsed.value, source: 'test' };
}

let nanao: RunningNode;
let wajima: RunningNode;
let ishikawa: RunningNode;

beforeAll(async () => {
  nanao = await startLoopbackNode(trust, 'nanao', [personsPolicyOf('nanao'), ...builtInPolicies(trust.participants.nanao.id)]);
  wajima = await startLoopbackNode(trust, 'wajima', [personsPolicyOf('wajima'), ...builtInPolicies(trust.participants.wajima.id)]);
  ishikawa = await startLoopbackNode(trust, 'ishikawa', builtInPolicies(trust.participants.ishikawa.id));
  await nanao.store.upsert(personsWithNeeds(trust.participants.nanao.id, '172022', [['dialysis', 9], ['bedridden', 3], ['lives-alone', 8]], 'nanao-stat'));
  await wajima.store.upsert(personsWithNeeds(trust.participants.wajima.id, '172049', [['dialysis', 6], ['bedridden', 12], ['lives-alone', 5]], 'wajima-stat'));
}, 60_000);

afterAll(async () => {
  for (const n of [nanao, wajima, ishikawa]) await stopLoopbackNode(n);
});

/** The providers as fan-out targets. */
const targetOf = (n: RunningNode): FederatedTarget => ({ participantId: n.target.participantId, nodeUrl: n.target.url });
const targets = () => [targetOf(nanao), targetOf(wajima)];

async function lastEntry(node: RunningNode) {
  const r = await node.store.audit.query({ kind: 'access-decision', dataset: 'persons' });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.page.entries[0]!;
}

describe('statistics across nodes', () => {
  it('adds up counts per area and kind of care from two providers, keeping withheld groups withheld, with no id anywhere', async () => {
    const outcome = await federatedAggregate({ client: ishikawa.client, targets: targets(), dataset: 'persons', params: { purpose: 'statistics' }, deadlineMs: 10_000 });
    expect(outcome.missing).toEqual([]);
    expect(JSON.stringify(outcome)).not.toMatch(/-stat-\d|統計 \d/);
    expect(outcome.merged).toEqual({
      groupBy: ['areaCode', 'care.needs'],
      sum: [],
      minimumCellSize: 5,
      cells: [
        { values: ['172022', 'bedridden'], status: 'withheld' },
        { values: ['172022', 'dialysis'], status: 'published', count: 9 },
        { values: ['172022', 'lives-alone'], status: 'withheld' },
        { values: ['172049', 'bedridden'], status: 'published', count: 12 },
        { values: ['172049', 'dialysis'], status: 'published', count: 6 },
        { values: ['172049', 'lives-alone'], status: 'published', count: 5 },
      ],
      withheldCells: 2,
      included: [trust.participants.nanao.id, trust.participants.wajima.id],
      excluded: [],
    });
    for (const provider of [nanao, wajima]) {
      const entry = await lastEntry(provider);
      expect(entry).toMatchObject({ requester: trust.participants.ishikawa.id, purpose: 'statistics', decision: 'allow', recordCount: 0 });
      expect(entry.recordIds ?? []).toEqual([]);
      expect(entry.reasons.map((r) => r.code)).toContain('NODE_AGGREGATE_ANSWERED');
    }
  });

  it('is refused per-person statistics by every provider', async () => {
    const outcome = await federatedQuery({
      client: ishikawa.client,
      targets: targets(),
      dataset: 'persons',
      params: { purpose: 'statistics', fields: ['areaCode', 'care.needs'] },
      deadlineMs: 10_000,
      store: ishikawa.store,
    });
    expect(outcome.results).toEqual([]);
    expect(outcome.missing.map((m) => [m.reason, m.status, m.code])).toEqual([
      ['refused', 403, 'NODE_ACCESS_DENIED'],
      ['refused', 403, 'NODE_ACCESS_DENIED'],
    ]);
    expect((await lastEntry(nanao)).reasons[0]).toMatchObject({ code: 'POLICY_AGGREGATE_ONLY' });
  });

  it('is refused an aggregate for a purpose the statistics permit does not name', async () => {
    const outcome = await federatedAggregate({ client: ishikawa.client, targets: targets(), dataset: 'persons', params: { purpose: 'recovery' }, deadlineMs: 10_000 });
    expect(outcome.merged).toBeUndefined();
    expect(outcome.missing.map((m) => [m.reason, m.status])).toEqual([
      ['refused', 403],
      ['refused', 403],
    ]);
    expect(await lastEntry(wajima)).toMatchObject({ purpose: 'recovery', decision: 'deny', recordCount: 0 });
  });

  it('refuses an aggregate to a role the permit does not name (a municipality asking another)', async () => {
    const outcome = await federatedAggregate({ client: wajima.client, targets: [targetOf(nanao)], dataset: 'persons', params: { purpose: 'statistics' }, deadlineMs: 10_000 });
    expect(outcome.missing).toMatchObject([{ reason: 'refused', status: 403 }]);
    expect((await lastEntry(nanao)).reasons.map((r) => r.code)).toContain('POLICY_ROLE_NOT_PERMITTED');
  });
});
