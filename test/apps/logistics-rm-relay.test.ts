// EDXL-RM answers relayed across three real nodes on loopback (PGlite in memory, the test trust world): Nanao City and
// Wajima City send requests to Ishikawa Prefecture, Ishikawa plans them from the national depot's stock, and the depot
// commits and dispatches on its own node. Its shipment updates reach Ishikawa, which relays each change to the
// request's sender as a CommitResource or ReportResourceDeploymentStatus — decided by Ishikawa's policy and audited:
// allowed (Nanao, its own area), denied (a line outside the area Ishikawa releases answers for), and a requester whose
// node Ishikawa does not know (Wajima) — each once, also when Ishikawa stops between the delivery and the relay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { requestResourceOf } from '../../src/adapters/edxl-rm/from-records.ts';
import { writeRmMessage } from '../../src/adapters/edxl-rm/rm-out.ts';
import { shipmentUpdateDelivery } from '../../src/apps/logistics/order-delivery.ts';
import { DEMAND_FIELDS } from '../../src/apps/logistics/rm-delivery.ts';
import { COMMIT_FIELDS } from '../../src/apps/logistics/rm-answers.ts';
import { createFederationClient } from '../../src/federation/client.ts';
import type { NodeTarget } from '../../src/federation/discovery.ts';
import type { AreaCode, Demand, RecordDraft } from '../../src/model/index.ts';
import type { DeliveryRecords } from '../../src/node/application/index.ts';
import { builtInPolicies, type NodePolicy } from '../../src/node/node-policies.ts';
import { parsePolicy } from '../../src/policy/index.ts';
import { buildTestTrust } from '../../src/trust/test-fixtures.ts';
import { ALL_PHASES, emergencyPolicy } from './support/logistics-policies.ts';
import { SHIPMENT_MESSAGE_FIELDS } from '../../src/apps/logistics/outgoing-releases.ts';
import { restartLogisticsNode, startLogisticsNode, stopLogisticsNodes, type LogisticsNodeOptions, type RunningNode } from './support/logistics-nodes.ts';

const trust = buildTestTrust(new Date());
const ISHIKAWA = trust.participants.ishikawa.id;
const DEPOT = trust.participants.national.id;
const NANAO = trust.participants.nanao.id;
const WAJIMA = trust.participants.wajima.id;
const TOKEN = 'rm-relay-test-operator-token-0123456789';
type Name = 'ishikawa' | 'national' | 'nanao';

const nodes = {} as Record<Name, RunningNode<Name>>;
const urls = new Map<string, string>();
let wajimaUrl = '';

const target = (n: Name | 'wajima', url: string): NodeTarget => {
  const p = trust.participants[n];
  return { participantId: p.id, nodeUrl: `${url}/`, role: p.role, jurisdiction: p.jurisdiction as AreaCode[], trustListId: 'jp-tsunagu-trust-list', catalogKnown: false };
};
const running = () => (['ishikawa', 'national', 'nanao'] as const).map((n) => target(n, urls.get(trust.participants[n].id)!));
// Wajima's node is known to the depot (an address where nothing answers: its copy of the update waits in the outbox),
// and not to Ishikawa, which therefore has nowhere to relay Wajima's answers.
const depotPeers = () => [...running(), target('wajima', wajimaUrl)];

const policy = emergencyPolicy;

// The depot's policies are the example in docs/logistics.md (stock for prefectures, shipment reports from parties).
function documentedDepotPolicies(): NodePolicy[] {
  const md = readFileSync(new URL('../../docs/logistics.md', import.meta.url), 'utf8');
  return (JSON.parse(md.split('```json')[1]!.split('```')[0]!) as Record<string, unknown>[]).map((d) => {
    const parsed = parsePolicy(d);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    return { policy: parsed.value, source: 'docs/logistics.md' };
  });
}

