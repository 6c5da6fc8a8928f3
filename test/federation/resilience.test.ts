// Real nodes on loopback (PGlite, test trust identities) failing the way peers fail in a disaster: a provider that
// stops answering mid-query, one that is gone, one that restarts — and copies that outlive their retention.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../../src/audit/index.ts';
import { createFederationClient, type FederationClient, type FederationTarget } from '../../src/federation/client.ts';
import { readCopies, sweepExpiredCopies } from '../../src/federation/copies.ts';
import { discoverNodes } from '../../src/federation/discovery.ts';
import { federatedQuery, type FederatedTarget } from '../../src/federation/federated-query.ts';
import { createHttpTransport, createOutboxDispatcher } from '../../src/federation/outbox.ts';
import { createMemoryReplayGuard } from '../../src/node/request-verification/replay-guard.ts';
import { areaCode, type Person, type RecordDraft } from '../../src/model/index.ts';
import { builtInPolicies, type NodePolicy } from '../../src/node/node-policies.ts';
import { buildNodeServer } from '../../src/node/server.ts';
import { shippedApplications } from '../../src/apps/index.ts';
import { nanaoPersonsPolicyDocument, parsePolicy } from '../../src/policy/index.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/types.ts';
import { buildTestTrust, type TestParticipantName } from '../../src/trust/test-fixtures.ts';
import type { VerifiedDeclaration } from '../../src/trust/verified.ts';

const trust = buildTestTrust(new Date());
const ISHIKAWA = trust.participants.ishikawa.id;
const NANAO = trust.participants.nanao.id;
const DIALYSIS = trust.participants.dialysis.id;
const HOUR = 3_600_000;
const DEADLINE_MS = 1_500;

interface RunningNode {
  name: TestParticipantName;
  target: FederationTarget;
  store: Store;
  log: AuditLog;
  app: FastifyInstance;
  client: FederationClient;
  /** While true, the node takes requests and never answers them (a peer whose uplink died mid-request). */
  hang: { on: boolean };
  close(): Promise<void>;
}

/** Nanao City's persons policy, re-owned by `name` for its own jurisdiction (as the demo does). */
function personsPolicy(name: TestParticipantName): NodePolicy {
  const p = trust.participants[name];
  const doc = JSON.parse(JSON.stringify(nanaoPersonsPolicyDocument)) as { id: string; owner: string; permits: { areas?: string[] }[] };
  doc.id = `${name}-persons`;
  doc.owner = p.id;
  for (const permit of doc.permits) if (permit.areas) permit.areas = [...p.jurisdiction];
  const parsed = parsePolicy(doc);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return { policy: parsed.value, source: 'resilience.test.ts' };
}

function person(owner: TestParticipantName, n: number): RecordDraft<'person'> {
  const p = trust.participants[owner];
  const data: Person = {
    name: { full: `試験 ${n}郎` },
    birthDate: '1940-01-01',
    areaCode: areaCode(p.jurisdiction[0]!),
    location: { type: 'Point', coordinates: [136.9 + n * 0.001, 37.05] },
    care: { needs: ['dialysis'], careLevel: '要介護2' },
    consent: { shareWithSupporters: false },
    onEvacuationSupportList: true,
    safety: { status: 'unknown', reportedAt: '2024-01-01T09:00:00+09:00' },
  };
  return {
    id: `${owner}-person-${n}`,
    type: 'person',
    sourceNode: p.id,
    observedAt: '2024-01-01T09:00:00+09:00',
    quality: { level: 'synthetic' },
    lineage: [{ activity: 'entry', at: '2024-01-01T09:00:00+09:00' }],
    data,
  };
}

async function startNode(
  name: TestParticipantName,
  options: { policies: NodePolicy[]; dataDir?: string; port?: number; declarations?: () => readonly VerifiedDeclaration[] },
): Promise<RunningNode> {
  const id = trust.participants[name].id;
  const store = await openStore({ backend: 'pglite', dataDir: options.dataDir ?? 'memory://' });
  const opened = await store.audit.open({ signer: trust.signers[name] });
  if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
  const app = await buildNodeServer({
    applications: shippedApplications(),
    store,
    participantId: id,
    auditLog: opened.log,
    policies: options.policies,
    ...(options.declarations === undefined ? {} : { declarations: options.declarations }),
    federation: { registry: trust.registry, replayGuard: createMemoryReplayGuard(), signer: trust.signers[name] },
  });
  const hang = { on: false };
  app.addHook('onRequest', (_request, _reply, done) => {
    if (!hang.on) done();
  });
  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const client = createFederationClient({ signer: trust.signers[name], credential: trust.credentials[name], registry: trust.registry });
  let closed = false;
  return {
    name,
    target: { participantId: id, url: `http://127.0.0.1:${port}` },
    store,
    log: opened.log,
    app,
    client,
    hang,
    async close() {
      if (closed) return;
      closed = true;
      // Requests left hanging would hold the close forever.
      app.server.closeAllConnections();
      await app.close();
      await opened.log.close().catch(() => undefined);
      await store.close();
    },
  };
}

