// Subscriptions between two real nodes on loopback (PGlite in memory, test trust identities): Ishikawa subscribes to
// Nanao's changes; a change written through Nanao's record API is queued in Nanao's outbox in the same transaction,
// decided again when it is dispatched, and kept by Ishikawa as a copy under Nanao's terms. Trust-list node URLs
// (https://<id>.node.example.jp/) are routed to the loopback ports, as DNS would route them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../../src/audit/index.ts';
import { createFederationClient, type FederationClient, type FederationTarget } from '../../src/federation/client.ts';
import { createOutboxDispatcher, type OutboxDispatcher, type OutboxTransport } from '../../src/federation/outbox.ts';
import { createMemoryReplayGuard } from '../../src/node/request-verification/replay-guard.ts';
import { createSubscriptionTransport } from '../../src/node/subscription-dispatch.ts';
import { areaCode, type RecordDraft } from '../../src/model/index.ts';
import { createAccessGate } from '../../src/node/access-gate.ts';
import { builtInPolicies, type NodePolicy } from '../../src/node/node-policies.ts';
import { createDeclarationBook, type DeclarationBook } from '../../src/node/routes/declarations.ts';
import { buildNodeServer } from '../../src/node/server.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/types.ts';
import { auditOf, closeNodes, loopbackRouting } from './support/loopback-nodes.ts';
import { buildTestTrust, type TestParticipantName } from '../../src/trust/test-fixtures.ts';
import { shelter } from '../store/support/drafts.ts';
import { nanaoPersonsPolicy, syntheticNanaoPerson } from './support/nanao-persons.ts';

const trust = buildTestTrust(new Date());
const NANAO = trust.participants.nanao.id;
const ISHIKAWA = trust.participants.ishikawa.id;
const ISHIKAWA_NODE_URL = trust.participants.ishikawa.nodeUrl!;

interface RunningNode {
  target: FederationTarget;
  store: Store;
  log: AuditLog;
  app: FastifyInstance;
  client: FederationClient;
  book: DeclarationBook;
  policies: NodePolicy[];
}

function person(n: number, status: 'unknown' | 'safe', reportedAt: string): RecordDraft<'person'> {
  return syntheticNanaoPerson(n, { at: [136.96, 37.04], status, reportedAt });
}

const routing = loopbackRouting();
const routingFetch = routing.fetch;