const ishikawaPolicies = [
  ...builtInPolicies(ISHIKAWA),
  policy('ishikawa-demands', ISHIKAWA, 'demands', [{ roles: ['municipality'], actions: ['write'], fields: DEMAND_FIELDS }]),
  // Answers about shipments are released to municipalities for Nanao's area only; the depot and municipalities report status.
  // Its dispatch orders go to the depot.
  policy('ishikawa-shipments', ISHIKAWA, 'shipments', [
    { roles: ['municipality'], actions: ['read'], fields: COMMIT_FIELDS, areas: ['172022'] },
    { roles: ['national-agency', 'municipality'], actions: ['write-status'], fields: ['status'] },
    { roles: ['national-agency'], actions: ['read'], fields: [...SHIPMENT_MESSAGE_FIELDS] },
  ]),
];
// Nanao reports receipt to the prefecture and the depot, and releases its own requests to the prefecture at all times.
const nanaoPolicies = [
  ...builtInPolicies(NANAO),
  policy('nanao-shipments', NANAO, 'shipments', [
    { roles: ['prefecture', 'national-agency'], actions: ['write-status'], fields: ['status'] },
    { roles: ['prefecture', 'national-agency'], actions: ['read'], fields: [...SHIPMENT_MESSAGE_FIELDS] },
  ]),
  policy('nanao-requests-sent', NANAO, 'demands', [{ roles: ['prefecture'], actions: ['read'], fields: DEMAND_FIELDS, phases: ALL_PHASES }]),
];

const blankets: RecordDraft<'stock'> = {
  id: 'depot-kanazawa:blanket', type: 'stock', sourceNode: DEPOT, observedAt: '2024-01-12T08:00:00+09:00', quality: { level: 'reported' },
  lineage: [{ activity: 'entry', at: '2024-01-12T08:00:00+09:00' }],
  data: { heldAt: { type: 'facility', id: 'depot-kanazawa' }, areaCode: '172022', location: { type: 'Point', coordinates: [136.65, 36.57] }, item: { category: 'blanket' }, quantity: 500, unit: 'piece' },
};

const demand = (by: string, shelter: string, areaCode: string, quantity: number): Demand => ({
  origin: 'request', requestedBy: by, destination: { type: 'shelter', id: shelter }, areaCode, location: { type: 'Point', coordinates: [136.97, 37.04] },
  item: { category: 'blanket' }, quantity, unit: 'piece', neededBy: '2024-01-13T12:00:00+09:00', priority: 'high',
});

function requestXml(messageId: string, lines: { id: string; demand: Demand }[]): string {
  const header = { messageId, sentAt: '2024-01-12T09:00:00+09:00', originatingMessageId: messageId, contact: { role: 'Requester' as const, description: 'test' } };
  const written = writeRmMessage(requestResourceOf(header, lines));
  if (!written.ok) throw new Error(JSON.stringify(written.problems));
  return written.xml;
}

const options = (name: Name, policies: NodePolicy[], port: number, peers: () => NodeTarget[]): LogisticsNodeOptions<Name> =>
  ({ trust, name, url: urls.get(trust.participants[name].id)!, port, policies, token: TOKEN, peers, keepDeclarations: true });
