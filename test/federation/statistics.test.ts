// Statistics across real nodes on loopback: Nanao and Wajima each hold persons under an aggregate-only statistics
// permit; Ishikawa Prefecture asks both at once. It gets counts per area and kind of care, added up with withheld
// groups still withheld and no id anywhere; per-person statistics and an aggregate for another purpose are refused by
// each provider, which audits every answer without its numbers.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../../src/audit/index.ts';
import { createFederationClient, type FederationClient } from '../../src/federation/client.ts';
import { federatedAggregate, federatedQuery, type FederatedTarget } from '../../src/federation/federated-query.ts';
import { areaCode, type CareNeed, type RecordDraft } from '../../src/model/index.ts';
import { builtInPolicies, type NodePolicy } from '../../src/node/node-policies.ts';
import { createMemoryReplayGuard } from '../../src/node/request-verification/replay-guard.ts';
import { buildNodeServer } from '../../src/node/server.ts';
import { nanaoPersonsPolicyDocument, parsePolicy } from '../../src/policy/index.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/types.ts';
import { buildTestTrust, type TestParticipantName } from '../../src/trust/test-fixtures.ts';

const trust = buildTestTrust(new Date());

interface RunningNode {
  target: FederatedTarget;
  store: Store;
  log: AuditLog;
  app: FastifyInstance;
  client: FederationClient;
}

/** The example persons policy, owned by the holder: its statistics permit is aggregate-only. */
function personsPolicyOf(name: TestParticipantName): NodePolicy {
  const doc = { ...structuredClone(nanaoPersonsPolicyDocument), id: `${name}-persons`, owner: trust.participants[name].id };
  const parsed = parsePolicy(doc);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return { policy: parsed.value, source: 'test' };
}

async function startNode(name: TestParticipantName, policies: NodePolicy[]): Promise<RunningNode> {
  const id = trust.participants[name].id;
  const store = await openStore({ backend: 'pglite', dataDir: 'memory://' });
  const opened = await store.audit.open({ signer: trust.signers[name] });
  if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
  const app = await buildNodeServer({
    store,
    participantId: id,
    auditLog: opened.log,
    policies,
    federation: { registry: trust.registry, replayGuard: createMemoryReplayGuard(), signer: trust.signers[name] },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const client = createFederationClient({ signer: trust.signers[name], credential: trust.credentials[name], registry: trust.registry });
  return { target: { participantId: id, nodeUrl: `http://127.0.0.1:${port}` }, store, log: opened.log, app, client };
}

function persons(holder: string, area: string, groups: [CareNeed, number][]): RecordDraft<'person'>[] {
  let n = 0;
  return groups.flatMap(([need, count]) =>
    Array.from({ length: count }, () => {
      n++;
      return {
        id: `${holder}-stat-${n}`,
        type: 'person' as const,
        sourceNode: holder,
        observedAt: '2024-01-01T09:00:00+09:00',
        quality: { level: 'synthetic' as const },
        lineage: [{ activity: 'entry' as const, at: '2024-01-01T09:00:00+09:00' }],
        data: {
          name: { full: `統計 ${n}` },
          areaCode: areaCode(area),
          care: { needs: [need] },
          consent: { shareWithSupporters: false },
          onEvacuationSupportList: true,
          safety: { status: 'unknown' as const },
        },
      };
    }),
  );
}

let nanao: RunningNode;
let wajima: RunningNode;
let ishikawa: RunningNode;

beforeAll(async () => {
  nanao = await startNode('nanao', [personsPolicyOf('nanao'), ...builtInPolicies(trust.participants.nanao.id)]);
  wajima = await startNode('wajima', [personsPolicyOf('wajima'), ...builtInPolicies(trust.participants.wajima.id)]);
  ishikawa = await startNode('ishikawa', builtInPolicies(trust.participants.ishikawa.id));
  await nanao.store.upsert(persons(trust.participants.nanao.id, '172022', [['dialysis', 9], ['bedridden', 3], ['lives-alone', 8]]));
  await wajima.store.upsert(persons(trust.participants.wajima.id, '172049', [['dialysis', 6], ['bedridden', 12], ['lives-alone', 5]]));
}, 60_000);

afterAll(async () => {
  for (const n of [nanao, wajima, ishikawa]) {
    if (!n) continue;
    await n.app.close();
    await n.log.close().catch(() => undefined);
    await n.store.close();
  }
});

const targets = () => [nanao.target, wajima.target];

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
    const outcome = await federatedAggregate({ client: wajima.client, targets: [nanao.target], dataset: 'persons', params: { purpose: 'statistics' }, deadlineMs: 10_000 });
    expect(outcome.missing).toMatchObject([{ reason: 'refused', status: 403 }]);
    expect((await lastEntry(nanao)).reasons.map((r) => r.code)).toContain('POLICY_ROLE_NOT_PERMITTED');
  });
});
