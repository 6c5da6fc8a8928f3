// The sender's own policy decides every logistics message it sends, on two real nodes on loopback: Ishikawa Prefecture
// plans from the national stockpile depot's stock. Ishikawa releases dispatch orders to the depot for Nanao's and
// Wajima's areas only, and its requests to the depot for training only; the depot releases its status updates to the
// prefecture for Nanao's area only. A refused release refuses the whole change before anything is applied — approval,
// commitment, sending — and both the allowed and the denied decisions are in the sender's audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestResourceOf } from '../../src/adapters/edxl-rm/from-records.ts';
import { writeRmMessage } from '../../src/adapters/edxl-rm/rm-out.ts';
import { SHIPMENT_MESSAGE_FIELDS } from '../../src/apps/logistics/outgoing-releases.ts';
import { DEMAND_FIELDS } from '../../src/apps/logistics/rm-delivery.ts';
import type { Demand, RecordDraft } from '../../src/model/index.ts';
import { freePorts } from '../../src/node/free-ports.ts';
import { builtInPolicies } from '../../src/node/node-policies.ts';
import { buildTestTrust } from '../../src/trust/test-fixtures.ts';
import { auditEntries, loopbackPeers, startLogisticsNode, stopLogisticsNodes, type RunningNode } from './support/logistics-nodes.ts';
import { ALL_PHASES, emergencyPolicy } from './support/logistics-policies.ts';

const trust = buildTestTrust(new Date());
const ISHIKAWA = trust.participants.ishikawa.id;
const DEPOT = trust.participants.national.id;
const TOKEN = 'release-decisions-test-operator-token-0123';
type Name = 'ishikawa' | 'national';
const nodes = {} as Record<Name, RunningNode<Name>>;
const urls = new Map<string, string>();

const peers = () => loopbackPeers(trust, ['ishikawa', 'national'], urls);

const STOCK_FIELDS = ['heldAt', 'areaCode', 'location', 'item', 'quantity', 'unit', 'reserved', 'shippable'];
const ishikawaPolicies = [
  ...builtInPolicies(ISHIKAWA),
  emergencyPolicy('ishikawa-shipments', ISHIKAWA, 'shipments', [
    { roles: ['national-agency'], actions: ['write-status'], fields: ['status'] },
    { roles: ['national-agency'], actions: ['read'], fields: [...SHIPMENT_MESSAGE_FIELDS], areas: ['172022', '172049'] },
  ]),
  // Requests go to the national agency for drills only: a request for supply logistics is a wrong purpose.
  emergencyPolicy('ishikawa-requests-sent', ISHIKAWA, 'demands', [{ roles: ['national-agency'], actions: ['read'], fields: DEMAND_FIELDS, purposes: ['training'], phases: ALL_PHASES }]),
];
const depotPolicies = [
  ...builtInPolicies(DEPOT),
  emergencyPolicy('depot-stock', DEPOT, 'stock', [{ roles: ['prefecture'], actions: ['read', 'write'], fields: STOCK_FIELDS }]),
  emergencyPolicy('depot-shipments', DEPOT, 'shipments', [
    { roles: ['prefecture'], actions: ['write-status'], fields: ['status'] },
    { roles: ['prefecture'], actions: ['read'], fields: [...SHIPMENT_MESSAGE_FIELDS], areas: ['172022'] },
  ]),
];

const blankets: RecordDraft<'stock'> = {
  id: 'depot-kanazawa:blanket', type: 'stock', sourceNode: DEPOT, observedAt: '2024-01-12T08:00:00+09:00', quality: { level: 'reported' },
  lineage: [{ activity: 'entry', at: '2024-01-12T08:00:00+09:00' }],
  data: { heldAt: { type: 'facility', id: 'depot-kanazawa' }, areaCode: '172022', location: { type: 'Point', coordinates: [136.65, 36.57] }, item: { category: 'blanket' }, quantity: 300, unit: 'piece' },
};