async function startNode(name: TestParticipantName, policies: NodePolicy[]): Promise<RunningNode> {
  const id = trust.participants[name].id;
  const store = await openStore({ backend: 'pglite', dataDir: 'memory://' });
  const opened = await store.audit.open({ signer: trust.signers[name] });
  if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
  const book = createDeclarationBook();
  const app = await buildNodeServer({
    store,
    participantId: id,
    auditLog: opened.log,
    policies,
    declarationBook: book,
    federation: { registry: trust.registry, replayGuard: createMemoryReplayGuard(), signer: trust.signers[name] },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  routing.route(trust.participants[name].nodeUrl!, url);
  const client = createFederationClient({ signer: trust.signers[name], credential: trust.credentials[name], registry: trust.registry });
  return { target: { participantId: id, url }, store, log: opened.log, app, client, book, policies };
}

/** Nanao's outbox dispatcher with the subscription hook, deciding by the same policies and declarations as its API. */
function dispatcherOf(node: RunningNode): { dispatcher: OutboxDispatcher; transport: OutboxTransport } {
  const gate = createAccessGate({
    policies: node.policies.map((p) => p.policy),
    auditLog: node.log,
    declarations: () => node.book.active(new Date()),
    dataAreas: [areaCode('JP')],
  });
  const transport = createSubscriptionTransport({
    store: node.store,
    decide: gate.decide,
    registry: trust.registry,
    auditLog: node.log,
    signer: trust.signers.nanao,
    credential: trust.credentials.nanao,
    fetch: routingFetch,
  });
  return { dispatcher: createOutboxDispatcher({ storage: node.store.outbox, transport }), transport };
}

let nanao: RunningNode;
let ishikawa: RunningNode;

beforeAll(async () => {
  nanao = await startNode('nanao', [nanaoPersonsPolicy(), ...builtInPolicies(NANAO)]);
  ishikawa = await startNode('ishikawa', builtInPolicies(ISHIKAWA));
  await nanao.store.upsert([shelter('172022-CC0000000501', { sourceNode: NANAO, openStatus: 'closed', at: [136.96, 37.04] })]);
  await nanao.store.upsert([person(1, 'unknown', '2024-01-01T09:00:00+09:00')]);
}, 60_000);

afterAll(() => closeNodes([nanao, ishikawa]));


const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

function subscribe(body: Record<string, unknown>) {
  return ishikawa.client.request(nanao.target, 'POST', '/api/v1/subscriptions', {
    callbackUrl: `${ISHIKAWA_NODE_URL}federation/deliveries`,
    expiresAt: inDays(7),
    ...body,
  });
}

/** Nanao writes its own records through its record API (the node's write path). */
async function ownerWrites(dataset: string, records: unknown[]): Promise<void> {
  const r = await nanao.client.request(nanao.target, 'POST', `/api/v1/datasets/${dataset}/records`, { records });
  expect(r.ok && r.status).toBe(200);
}

describe('subscriptions between nodes', () => {
  it('refuses an unsigned subscription request with 401, audited', async () => {
    const res = await fetch(`${nanao.target.url}/api/v1/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ topic: 'shelter-status', purpose: 'evacuation-support', callbackUrl: ISHIKAWA_NODE_URL, expiresAt: inDays(1) }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('SUBSCRIPTION_UNAUTHENTICATED');
    const refused = await auditOf(nanao, { action: 'subscribe', decision: 'deny' });
    expect(refused.map((e) => e.reasons[0]!.code)).toContain('SUBSCRIPTION_UNAUTHENTICATED');
    expect((await fetch(`${nanao.target.url}/api/v1/subscriptions`)).status).toBe(401);
  });

  it("refuses a callback URL outside the subscriber's trust-listed node URL with 403, audited, and stores nothing", async () => {
    for (const callbackUrl of ['https://collector.example.com/hook', `${ISHIKAWA_NODE_URL.replace(/\/$/, '')}.evil.example.com/`]) {
      const r = await subscribe({ topic: 'shelter-status', purpose: 'evacuation-support', callbackUrl });
      expect(r.ok && r.status).toBe(403);
      expect(r.ok && (r.body as { code: string }).code).toBe('SUBSCRIPTION_CALLBACK_OUTSIDE_NODE');
    }
    const refused = await auditOf(nanao, { requester: ISHIKAWA, action: 'subscribe', decision: 'deny' });
    expect(refused.filter((e) => e.reasons[0]!.code === 'SUBSCRIPTION_CALLBACK_OUTSIDE_NODE')).toHaveLength(2);
    expect(await nanao.store.subscriptions.listBySubscriber(ISHIKAWA)).toEqual([]);
  });

  it('refuses a subscription longer than 30 days, and one to persons while Ishikawa may not read them', async () => {
    const long = await subscribe({ topic: 'shelter-status', purpose: 'evacuation-support', expiresAt: inDays(31) });
    expect(long.ok && long.status).toBe(400);
    const denied = await subscribe({ topic: 'records-in-area', dataset: 'persons', areas: ['172022'], purpose: 'life-saving' });
    expect(denied.ok && denied.status).toBe(403);
    expect(denied.ok && (denied.body as { code: string }).code).toBe('NODE_ACCESS_DENIED');
  });

  it('delivers a shelter status change written at Nanao to Ishikawa exactly once, kept as a copy under the policy', async () => {
    const created = await subscribe({ topic: 'shelter-status', purpose: 'evacuation-support' });
    expect(created.ok && created.status).toBe(201);
    const id = created.ok ? (created.body as { id: string }).id : '';
    const listed = await ishikawa.client.request(nanao.target, 'GET', '/api/v1/subscriptions');
    expect(listed.ok && (listed.body as { items: { id: string }[] }).items.map((s) => s.id)).toEqual([id]);

    await ownerWrites('shelters', [shelter('172022-CC0000000501', { sourceNode: NANAO, openStatus: 'open', at: [136.96, 37.04] })]);
    const queued = await nanao.store.outbox.list({ peer: ISHIKAWA });
    expect(queued).toHaveLength(1);
    expect(queued[0]!.kind).toBe('notification');

    const { dispatcher, transport } = dispatcherOf(nanao);
    expect(await dispatcher.deliverDue()).toMatchObject({ delivered: 1, failed: 0 });
    expect(await dispatcher.deliverDue()).toMatchObject({ delivered: 0 });
    // The answer to a delivery can be lost: the same message sent again is answered 2xx and applied once.
    const [message] = await nanao.store.outbox.list({ peer: ISHIKAWA });
    expect(await transport(message!, new AbortController().signal)).toEqual({ ok: true });

    const copies = await ishikawa.store.copies.read({ now: new Date(), provider: NANAO });
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({ dataset: 'shelters', recordId: '172022-CC0000000501', retention: 'P30D' });
    expect((copies[0]!.record as { data: { openStatus: string } }).data.openStatus).toBe('open');
    const received = await auditOf(ishikawa, { requester: NANAO, action: 'receive-notification' });
    expect(received).toHaveLength(1);
    // Each send is decided and audited at Nanao, the repeat included.
    const sent = await auditOf(nanao, { requester: ISHIKAWA, action: 'notify', decision: 'allow' });
    expect(sent).toHaveLength(2);
    expect(sent[0]!.recordIds).toEqual(['172022-CC0000000501']);

    const removed = await ishikawa.client.request(nanao.target, 'DELETE', `/api/v1/subscriptions/${id}`);
    expect(removed.ok && removed.status).toBe(204);
  });

  it("queues nothing for a change outside the subscription's area, and nothing for an unchanged record", async () => {
    const created = await subscribe({ topic: 'records-in-area', dataset: 'shelters', areas: ['172049'], purpose: 'evacuation-support' });
    expect(created.ok && created.status).toBe(201);
    const before = (await nanao.store.outbox.list({ peer: ISHIKAWA })).length;
    await ownerWrites('shelters', [shelter('172022-CC0000000501', { sourceNode: NANAO, openStatus: 'unknown', at: [136.96, 37.04] })]);
    await ownerWrites('shelters', [shelter('172022-CC0000000501', { sourceNode: NANAO, openStatus: 'unknown', at: [136.96, 37.04] })]);
    expect(await nanao.store.outbox.list({ peer: ISHIKAWA })).toHaveLength(before);
    const id = created.ok ? (created.body as { id: string }).id : '';
    expect((await ishikawa.client.request(nanao.target, 'DELETE', `/api/v1/subscriptions/${id}`)).ok).toBe(true);
  });

  it('drops, and audits, a notification whose permission lapsed when the declaration was closed', async () => {
    const declaration = trust.declare('ishikawa');
    const declared = await ishikawa.client.sendDeclaration(nanao.target, declaration);
    expect(declared.ok && declared.status).toBe(201);
    const created = await subscribe({ topic: 'records-in-area', dataset: 'persons', areas: ['172022'], purpose: 'life-saving' });
    expect(created.ok && created.status).toBe(201);

    const closing = trust.declare('ishikawa', { id: declaration.payload.id, phase: 'closed', issuedAt: new Date().toISOString() });
    const closed = await ishikawa.client.sendDeclaration(nanao.target, closing);
    expect(closed.ok && closed.status).toBe(201);

    await ownerWrites('persons', [person(1, 'safe', new Date().toISOString())]);
    const pending = await nanao.store.outbox.list({ peer: ISHIKAWA, states: ['pending'] });
    expect(pending.map((m) => m.kind)).toEqual(['notification']);

    expect(await dispatcherOf(nanao).dispatcher.deliverDue()).toMatchObject({ delivered: 0, failed: 1 });
    const [dead] = await nanao.store.outbox.list({ peer: ISHIKAWA, states: ['failed'] });
    expect(dead!.lastError!.reason).toMatch(/^dropped: /);
    const drops = await auditOf(nanao, { requester: ISHIKAWA, action: 'notify', decision: 'deny' });
    expect(drops).toHaveLength(1);
    expect(drops[0]!.reasons.map((r) => r.code)).toContain('SUBSCRIPTION_NOTIFICATION_DROPPED');
    expect(await ishikawa.store.copies.read({ now: new Date(), provider: NANAO, dataset: 'persons' })).toEqual([]);
  });
});