const started = {} as Record<Name, LogisticsNodeOptions<Name>>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
async function operator(node: RunningNode, method: string, path: string, body?: unknown, xml?: string): Promise<{ status: number; text: string; json: Record<string, any> }> {
  const res = await fetch(`${node.url}/operator/logistics${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'accept-language': 'en', ...(xml !== undefined ? { 'content-type': 'application/xml' } : body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(xml !== undefined ? { body: xml } : body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, text, json: text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : {} };
}

async function audit(node: RunningNode, filter: Record<string, string> = {}) {
  const r = await node.store.audit.query({ ...filter, order: 'oldest-first', limit: 1000 });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.page.entries;
}

/** A signed delivery from `as` straight to Ishikawa, as its node's outbox would send it. */
async function deliverToIshikawa(as: 'wajima', kind: string, payload: unknown, key: string) {
  const client = createFederationClient({ signer: trust.signers[as], credential: trust.credentials[as], registry: trust.registry });
  const createdAt = new Date().toISOString();
  const message = { seq: 0, state: 'pending' as const, attempts: 0, nextAttemptAt: createdAt, peer: ISHIKAWA, peerUrl: `${nodes.ishikawa.url}/`, kind, idempotencyKey: key, payload, createdAt };
  const body = JSON.stringify({ kind, idempotencyKey: key, createdAt, payload });
  const res = await fetch(`${nodes.ishikawa.url}/federation/deliveries`, { method: 'POST', headers: { ...client.deliveryHeaders(message, body), 'content-type': 'application/json', 'idempotency-key': key }, body });
  return res.status;
}

/** Nanao's view of a request it sent: per line [element, committed, declined, in transit, delivered]. */
async function sentLines(messageId: string) {
  const r = await operator(nodes.nanao, 'GET', '/edxl-rm/sent');
  const item = (r.json.items as { messageId: string; lines: { elementId: string; committed: number; declined: number; inTransit: number; delivered: number }[] }[]).find((i) => i.messageId === messageId);
  return item?.lines.map((l) => [l.elementId, l.committed, l.declined, l.inTransit, l.delivered]);
}

/** Ishikawa's outbox messages answering requests (kind logistics-resource-answer), by idempotency key. */
async function answersQueued() {
  return (await nodes.ishikawa.store.outbox.list({ limit: 1000 })).filter((m) => m.kind === 'logistics-resource-answer');
}

type Told = { request: string; to: string; sent: boolean; code: string; message: { ja: string; en: string } };
async function toldAt(orderId: string, state: string): Promise<Told[] | undefined> {
  const s = await operator(nodes.ishikawa, 'GET', `/shipments/${orderId}`);
  return (s.json.transitions as { state: string; detail?: { answers?: Told[] } }[]).filter((t) => t.state === state).at(-1)?.detail?.answers;
}

/** The order (at Ishikawa) serving the request whose shelter is `shelter`. */
const orders = new Map<string, string>();

beforeAll(async () => {
  const { freePorts } = await import('../../src/node/free-ports.ts');
  const ports = await freePorts('127.0.0.1', 4);
  (['ishikawa', 'national', 'nanao'] as const).forEach((n, i) => urls.set(trust.participants[n].id, `http://127.0.0.1:${ports[i]}`));
  wajimaUrl = `http://127.0.0.1:${ports[3]}`;
  started.ishikawa = options('ishikawa', ishikawaPolicies, ports[0]!, running);
  started.national = options('national', [...builtInPolicies(DEPOT), ...documentedDepotPolicies()], ports[1]!, depotPeers);
  started.nanao = options('nanao', nanaoPolicies, ports[2]!, running);
  for (const n of ['ishikawa', 'national', 'nanao'] as const) nodes[n] = await startLogisticsNode(started[n]);
  await nodes.national.store.upsert([blankets]);
  for (const n of Object.values(nodes)) {
    const sent = await nodes.ishikawa.client.sendDeclaration({ participantId: trust.participants[n.name].id, url: n.url }, trust.declare('ishikawa'));
    expect(sent.ok && sent.status).toBe(201);
  }
}, 180_000);

afterAll(() => stopLogisticsNodes(Object.values(nodes)));