const request = (shelter: string, area: string, at: [number, number]) => ({
  destination: { type: 'shelter', id: shelter }, areaCode: area, location: { type: 'Point', coordinates: at }, item: { category: 'blanket' }, quantity: 10, unit: 'piece',
  neededBy: '2024-01-13T12:00:00+09:00', priority: 'high', by: '県 物資班 山田',
});

async function operator(node: RunningNode, method: string, path: string, body?: unknown, lang: 'ja' | 'en' = 'en', xml?: string) {
  const type = xml !== undefined ? 'application/xml' : body !== undefined ? 'application/json' : undefined;
  const res = await fetch(`${node.url}/operator/logistics${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'accept-language': lang, ...(type ? { 'content-type': type } : {}) },
    ...(xml !== undefined ? { body: xml } : body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field below
  return { status: res.status, json: (text ? JSON.parse(text) : undefined) as Record<string, any> };
}

const audit = auditEntries;
const pushed = async (node: RunningNode, what: string) =>
  (await audit(node, { kind: 'access-decision' })).filter((e) => e.reasons.some((r) => r.code === 'NODE_RELEASE_PUSHED' && String(r.params.what).startsWith(what)));
const outbox = async (node: RunningNode) => node.store.outbox.list({ limit: 1000 });

beforeAll(async () => {
  const ports = await freePorts('127.0.0.1', 2);
  (['ishikawa', 'national'] as const).forEach((n, i) => urls.set(trust.participants[n].id, `http://127.0.0.1:${ports[i]}`));
  const start = (name: Name, policies: typeof ishikawaPolicies, port: number) => startLogisticsNode({ trust, name, url: urls.get(trust.participants[name].id)!, port, policies, token: TOKEN, peers });
  nodes.ishikawa = await start('ishikawa', ishikawaPolicies, ports[0]!);
  nodes.national = await start('national', depotPolicies, ports[1]!);
  await nodes.national.store.upsert([blankets]);
  for (const n of [nodes.ishikawa, nodes.national]) {
    const sent = await nodes.ishikawa.client.sendDeclaration({ participantId: trust.participants[n.name].id, url: n.url }, trust.declare('ishikawa'));
    if (!(sent.ok && sent.status === 201)) throw new Error(`declaration not taken: ${JSON.stringify(sent)}`);
  }
  for (const [shelter, area, at] of [['172022-S1', '172022', [136.97, 37.04]], ['172049-S1', '172049', [136.9, 37.39]], ['172057-S1', '172057', [137.26, 37.43]]] as const) {
    const r = await operator(nodes.ishikawa, 'POST', '/requests', request(shelter, area, [...at]));
    if (r.status !== 201) throw new Error(JSON.stringify(r.json));
  }
}, 180_000);

afterAll(() => stopLogisticsNodes(Object.values(nodes)));

let planId: string;