async function auditOf(store: Store, filter: Record<string, string>) {
  const r = await store.audit.query({ ...filter, order: 'oldest-first' });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.page.entries;
}

const publicKeysOf = (name: TestParticipantName) => [{ kid: trust.signers[name].kid, publicKey: trust.signers[name].publicKey }];

describe('a federated query when providers fail, and the copies it keeps', () => {
  const providers: TestParticipantName[] = ['nanao', 'wajima', 'dialysis'];
  const nodes = new Map<TestParticipantName, RunningNode>();
  let ishikawa: RunningNode;
  let targets: FederatedTarget[];
  const t0 = new Date();
  const clock = { now: t0 };
  const query = () =>
    federatedQuery({
      client: ishikawa.client,
      targets,
      dataset: 'persons',
      params: { purpose: 'life-saving' },
      deadlineMs: DEADLINE_MS,
      retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 200 },
      store: ishikawa.store,
      now: () => clock.now,
    });
  const ids = (items: readonly { id: string }[]) => items.map((i) => i.id).sort();

  beforeAll(async () => {
    ishikawa = await startNode('ishikawa', { policies: builtInPolicies(ISHIKAWA) });
    for (const name of providers) {
      const node = await startNode(name, { policies: [personsPolicy(name), ...builtInPolicies(trust.participants[name].id)] });
      nodes.set(name, node);
      await node.store.upsert([1, 2].map((n) => person(name, n)));
      const declared = await ishikawa.client.sendDeclaration(node.target, trust.declare('ishikawa'));
      if (!(declared.ok && declared.status === 201)) throw new Error(`declaration not accepted by ${name}`);
    }
    // The registry lists the nodes at their public addresses; here they answer on loopback.
    const local = new Map([...nodes.values()].map((n) => [n.target.participantId, `${n.target.url}/`]));
    targets = discoverNodes(trust.registry, { areas: [areaCode('170003')], roles: ['municipality', 'dialysis-clinic'], exclude: [ISHIKAWA], now: t0 })
      .filter((t) => local.has(t.participantId))
      .map((t) => ({ ...t, nodeUrl: local.get(t.participantId)! }));
  }, 120_000);

  afterAll(async () => {
    for (const n of [...nodes.values(), ishikawa]) await n?.close();
  });

  it('gets every provider live and keeps their records as copies until their retention ends', async () => {
    expect(targets.map((t) => t.participantId).sort()).toEqual(providers.map((p) => trust.participants[p].id).sort());
    const out = await query();
    expect(out.missing).toEqual([]);
    expect(out.complete).toBe(true);
    expect(out.results.every((r) => r.source === 'live')).toBe(true);
    const dialysis = out.results.find((r) => r.target.participantId === DIALYSIS)!;
    expect(ids(dialysis.value.items)).toEqual(['dialysis-person-1', 'dialysis-person-2']);
    expect(dialysis.value.copies).toEqual({ ok: true, stored: 2, expiresAt: new Date(t0.getTime() + 72 * HOUR).toISOString() });
    expect(await readCopies(ishikawa.store, { now: t0, dataset: 'persons' })).toHaveLength(6);
  });

  it('answers within its deadline when a provider stops answering mid-query, with the others live and the silent one from its copy', async () => {
    clock.now = new Date(t0.getTime() + 10 * 60_000);
    nodes.get('dialysis')!.hang.on = true;
    const started = Date.now();
    const out = await query();
    expect(Date.now() - started).toBeLessThan(DEADLINE_MS + 1_000);
    expect(out.complete).toBe(false);
    expect(out.missing).toMatchObject([{ target: { participantId: DIALYSIS }, reason: 'timeout', cached: true }]);
    const live = out.results.filter((r) => r.source === 'live').map((r) => r.target.participantId).sort();
    expect(live).toEqual([NANAO, trust.participants.wajima.id].sort());
    expect(ids(out.results.flatMap((r) => (r.source === 'live' ? r.value.items : [])))).toEqual([
      'nanao-person-1',
      'nanao-person-2',
      'wajima-person-1',
      'wajima-person-2',
    ]);
  });

  it('serves a dead provider from its unexpired copy, saying how old it is', async () => {
    await nodes.get('dialysis')!.close();
    clock.now = new Date(t0.getTime() + 2 * HOUR);
    const started = Date.now();
    const out = await query();
    expect(Date.now() - started).toBeLessThan(DEADLINE_MS + 1_000);
    expect(out.missing).toMatchObject([{ target: { participantId: DIALYSIS }, reason: 'unreachable', cached: true }]);
    const cached = out.results.find((r) => r.target.participantId === DIALYSIS);
    expect(cached).toMatchObject({ source: 'cache', ageSeconds: 2 * 3600, storedAt: t0.toISOString() });
    expect(ids(cached!.value.items)).toEqual(['dialysis-person-1', 'dialysis-person-2']);
    expect(out.results.filter((r) => r.source === 'live')).toHaveLength(2);
  });

  it('stops reading expired copies, then deletes them with a verifiable copy-deleted entry in the audit log', async () => {
    // The dead provider's copies were received at t0 under PT72H; the others' were renewed two hours later.
    const afterExpiry = new Date(t0.getTime() + 73 * HOUR);
    const readable = await readCopies(ishikawa.store, { now: afterExpiry, dataset: 'persons' });
    expect(readable.some((c) => c.provider === DIALYSIS)).toBe(false);
    expect(readable).toHaveLength(4);

    clock.now = afterExpiry;
    const out = await query();
    expect(out.missing).toMatchObject([{ target: { participantId: DIALYSIS }, reason: 'unreachable', cached: false }]);

    const swept = await sweepExpiredCopies({ store: ishikawa.store, auditLog: ishikawa.log }, afterExpiry);
    expect(swept.problems).toEqual([]);
    expect(swept.groups.map((g) => [g.provider, g.dataset, g.count, g.deleted])).toEqual([[DIALYSIS, 'persons', 2, 2]]);
    const deleted = await auditOf(ishikawa.store, { kind: 'copy-deleted' });
    expect(deleted).toHaveLength(1);
    expect(deleted[0]).toMatchObject({ requester: ISHIKAWA, action: 'delete', dataset: 'persons', recordCount: 2, policy: { id: 'dialysis-persons' } });
    expect(deleted[0]!.recordIds).toEqual(['dialysis-person-1', 'dialysis-person-2']);
    await ishikawa.log.checkpoint();
    expect(await ishikawa.store.audit.verify(publicKeysOf('ishikawa'))).toMatchObject({ ok: true });
  });
});