describe('answers relayed from a supplier on a third node', () => {
  it('takes Nanao’s and Wajima’s requests at Ishikawa, plans them from the depot’s stock and sends the dispatch orders', async () => {
    const mine = await operator(nodes.nanao, 'POST', `/edxl-rm/send?to=${ISHIKAWA}&by=七尾市 田中`, undefined, requestXml('nanao-relay-1', [{ id: 'a1', demand: demand(NANAO, '172022-S1', '172022', 20) }]));
    expect(mine.status, mine.text).toBe(202);
    const elsewhere = await operator(nodes.nanao, 'POST', `/edxl-rm/send?to=${ISHIKAWA}&by=七尾市 田中`, undefined, requestXml('nanao-relay-2', [{ id: 'b1', demand: demand(NANAO, '172049-S2', '172049', 10) }]));
    expect(elsewhere.status, elsewhere.text).toBe(202);
    expect((await nodes.nanao.outbox.deliverDue()).failed ?? 0).toBe(0);
    // Wajima's node sends its request (signed); Ishikawa takes it but knows no node to answer Wajima at.
    const wajima = { document: requestXml('wajima-relay-1', [{ id: 'c1', demand: demand(WAJIMA, '172022-S3', '172022', 5) }]), purpose: 'supply-logistics' };
    expect(await deliverToIshikawa('wajima', 'logistics-resource-request', wajima, 'logistics-rm:wajima-relay-1')).toBe(202);
    const p = await operator(nodes.ishikawa, 'POST', '/plans');
    expect(p.status, p.text).toBe(201);
    const planId = p.json.plan.id as string;
    const lines = p.json.lines as { line: number; supplier: string; receiver: string; quantity: number }[];
    expect(lines.map((l) => [l.supplier, l.receiver, l.quantity]).sort()).toEqual([[DEPOT, NANAO, 10], [DEPOT, NANAO, 20], [DEPOT, WAJIMA, 5]]);
    expect((await operator(nodes.ishikawa, 'POST', `/plans/${planId}/approve`, { by: '県 物資班 山田' })).status).toBe(200);
    expect((await nodes.ishikawa.outbox.deliverDue()).failed ?? 0).toBe(0);
    const atDepot = (await operator(nodes.national, 'GET', '/shipments')).json.items as { orderId: string; receiver: string; shipment: { lines: { quantity: number }[] } }[];
    expect(atDepot).toHaveLength(3);
    for (const o of atDepot) orders.set(o.receiver === WAJIMA ? 'wajima' : o.shipment.lines[0]!.quantity === 20 ? 'allowed' : 'denied', o.orderId);
  });

  it('relays the depot’s commitment to Nanao, decided by Ishikawa’s policy and audited; refuses the one its policy does not release; tells why nothing went to Wajima', async () => {
    const before = (await answersQueued()).length;
    const committed = await operator(nodes.national, 'POST', `/plans/${(await operator(nodes.national, 'GET', '/shipments')).json.items[0].planId}/orders`, { action: 'commit', by: '国 倉庫 鈴木' });
    expect(committed.json.refused).toEqual([]);
    expect(committed.json.done).toHaveLength(3);
    // The depot's updates go to Ishikawa (and to each receiver); Ishikawa relays after each delivery commits.
    await nodes.national.outbox.deliverDue();
    const queued = (await answersQueued()).slice(before);
    expect(queued.map((m) => [m.peer, m.idempotencyKey.split(':').slice(0, 3).join(':')])).toEqual([[NANAO, `logistics-rm-answer:${orders.get('allowed')}:committed`]]);
    expect((await nodes.ishikawa.outbox.deliverDue()).failed ?? 0).toBe(0);
    expect(await sentLines('nanao-relay-1')).toEqual([['a1', 20, 0, 0, 0]]);
    expect(await sentLines('nanao-relay-2')).toEqual([['b1', 0, 0, 0, 0]]);
    // Allowed: the decision in the log (Nanao as requester, the push named), and what became of it with the change.
    const decisions = (await audit(nodes.ishikawa, { kind: 'access-decision', dataset: 'shipments' })).filter((e) =>
      e.reasons.some((r) => r.code === 'NODE_RELEASE_PUSHED' && String(r.params.what).startsWith('EDXL-RM answer')),
    );
    expect(decisions.map((e) => [e.requester, e.decision]).sort()).toEqual([[NANAO, 'allow'], [NANAO, 'deny']]);
    expect(await toldAt(orders.get('allowed')!, 'committed')).toEqual([expect.objectContaining({ request: 'nanao-relay-1', to: NANAO, sent: true, code: 'LOGISTICS_RM_ANSWER_QUEUED' })]);
    // Denied: nothing queued, the refusal kept visibly with the policy's reason in words.
    const refused = (await toldAt(orders.get('denied')!, 'committed'))!;
    expect(refused).toEqual([expect.objectContaining({ request: 'nanao-relay-2', to: NANAO, sent: false, code: 'LOGISTICS_RM_ANSWER_REFUSED' })]);
    expect(refused[0]!.message.en).toContain("refused by this node's policy");
    expect(refused[0]!.message.en).toContain('172049');
    expect(refused[0]!.message.ja).toContain('このノードのポリシーが拒否しました');
    // No node known for Wajima: no decision, nothing queued, and the reason kept.
    expect(await toldAt(orders.get('wajima')!, 'committed')).toEqual([expect.objectContaining({ request: 'wajima-relay-1', to: WAJIMA, sent: false, code: 'LOGISTICS_RM_ANSWER_NOT_QUEUED' })]);
    const relayed = (await audit(nodes.ishikawa, { kind: 'logistics-shipment', requester: DEPOT })).filter((e) => e.reasons[0]!.code === 'LOGISTICS_RM_ANSWER_RELAYED');
    expect(relayed.map((e) => e.reasons.map((r) => r.code)).sort()).toEqual([
      ['LOGISTICS_RM_ANSWER_RELAYED', 'LOGISTICS_RM_ANSWER_NOT_QUEUED'],
      ['LOGISTICS_RM_ANSWER_RELAYED', 'LOGISTICS_RM_ANSWER_QUEUED'],
      ['LOGISTICS_RM_ANSWER_RELAYED', 'LOGISTICS_RM_ANSWER_REFUSED'],
    ]);
    // Nanao took the relayed answer as Ishikawa's, the participant it sent the request to.
    expect((await audit(nodes.nanao, { kind: 'logistics-answer', requester: ISHIKAWA })).at(-1)!.reasons.map((r) => r.code)).toContain('LOGISTICS_RM_ANSWER_TAKEN');
  });

  it('relays a change once: the depot’s update delivered again changes nothing and queues nothing more', async () => {
    const before = (await answersQueued()).length;
    const decisions = (await audit(nodes.ishikawa, { kind: 'access-decision', dataset: 'shipments' })).length;
    const update = (await nodes.national.store.outbox.list({ limit: 1000 })).find((m) => m.peer === ISHIKAWA && m.kind === 'logistics-shipment-update' && m.idempotencyKey.includes(orders.get('allowed')!))!;
    const client = createFederationClient({ signer: trust.signers.national, credential: trust.credentials.national, registry: trust.registry });
    const body = JSON.stringify({ kind: update.kind, idempotencyKey: 'another-key-same-change', createdAt: update.createdAt, payload: update.payload });
    const res = await fetch(`${nodes.ishikawa.url}/federation/deliveries`, {
      method: 'POST', headers: { ...client.deliveryHeaders({ ...update, idempotencyKey: 'another-key-same-change' }, body), 'content-type': 'application/json', 'idempotency-key': 'another-key-same-change' }, body,
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { result: string }).result).toBe('unchanged');
    expect(await answersQueued()).toHaveLength(before);
    expect(await audit(nodes.ishikawa, { kind: 'access-decision', dataset: 'shipments' })).toHaveLength(decisions);
  });

  it('relays nothing for a shipment Ishikawa never planned, even when its lines name one of the requests Ishikawa took', async () => {
    const before = (await answersQueued()).length;
    const decisions = (await audit(nodes.ishikawa, { kind: 'access-decision', dataset: 'shipments' })).length;
    // The depot copies a real update of an order Ishikawa planned (its lines name Nanao's request) under a new order id:
    // a shipment that exists nowhere but in this update, reported "committed" by the party that reports commitments.
    const real = (await nodes.national.store.outbox.list({ limit: 1000 })).find((m) => m.peer === ISHIKAWA && m.kind === 'logistics-shipment-update' && m.idempotencyKey.includes(orders.get('allowed')!))!;
    const payload = { ...(real.payload as Record<string, unknown>), orderId: 'forged-order-1' };
    const key = 'logistics-shipment:forged-order-1:committed';
    const client = createFederationClient({ signer: trust.signers.national, credential: trust.credentials.national, registry: trust.registry });
    const body = JSON.stringify({ kind: real.kind, idempotencyKey: key, createdAt: real.createdAt, payload });
    const res = await fetch(`${nodes.ishikawa.url}/federation/deliveries`, {
      method: 'POST', headers: { ...client.deliveryHeaders({ ...real, payload, idempotencyKey: key }, body), 'content-type': 'application/json', 'idempotency-key': key }, body,
    });
    expect(res.status).toBe(200);
    expect(await answersQueued()).toHaveLength(before);
    expect(await audit(nodes.ishikawa, { kind: 'access-decision', dataset: 'shipments' })).toHaveLength(decisions);
    expect(await sentLines('nanao-relay-1')).toEqual([['a1', 20, 0, 0, 0]]);
  });

  it('keeps the relay of a change whose delivery committed when Ishikawa stopped before relaying it, and relays it once when Ishikawa starts again', async () => {
    const planId = (await operator(nodes.national, 'GET', '/shipments')).json.items[0].planId as string;
    expect((await operator(nodes.national, 'POST', `/plans/${planId}/orders`, { action: 'dispatched', by: '国 倉庫 鈴木' })).json.refused).toEqual([]);
    const update = (await nodes.national.store.outbox.list({ limit: 1000 })).find((m) => m.peer === ISHIKAWA && m.state === 'pending' && m.idempotencyKey.includes(`${orders.get('allowed')!}:dispatched`))!;
    // The delivery as the node applies it, committed — and then the process stops before anything runs after the commit.
    const db = nodes.ishikawa.store.applications.database('logistics');
    const kind = shipmentUpdateDelivery(ISHIKAWA, { processPending: () => Promise.reject(new Error('the node stopped')) });
    await db.transaction(async (tx) => {
      const records = { get: async () => undefined, upsert: async () => [], tables: tx } as unknown as DeliveryRecords;
      const resolved = await kind.resolve(update.payload, records, { sender: DEPOT });
      if (!resolved.ok) throw new Error(JSON.stringify(resolved.answer));
      const answer = await kind.apply(update.payload, resolved.subject, records, { sender: DEPOT, now: new Date(), requestId: 'req-before-the-stop' });
      expect(answer.status).toBe(200);
    });
    const before = (await answersQueued()).length;
    nodes.ishikawa = await restartLogisticsNode(nodes.ishikawa, started.ishikawa);
    const dispatchedAnswers = async () => (await answersQueued()).filter((m) => m.idempotencyKey.startsWith(`logistics-rm-answer:${orders.get('allowed')}:dispatched:`));
    expect(await answersQueued()).toHaveLength(before + 1);
    expect(await dispatchedAnswers()).toHaveLength(1);
    expect(await toldAt(orders.get('allowed')!, 'dispatched')).toEqual([expect.objectContaining({ sent: true, code: 'LOGISTICS_RM_ANSWER_QUEUED' })]);
    // The decision carries the request id of the delivery that kept the relay.
    expect((await audit(nodes.ishikawa, { kind: 'access-decision', requester: NANAO })).at(-1)).toMatchObject({ decision: 'allow', requestId: 'req-before-the-stop' });
    // Started again, and the depot's own delivery of the change arriving late: still one answer.
    nodes.ishikawa = await restartLogisticsNode(nodes.ishikawa, started.ishikawa);
    await nodes.national.outbox.deliverDue();
    expect(await dispatchedAnswers()).toHaveLength(1);
    expect((await nodes.ishikawa.outbox.deliverDue()).failed ?? 0).toBe(0);
    expect(await sentLines('nanao-relay-1')).toEqual([['a1', 20, 0, 20, 0]]);
    expect((await audit(nodes.nanao, { kind: 'logistics-answer', requester: ISHIKAWA })).filter((e) => e.reasons.some((r) => r.code === 'LOGISTICS_RM_ANSWER_TAKEN'))).toHaveLength(2);
  });
});