describe('dispatch orders decided by the requester’s policy', () => {
  it('refuses to approve a plan with an order its policy does not release, naming the supplier and the reasons in both languages; nothing is queued, nothing stored, no order reaches the depot', async () => {
    const p = await operator(nodes.ishikawa, 'POST', '/plans');
    expect(p.status, JSON.stringify(p.json)).toBe(201);
    planId = p.json.plan.id;
    const lines = p.json.lines as { line: number; areaCode: string; quantity: number; supplier: string }[];
    expect(lines.map((l) => [l.areaCode, l.quantity]).sort()).toEqual([['172022', 10], ['172049', 10], ['172057', 10]]);
    const suzu = lines.find((l) => l.areaCode === '172057')!;
    const refused = await operator(nodes.ishikawa, 'POST', `/plans/${planId}/approve`, { by: '県 物資班 山田' });
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe('LOGISTICS_ORDER_RELEASE_REFUSED');
    const name = trust.participants.national.name as { ja: string; en: string };
    expect(refused.json.detail).toContain(`${name.en} (`);
    expect(refused.json.detail).toContain('172057');
    expect(refused.json.detailAlt.lang).toBe('ja');
    expect(refused.json.detailAlt.text).toContain(`${name.ja}（`);
    expect(refused.json.errors).toEqual([{ path: `/lines/${suzu.line}/supplier`, message: expect.stringContaining('POLICY_AREA_NOT_COVERED') }]);
    expect((await operator(nodes.ishikawa, 'GET', `/plans/${planId}`)).json.plan.state).toBe('proposed');
    expect(await outbox(nodes.ishikawa)).toEqual([]);
    expect((await operator(nodes.ishikawa, 'GET', '/shipments')).json.items).toEqual([]);
    expect((await operator(nodes.national, 'GET', '/shipments')).json.items).toEqual([]);
    // Every order was decided and audited: two allowed, the one for Suzu denied with its reason; no approval audited.
    const decided = await pushed(nodes.ishikawa, 'dispatch order');
    expect(decided.map((e) => [e.requester, e.decision, e.dataset, e.action]).sort()).toEqual([
      [DEPOT, 'allow', 'shipments', 'read'], [DEPOT, 'allow', 'shipments', 'read'], [DEPOT, 'deny', 'shipments', 'read'],
    ]);
    const denial = decided.find((e) => e.decision === 'deny')!;
    expect(denial.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['POLICY_AREA_NOT_COVERED', 'NODE_RELEASE_PUSHED']));
    expect(denial.recordCount).toBe(0);
    expect((await audit(nodes.ishikawa, { kind: 'logistics-plan' })).flatMap((e) => e.reasons.map((r) => r.code))).not.toContain('LOGISTICS_PLAN_APPROVED');
  });

  it('approves once the operator drops the refused line, queueing the two orders its policy released', async () => {
    const lines = (await operator(nodes.ishikawa, 'GET', `/plans/${planId}`)).json.lines as { line: number; areaCode: string }[];
    const suzu = lines.find((l) => l.areaCode === '172057')!;
    expect((await operator(nodes.ishikawa, 'PATCH', `/plans/${planId}/lines/${suzu.line}`, { quantity: 0, by: '県 物資班 山田' })).status).toBe(200);
    const approved = await operator(nodes.ishikawa, 'POST', `/plans/${planId}/approve`, { by: '県 物資班 山田' });
    expect(approved.status, JSON.stringify(approved.json)).toBe(200);
    expect((await outbox(nodes.ishikawa)).map((m) => [m.peer, m.kind])).toEqual([[DEPOT, 'logistics-dispatch-order'], [DEPOT, 'logistics-dispatch-order']]);
    expect((await nodes.ishikawa.outbox.deliverDue()).failed ?? 0).toBe(0);
    expect((await operator(nodes.national, 'GET', '/shipments')).json.items).toHaveLength(2);
    const allowed = (await pushed(nodes.ishikawa, 'dispatch order')).filter((e) => e.decision === 'allow').slice(-2);
    expect(allowed.every((e) => e.recordIds?.length === 1 && e.policy?.id === 'ishikawa-shipments')).toBe(true);
  });
});