describe("Ishikawa's outbox while Nanao is down", () => {
  let dir: string;
  let nanao: RunningNode | undefined;
  let ishikawa: RunningNode;
  const policies = () => [personsPolicy('nanao'), ...builtInPolicies(NANAO)];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tsunagu-resilience-'));
    ishikawa = await startNode('ishikawa', { policies: builtInPolicies(ISHIKAWA) });
    nanao = await startNode('nanao', { policies: policies(), dataDir: path.join(dir, 'nanao') });
    await nanao.store.upsert([person('nanao', 1)]);
    const declared = await ishikawa.client.sendDeclaration(nanao.target, trust.declare('ishikawa'));
    if (!(declared.ok && declared.status === 201)) throw new Error('declaration not accepted');
  }, 120_000);

  afterAll(async () => {
    await nanao?.close();
    await ishikawa?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('delivers a safety-status update queued while Nanao was stopped once Nanao is back, and it is applied once', async () => {
    const target = nanao!.target;
    const port = Number(new URL(target.url).port);
    await nanao!.close();
    nanao = undefined;

    const reportedAt = new Date().toISOString();
    await ishikawa.store.outbox.enqueue({
      peer: NANAO,
      peerUrl: target.url,
      kind: 'safety-status-update',
      idempotencyKey: 'status-nanao-person-1-1',
      payload: { personId: 'nanao-person-1', safety: { status: 'safe', reportedBy: ISHIKAWA, reportedAt } },
      createdAt: reportedAt,
    });
    const dispatcher = createOutboxDispatcher({
      storage: ishikawa.store.outbox,
      transport: createHttpTransport({ headers: (m, body) => ishikawa.client.deliveryHeaders(m, body) }),
      backoff: { initialMs: 50, maxMs: 200 },
      pollIntervalMs: 50,
      attemptTimeoutMs: 5_000,
      // Nanao may take a while to come back; the message must still be waiting when it does.
      maxAttempts: 10_000,
    });
    dispatcher.start();
    try {
      // At least one attempt has failed while Nanao was away, and the message waits for the next.
      await expect.poll(async () => (await ishikawa.store.outbox.list())[0]?.attempts ?? 0, { timeout: 10_000, interval: 50 }).toBeGreaterThanOrEqual(1);
      expect((await ishikawa.store.outbox.list())[0]!.state).not.toBe('delivered');

      // Received declarations live in memory only (the stored record lacks the signature to re-verify it), so the
      // restarted node is given the emergency declaration by configuration, as an operator would.
      const declaration = trust.verifiedDeclaration('ishikawa');
      nanao = await startNode('nanao', { policies: policies(), dataDir: path.join(dir, 'nanao'), port, declarations: () => [declaration] });
      await expect
        .poll(async () => (await ishikawa.store.outbox.list())[0], { timeout: 15_000, interval: 50 })
        .toMatchObject({ state: 'delivered', });
    } finally {
      await dispatcher.stop();
    }

    const current = await nanao.store.get('person', 'nanao-person-1');
    expect(current!.data.safety).toMatchObject({ status: 'safe', reportedBy: ISHIKAWA });
    expect(await nanao.store.history('person', 'nanao-person-1')).toHaveLength(2);
    const applied = await auditOf(nanao.store, { recordId: 'nanao-person-1', requester: ISHIKAWA });
    expect(applied.filter((e) => e.action === 'write-status' && e.decision === 'allow')).toHaveLength(1);
    await nanao.log.checkpoint();
    expect(await nanao.store.audit.verify(publicKeysOf('nanao'))).toMatchObject({ ok: true });
  }, 60_000);
});