describe('shipment updates decided by the supplier’s policy', () => {
  const orderIn = async (area: string) =>
    ((await operator(nodes.national, 'GET', '/shipments')).json.items as { orderId: string; areaCode: string }[]).find((s) => s.areaCode === area)!.orderId;

  it('refuses a commitment whose update to the requester its policy does not release: 403 with the reasons, still planned, nothing queued, the stock not drawn on', async () => {
    const orderId = await orderIn('172049');
    const before = (await outbox(nodes.national)).length;
    const refused = await operator(nodes.national, 'POST', `/shipments/${orderId}/commit`, { by: '国 倉庫 鈴木' }, 'ja');
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe('LOGISTICS_UPDATE_RELEASE_REFUSED');
    expect(refused.json.detail).toContain('172049');
    expect(refused.json.detailAlt.text).toContain("this node's policy does not release the status update to");
    expect((await operator(nodes.national, 'GET', `/shipments/${orderId}`)).json.state).toBe('planned');
    expect(await outbox(nodes.national)).toHaveLength(before);
    const ledger = await operator(nodes.national, 'GET', `/ledger/${encodeURIComponent(blankets.id)}`);
    expect(ledger.json.commitments ?? []).toEqual([]);
    const denial = (await pushed(nodes.national, `shipment update ${orderId}`)).at(-1)!;
    expect(denial).toMatchObject({ requester: ISHIKAWA, decision: 'deny', dataset: 'shipments', recordCount: 0 });
    // The bulk form refuses that order the same way and commits the other.
    const bulk = await operator(nodes.national, 'POST', `/plans/${planId}/orders`, { action: 'commit', by: '国 倉庫 鈴木' });
    expect(bulk.json.refused).toEqual([{ orderId, code: 'LOGISTICS_UPDATE_RELEASE_REFUSED', status: 403 }]);
    expect(bulk.json.done).toEqual([await orderIn('172022')]);
  });

  it('tells the requester of a commitment its policy releases, with the allowed decision audited before the update was queued', async () => {
    const orderId = await orderIn('172022');
    const queued = (await outbox(nodes.national)).filter((m) => m.kind === 'logistics-shipment-update' && m.idempotencyKey.includes(orderId));
    expect(queued.map((m) => m.peer)).toEqual([ISHIKAWA]);
    const allowed = (await pushed(nodes.national, `shipment update ${orderId} committed`)).at(-1)!;
    expect(allowed).toMatchObject({ requester: ISHIKAWA, decision: 'allow', recordIds: [orderId] });
    expect((await nodes.national.outbox.deliverDue()).failed ?? 0).toBe(0);
    expect((await operator(nodes.ishikawa, 'GET', `/shipments/${orderId}`)).json.state).toBe('committed');
  });
});

describe('a request sent with edxl-rm send, decided by the sender’s policy', () => {
  it('refuses to send for a purpose its policy does not release: 403, nothing recorded as sent, nothing queued, the denial audited', async () => {
    const demand: Demand = {
      origin: 'request', requestedBy: ISHIKAWA, destination: { type: 'shelter', id: '172022-S1' }, areaCode: '172022', item: { category: 'blanket' }, quantity: 5, unit: 'piece',
      neededBy: '2024-01-13T12:00:00+09:00', priority: 'high',
    };
    const header = { messageId: 'ishikawa-rr-1', sentAt: '2024-01-12T09:00:00+09:00', originatingMessageId: 'ishikawa-rr-1', contact: { role: 'Requester' as const, description: '石川県' } };
    const written = writeRmMessage(requestResourceOf(header, [{ id: 'r1', demand }]));
    if (!written.ok) throw new Error(JSON.stringify(written.problems));
    const before = (await outbox(nodes.ishikawa)).length;
    const r = await operator(nodes.ishikawa, 'POST', `/edxl-rm/send?to=${DEPOT}&by=${encodeURIComponent('県 物資班 山田')}`, undefined, 'en', written.xml);
    expect(r.status).toBe(403);
    expect(r.json.code).toBe('LOGISTICS_RM_SEND_REFUSED');
    expect(r.json.detail).toContain('ishikawa-rr-1');
    expect(await outbox(nodes.ishikawa)).toHaveLength(before);
    expect((await operator(nodes.ishikawa, 'GET', '/edxl-rm/sent')).json.items).toEqual([]);
    const denial = (await pushed(nodes.ishikawa, 'EDXL-RM RequestResource ishikawa-rr-1')).at(-1)!;
    expect(denial).toMatchObject({ requester: DEPOT, decision: 'deny', dataset: 'demands', action: 'read' });
    expect(denial.reasons.map((x) => x.code)).toContain('POLICY_PURPOSE_NOT_PERMITTED');
    expect((await audit(nodes.ishikawa, { kind: 'logistics-request' })).flatMap((e) => e.reasons.map((x) => x.code))).not.toContain('LOGISTICS_RM_SENT');
  });
});
