// Logistics across three real nodes on loopback (PGlite in memory, the test trust world): Ishikawa Prefecture plans and
// approves, the national stockpile depot (the Cabinet Office's node) supplies, Nanao City owns the shelter that
// receives. The whole chain — needs from the shelter's evacuee count and from Nanao's counts of persons requiring care
// (an aggregate, a withheld cell, the depot refusing), a plan with its reasons, an edit, approval by a
// named operator, a signed dispatch order through the outbox, commitment against the depot's ledger, dispatched → in
// transit → delivered, receipt — with both audit logs checked at every step, and the refusals: no declaration, a
// participant the depot's policy does not allow, a wrong purpose, an unknown participant, a tampered delivery, a
// redelivered order, changed stock, a line over stock, a receipt over what was shipped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SHIPMENT_MESSAGE_FIELDS } from '../../src/apps/logistics/outgoing-releases.ts';
import { createFederationClient } from '../../src/federation/client.ts';
import type { NodeTarget } from '../../src/federation/discovery.ts';
import type { AreaCode, RecordDraft } from '../../src/model/index.ts';
import { builtInPolicies, type NodePolicy } from '../../src/node/node-policies.ts';
import { parsePolicy } from '../../src/policy/index.ts';
import { buildTestTrust } from '../../src/trust/test-fixtures.ts';
import { startLogisticsNode, stopLogisticsNodes, type RunningNode } from './support/logistics-nodes.ts';

const trust = buildTestTrust(new Date());
const ISHIKAWA = trust.participants.ishikawa.id;
const DEPOT = trust.participants.national.id;
const NANAO = trust.participants.nanao.id;
const TOKEN = 'logistics-test-operator-token-0123456789';

const nodes = {} as Record<'ishikawa' | 'national' | 'nanao', RunningNode<'ishikawa' | 'national' | 'nanao'>>;
const urls = new Map<string, string>();

function peers(): NodeTarget[] {
  return (['ishikawa', 'national', 'nanao'] as const).map((n) => {
    const p = trust.participants[n];
    return { participantId: p.id, nodeUrl: `${urls.get(p.id)}/`, role: p.role, jurisdiction: p.jurisdiction as AreaCode[], trustListId: 'jp-tsunagu-trust-list', catalogKnown: false };
  });
}

function policy(doc: Record<string, unknown>): NodePolicy {
  const parsed = parsePolicy({ version: 1, fieldClasses: {}, validFrom: '2023-04-01T00:00:00+09:00', ...doc });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return { policy: parsed.value, source: `${String(doc.id)}.json` };
}

const permit = (id: string, roles: string[], actions: string[], fields: string[]) => ({
  id, description: { ja: '物資支援（緊急時）', en: 'Supply logistics (emergency)' }, purposes: ['supply-logistics'], roles, actions,
  requesterJurisdiction: 'any', phases: ['emergency'], fields, retention: 'P7D', onwardSharing: false, consentRequiredOutsideEmergency: false,
});

// The depot's policies are the example in docs/logistics.md: its stock for supply logistics to prefectures during a
// declared emergency (read, and write: their dispatch orders), and shipment reports from prefectures and municipalities.
function documentedDepotPolicies(): NodePolicy[] {
  const md = readFileSync(new URL('../../docs/logistics.md', import.meta.url), 'utf8');
  const docs = JSON.parse(md.split('```json')[1]!.split('```')[0]!) as Record<string, unknown>[];
  return docs.map((d) => {
    const parsed = parsePolicy(d);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    return { policy: parsed.value, source: 'docs/logistics.md' };
  });
}
// Each party takes the others' status reports, and lets its own dispatch orders and updates go to them (decided as
// the recipient reading what is pushed, before anything is queued).
const shipmentsPolicy = (owner: string, roles: string[]) => policy({
  id: `${owner}-shipments`, owner, dataset: 'shipments', description: { ja: '輸送の状態', en: 'Shipment status' },
  permits: [permit('parties', roles, ['write-status'], ['status']), permit('parties-messages', roles, ['read'], [...SHIPMENT_MESSAGE_FIELDS])],
});

const nanaoShelter: RecordDraft<'shelter'> = {
  id: '172022-CC0000000518', type: 'shelter', sourceNode: NANAO, observedAt: '2024-01-11T18:00:00+09:00',
  quality: { level: 'reported' }, lineage: [{ activity: 'entry', at: '2024-01-11T18:00:00+09:00' }],
  data: {
    localId: 'CC0000000518', name: { ja: '山王小学校' }, kinds: ['designated-shelter'], hazards: ['earthquake'], areaCode: '172022',
    location: { type: 'Point', coordinates: [136.97373, 37.04185] }, openStatus: 'open',
    evacueeCounts: [{ observedAt: '2024-01-11T18:00:00+09:00', count: 175, source: 'open_shelter_Nanao-shi_2024-01-11-1800.csv' }], needs: [],
  } as RecordDraft<'shelter'>['data'],
};

// Persons requiring care Nanao holds at the shelter: released to the prefecture only as counts per shelter and kind of
// care. Five bedridden persons are published; two with a food allergy are too few, and the four infants are withheld
// with them so that the two cannot be worked out by subtraction.
const carePerson = (i: number, need: 'bedridden' | 'infant' | 'food-allergy'): RecordDraft<'person'> => ({
  id: `nanao-care-${need}-${i}`, type: 'person', sourceNode: NANAO, observedAt: '2024-01-11T18:00:00+09:00', quality: { level: 'synthetic' },
  lineage: [{ activity: 'entry', at: '2024-01-11T18:00:00+09:00' }],
  data: {
    name: { full: `テスト ${need} ${i}` }, areaCode: '172022', care: { needs: [need] }, consent: { shareWithSupporters: false },
    onEvacuationSupportList: true, safety: { status: 'safe', shelter: nanaoShelter.id },
  },
});
const nanaoCarePersons = [
  ...Array.from({ length: 5 }, (_, i) => carePerson(i, 'bedridden')),
  ...Array.from({ length: 4 }, (_, i) => carePerson(i, 'infant')),
  ...Array.from({ length: 2 }, (_, i) => carePerson(i, 'food-allergy')),
];
const nanaoCareCounts = policy({
  id: 'nanao-persons-supply', owner: NANAO, dataset: 'persons', description: { ja: '要配慮者の人数（物資支援）', en: 'Counts of persons requiring care (supply logistics)' },
  permits: [{
    ...permit('care-counts', ['prefecture'], ['read'], ['safety.shelter', 'care.needs']),
    requesterJurisdiction: 'covers-record-area',
    answer: { kind: 'aggregate', groupBy: ['safety.shelter', 'care.needs'], minimumCellSize: 3 },
  }],
});

// The depot's persons policy releases statistics only: asked for care counts for supply logistics, it refuses.
const depotPersonsStatistics = policy({
  id: 'depot-persons-statistics', owner: DEPOT, dataset: 'persons', description: { ja: '統計のみ', en: 'Statistics only' },
  permits: [{
    ...permit('statistics', ['prefecture'], ['read'], ['areaCode', 'care.needs']), purposes: ['statistics'],
    answer: { kind: 'aggregate', groupBy: ['areaCode', 'care.needs'], minimumCellSize: 5 },
  }],
});

const blankets = (quantity: number, at: string): RecordDraft<'stock'> => ({
  id: 'depot-kanazawa:blanket', type: 'stock', sourceNode: DEPOT, observedAt: at, quality: { level: 'reported' },
  lineage: [{ activity: 'entry', at }],
  data: {
    heldAt: { type: 'facility', id: 'depot-kanazawa' }, areaCode: '172022', location: { type: 'Point', coordinates: [136.65, 36.57] },
    item: { category: 'blanket', name: { ja: '毛布' } }, quantity, unit: 'piece',
  },
});

const startNode = (name: 'ishikawa' | 'national' | 'nanao', policies: NodePolicy[], port: number) =>
  startLogisticsNode({ trust, name, url: urls.get(trust.participants[name].id)!, port, policies, token: TOKEN, peers });

async function operator(node: RunningNode, method: string, path: string, body?: unknown, lang: 'ja' | 'en' = 'en') {
  const res = await fetch(`${node.url}/operator/logistics${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'accept-language': lang, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : undefined) as Record<string, any> };
}

async function audit(node: RunningNode, filter: Record<string, string> = {}) {
  const r = await node.store.audit.query({ ...filter, order: 'oldest-first', limit: 1000 });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.page.entries;
}

const codes = (entries: Awaited<ReturnType<typeof audit>>) => entries.flatMap((e) => e.reasons.map((r) => r.code));

/** Deliver every due outbox message of these nodes, in turn. */
async function deliver(...from: RunningNode[]) {
  for (const n of from) {
    const report = await n.outbox.deliverDue();
    expect(report.failed ?? 0).toBe(0);
  }
}

/** A delivery signed by `as` (its own key and credential), POSTed by hand: to send what a real outbox would not. */
async function signedDelivery(as: 'ishikawa' | 'wajima' | 'lapsed', to: RunningNode, kind: string, key: string, payload: unknown, tamper?: (body: string) => string) {
  const client = createFederationClient({ signer: trust.signers[as], credential: trust.credentials[as], registry: trust.registry });
  const message = { seq: 0, state: 'pending' as const, attempts: 0, nextAttemptAt: new Date().toISOString(), peer: DEPOT, peerUrl: `${to.url}/`, kind, idempotencyKey: key, payload, createdAt: new Date().toISOString() };
  const body = JSON.stringify({ kind, idempotencyKey: key, createdAt: message.createdAt, payload });
  const headers = client.deliveryHeaders(message, body);
  const res = await fetch(`${to.url}/federation/deliveries`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': key }, body: tamper ? tamper(body) : body });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

beforeAll(async () => {
  const { freePorts } = await import('../../src/node/free-ports.ts');
  const ports = await freePorts('127.0.0.1', 3);
  (['ishikawa', 'national', 'nanao'] as const).forEach((n, i) => urls.set(trust.participants[n].id, `http://127.0.0.1:${ports[i]}`));
  nodes.ishikawa = await startNode('ishikawa', [...builtInPolicies(ISHIKAWA), shipmentsPolicy(ISHIKAWA, ['national-agency', 'municipality'])], ports[0]!);
  nodes.national = await startNode('national', [...builtInPolicies(DEPOT), ...documentedDepotPolicies(), depotPersonsStatistics], ports[1]!);
  nodes.nanao = await startNode('nanao', [...builtInPolicies(NANAO), shipmentsPolicy(NANAO, ['national-agency', 'prefecture']), nanaoCareCounts], ports[2]!);
  await nodes.nanao.store.upsert([nanaoShelter, ...nanaoCarePersons]);
  await nodes.national.store.upsert([blankets(200, '2024-01-12T08:00:00+09:00')]);
}, 180_000);

afterAll(() => stopLogisticsNodes(Object.values(nodes)));

let planId: string;
let orderId: string;

describe('logistics across a prefecture, a depot and a municipality', () => {
  it('describes its operator routes in the node’s OpenAPI document', async () => {
    const doc = (await (await fetch(`${nodes.ishikawa.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    for (const path of ['/operator/logistics/needs', '/operator/logistics/plans/{planId}/approve', '/operator/logistics/shipments/{orderId}/receipt']) expect(doc.paths).toHaveProperty([path]);
  });

  it('shows the depot as missing, refused by its policy, before any declaration', async () => {
    const r = await operator(nodes.ishikawa, 'GET', '/supplies');
    expect(r.status).toBe(200);
    expect(r.json.stock).toEqual([]);
    const missing = (r.json.missing as { node: string; dataset: string; code?: string }[]).filter((m) => m.dataset === 'stock' && m.node === DEPOT);
    expect(missing).toHaveLength(1);
    expect(missing[0]!.code).toBe('NODE_ACCESS_DENIED');
  });

  it('refuses a dispatch order from the prefecture while no declaration is in force, and keeps nothing', async () => {
    const order = orderPayload('early-order', 10);
    const r = await signedDelivery('ishikawa', nodes.national, 'logistics-dispatch-order', 'early-1', order);
    expect(r.status).toBe(403);
    expect(r.json.code).toBe('NODE_ACCESS_DENIED');
    expect((await operator(nodes.national, 'GET', '/shipments')).json.items).toEqual([]);
  });

  it('computes the shelter’s push needs and gathers the depot’s stock once Ishikawa declares an emergency', async () => {
    for (const n of [nodes.national, nodes.nanao, nodes.ishikawa]) {
      const sent = await nodes.ishikawa.client.sendDeclaration({ participantId: trust.participants[n.name].id, url: n.url }, trust.declare('ishikawa'));
      expect(sent.ok && sent.status).toBe(201);
    }
    const needs = await operator(nodes.ishikawa, 'GET', '/needs');
    expect(needs.status).toBe(200);
    const blanketNeed = (needs.json.needs as { receiver: string; demand: { item: { category: string }; quantity: number } }[]).find((n) => n.demand.item.category === 'blanket');
    expect(blanketNeed).toMatchObject({ receiver: NANAO, demand: { quantity: 350 } });
    // The page names the shelters its needs are for, by shelter id.
    expect(needs.json.shelterNames).toEqual({ [nanaoShelter.id]: { ja: '山王小学校' } });
    // …and its areas, from the bundled code table: the console ships no table of its own.
    expect(needs.json.areaNames).toEqual({ '172022': { ja: '七尾市', en: 'Nanao City' } });
    const supplies = await operator(nodes.ishikawa, 'GET', '/supplies');
    expect(supplies.json.stock.map((s: { node: string; id: string }) => `${s.node}/${s.id}`)).toEqual([`${DEPOT}/depot-kanazawa:blanket`]);
    // What the console was shown is in the prefecture's own log too (the providers audited their answers).
    const shown = await audit(nodes.ishikawa, { kind: 'operator-query' });
    expect(shown.at(-1)!.reasons[0]).toMatchObject({ code: 'LOGISTICS_GATHERED', params: { what: 'supplies', records: 1 } });
  });

  it('needs what the shelter’s persons requiring care need, from Nanao’s counts (never persons); a withheld cell stays unknown, a refusing node is named', async () => {
    const needs = await operator(nodes.ishikawa, 'GET', '/needs');
    type Need = { receiver: string; demand: { origin: string; item: { category: string }; quantity: number; priority: string; basis?: string } };
    const lines = needs.json.needs as Need[];
    // Five bedridden persons × 6 adult diapers × 3 days; the population estimate covers only those beyond them.
    const diapers = lines.filter((n) => n.demand.item.category === 'adult-diaper' && n.demand.origin === 'care-estimate');
    expect(diapers).toHaveLength(1);
    expect(diapers[0]).toMatchObject({ receiver: NANAO, demand: { origin: 'care-estimate', quantity: 90, priority: 'high' } });
    expect(diapers[0]!.demand.basis).toContain(NANAO);
    expect(lines.filter((n) => n.demand.item.category === 'adult-diaper' && n.demand.origin === 'push-estimate').map((n) => n.demand.basis)).toEqual([
      expect.stringContaining('要配慮者として数えた 5人'),
    ]);
    // The infants' count was withheld: formula stays the population estimate, nothing guessed; no allergen-free line.
    expect(lines.filter((n) => n.demand.item.category === 'infant-formula').map((n) => n.demand.origin)).toEqual(['push-estimate']);
    expect(lines.some((n) => n.demand.item.category === 'allergy-friendly-food')).toBe(false);
    expect(needs.json.care).toEqual([{
      node: NANAO, shelters: 1, minimumCellSize: 3, tableWithheld: false,
      withheld: [{ shelterId: nanaoShelter.id, need: 'food-allergy' }, { shelterId: nanaoShelter.id, need: 'infant' }],
    }]);
    // The depot's persons policy permits statistics only: it is named as not releasing the counts.
    const refused = (needs.json.missing as { node: string; dataset: string; reason: string; code?: string }[]).filter((m) => m.dataset === 'persons' && m.node === DEPOT);
    expect(refused).toEqual([expect.objectContaining({ reason: 'refused', code: 'NODE_ACCESS_DENIED' })]);
    // Nanao audited an aggregate answer for supply logistics, and released no person's id.
    const answered = (await audit(nodes.nanao, { kind: 'access-decision' })).filter((e) => e.dataset === 'persons' && e.decision === 'allow');
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.every((e) => e.purpose === 'supply-logistics' && (e.recordIds ?? []).every((id) => !id.startsWith('nanao-care-')))).toBe(true);
  });

  it('refuses a request for an unknown item or a negative quantity, naming the field, and keeps nothing', async () => {
    const base = { destination: { type: 'shelter', id: nanaoShelter.id }, areaCode: '172022', item: { category: 'blanket' }, quantity: 10, unit: 'piece', neededBy: '2024-01-13T12:00:00+09:00', priority: 'high', requestedBy: NANAO, by: '県 物資班 山田' };
    const unknown = await operator(nodes.ishikawa, 'POST', '/requests', { ...base, item: { category: 'caviar' } });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.json.errors)).toContain('/item/category');
    const negative = await operator(nodes.ishikawa, 'POST', '/requests', { ...base, quantity: -5 });
    expect(negative.status).toBe(400);
    expect(JSON.stringify(negative.json.errors)).toContain('/quantity');
    expect((await operator(nodes.ishikawa, 'GET', '/needs')).json.needs.filter((n: { demand: { origin: string } }) => n.demand.origin === 'request')).toEqual([]);
  });

  it('proposes a plan with its reasons: the depot’s 200 blankets go to the shelter, the rest is a shortage', async () => {
    const r = await operator(nodes.ishikawa, 'POST', '/plans');
    expect(r.status).toBe(201);
    planId = r.json.plan.id;
    expect(r.json.plan.state).toBe('proposed');
    const blanketLines = r.json.lines.filter((l: { category: string }) => l.category === 'blanket');
    expect(blanketLines).toHaveLength(1);
    expect(blanketLines[0]).toMatchObject({ supplier: DEPOT, stockId: 'depot-kanazawa:blanket', stockVersion: 1, receiver: NANAO, quantity: 200 });
    const result = r.json.plan.result;
    expect(result.explanation.shortages.map((s: { category: string }) => s.category)).toContain('blanket');
    expect(result.notes.map((n: { code: string }) => n.code)).toContain('LOGISTICS_ROUTING_STRAIGHT_LINE');
    // The console reads the same explanation as sentences in its language, each delivery tied to its plan line.
    expect(r.json.sentences.notes[0]).toMatch(/straight-line distance at 30 km\/h/);
    const blanketLine = blanketLines[0].line;
    expect(r.json.sentences.destinations.flatMap((d: { deliveries: { line?: number }[] }) => d.deliveries.map((x) => x.line))).toContain(blanketLine);
    expect(codes(await audit(nodes.ishikawa, { kind: 'logistics-plan' }))).toEqual(['LOGISTICS_PLAN_PROPOSED']);
  });

  it('refuses an edit that takes more than the stock can ship, naming the line, and accepts one within it', async () => {
    const line = (await operator(nodes.ishikawa, 'GET', `/plans/${planId}`)).json.lines.find((l: { category: string }) => l.category === 'blanket');
    const over = await operator(nodes.ishikawa, 'PATCH', `/plans/${planId}/lines/${line.line}`, { quantity: 250, by: '県 物資班 山田' });
    expect(over.status).toBe(422);
    expect(over.json.code).toBe('LOGISTICS_LINE_OVER_STOCK');
    expect(over.json.errors[0].path).toBe(`/lines/${line.line}/quantity`);
    const ja = await operator(nodes.ishikawa, 'PATCH', `/plans/${planId}/lines/${line.line}`, { quantity: 250, by: '県 物資班 山田' }, 'ja');
    expect(ja.json.detail).toContain('出荷可能な数量');
    expect(ja.json.detailAlt.text).toContain('can ship');
    const ok = await operator(nodes.ishikawa, 'PATCH', `/plans/${planId}/lines/${line.line}`, { quantity: 150, by: '県 物資班 山田' });
    expect(ok.status).toBe(200);
    // Only the blanket line is kept for this walk through; the other lines are removed by the operator as well.
    for (const l of ok.json.lines.filter((x: { category: string }) => x.category !== 'blanket')) {
      expect((await operator(nodes.ishikawa, 'PATCH', `/plans/${planId}/lines/${l.line}`, { quantity: 0, by: '県 物資班 山田' })).status).toBe(200);
    }
    orderId = `${planId}.${line.line}`;
  });

  it('approves by a named operator: one signed dispatch order to the depot, nothing before', async () => {
    expect((await operator(nodes.national, 'GET', '/shipments')).json.items).toEqual([]);
    const r = await operator(nodes.ishikawa, 'POST', `/plans/${planId}/approve`, { by: '県 物資班 山田' });
    expect(r.status).toBe(200);
    expect(r.json.plan).toMatchObject({ state: 'approved', decidedBy: '県 物資班 山田' });
    const again = await operator(nodes.ishikawa, 'POST', `/plans/${planId}/approve`, { by: '県 物資班 山田' });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('LOGISTICS_PLAN_NOT_PROPOSED');
    const needs = await operator(nodes.ishikawa, 'GET', '/needs');
    expect(needs.json.needs.find((n: { demand: { item: { category: string } } }) => n.demand.item.category === 'blanket').demand.quantity).toBe(200);
    await deliver(nodes.ishikawa);
    const atDepot = (await operator(nodes.national, 'GET', '/shipments')).json.items;
    expect(atDepot.map((s: { orderId: string; state: string }) => [s.orderId, s.state])).toEqual([[orderId, 'planned']]);
    // The order names the shelter as the plan knew it (Nanao released it); the depot has no facility record, so no name.
    expect(atDepot[0].places).toEqual({ to: { ja: '山王小学校' } });
    const received = await audit(nodes.national, { kind: 'logistics-shipment', decision: 'allow' });
    expect(codes(received)).toContain('LOGISTICS_ORDER_RECEIVED');
    expect(received.find((e) => e.reasons.some((x) => x.code === 'LOGISTICS_ORDER_RECEIVED'))).toMatchObject({ requester: ISHIKAWA, purpose: 'supply-logistics', dataset: 'stock' });
  });

  it('answers a redelivered order as the first time and keeps one order', async () => {
    const [first] = await nodes.ishikawa.store.outbox.list({});
    const r = await signedDelivery('ishikawa', nodes.national, first!.kind, first!.idempotencyKey, first!.payload);
    expect(r.status).toBe(202);
    expect(r.json.duplicate).toBe(true);
    const fresh = await signedDelivery('ishikawa', nodes.national, first!.kind, 'another-key-same-order', first!.payload);
    expect(fresh.json.result).toBe('duplicate');
    expect((await operator(nodes.national, 'GET', '/shipments')).json.items).toHaveLength(1);
  });

  it('refuses orders from a participant the depot’s policy does not allow, for a wrong purpose, in another participant’s name, from a participant whose listing lapsed, and tampered ones', async () => {
    const wajima = await signedDelivery('wajima', nodes.national, 'logistics-dispatch-order', 'w-1', { ...orderPayload('wajima-order', 10), requester: trust.participants.wajima.id });
    expect(wajima.status).toBe(403);
    const purpose = await signedDelivery('ishikawa', nodes.national, 'logistics-dispatch-order', 'p-1', { ...orderPayload('training-order', 10), purpose: 'training' });
    expect(purpose.status).toBe(403);
    const impostor = await signedDelivery('ishikawa', nodes.national, 'logistics-dispatch-order', 'i-1', { ...orderPayload('impostor-order', 10), requester: NANAO });
    expect(impostor.status).toBe(422);
    expect(impostor.json.code).toBe('LOGISTICS_UPDATE_NOT_ALLOWED');
    const lapsed = await signedDelivery('lapsed', nodes.national, 'logistics-dispatch-order', 'l-1', orderPayload('lapsed-order', 10));
    expect(lapsed.status).toBe(401);
    const tampered = await signedDelivery('ishikawa', nodes.national, 'logistics-dispatch-order', 't-1', orderPayload('tampered-order', 10), (b) => b.replace('"quantity":10', '"quantity":10000'));
    expect(tampered.status).toBe(401);
    expect((await operator(nodes.national, 'GET', '/shipments')).json.items).toHaveLength(1);
    const denied = codes(await audit(nodes.national, { decision: 'deny' }));
    expect(denied.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses approval of a plan whose stock changed since, naming the line', async () => {
    const p = await operator(nodes.ishikawa, 'POST', '/plans');
    expect(p.status).toBe(201);
    await nodes.national.store.upsert([blankets(190, '2024-01-12T10:00:00+09:00')]);
    const r = await operator(nodes.ishikawa, 'POST', `/plans/${p.json.plan.id}/approve`, { by: '県 物資班 山田' });
    expect(r.status).toBe(409);
    expect(r.json.code).toBe('LOGISTICS_STOCK_CHANGED');
    expect(r.json.errors[0].path).toMatch(/^\/lines\/\d+\/stockId$/);
    expect((await operator(nodes.ishikawa, 'GET', `/plans/${p.json.plan.id}`)).json.plan.state).toBe('proposed');
    const declined = await operator(nodes.ishikawa, 'POST', `/plans/${p.json.plan.id}/decline`, { by: '県 物資班 山田', reason: '在庫が変わったため作り直す' });
    expect(declined.json.plan.state).toBe('declined');
  });

  it('lets the depot commit against its ledger, then report dispatched, in transit and delivered to both parties', async () => {
    const committed = await operator(nodes.national, 'POST', `/shipments/${orderId}/commit`, { by: '備蓄拠点 佐藤' });
    expect(committed.status).toBe(200);
    expect(committed.json.state).toBe('committed');
    // The commitment drew on the newest count (190, taken after the order arrived), not the 200 the order saw.
    const ledger = await operator(nodes.national, 'GET', '/ledger/depot-kanazawa:blanket');
    expect(ledger.json.basis).toMatchObject({ version: 2, shippable: 190 });
    expect(ledger.json.available).toBe(40);
    const twice = await operator(nodes.national, 'POST', `/shipments/${orderId}/commit`, { by: '備蓄拠点 佐藤' });
    expect(twice.status).toBe(409);
    // The plan's orders at once: a node that supplies none of them moves nothing; the depot moves its one order.
    const notSupplier = await operator(nodes.nanao, 'POST', `/plans/${planId}/orders`, { action: 'dispatched', by: '七尾市 田中' });
    expect(notSupplier.json).toMatchObject({ done: [], refused: [] });
    const again = await operator(nodes.national, 'POST', `/plans/${planId}/orders`, { action: 'commit', by: '備蓄拠点 佐藤' });
    expect(again.json).toEqual({ done: [], refused: [], untouched: 1 });
    const dispatched = await operator(nodes.national, 'POST', `/plans/${planId}/orders`, { action: 'dispatched', by: '備蓄拠点 佐藤' });
    expect(dispatched.status).toBe(200);
    expect(dispatched.json).toEqual({ done: [orderId], refused: [], untouched: 0 });
    const badAction = await operator(nodes.national, 'POST', `/plans/${planId}/orders`, { action: 'received', by: '備蓄拠点 佐藤' });
    expect(badAction.status).toBe(400);
    for (const state of ['in-transit', 'delivered']) {
      const r = await operator(nodes.national, 'POST', `/shipments/${orderId}/progress`, { state, by: '備蓄拠点 佐藤' });
      expect(r.status).toBe(200);
    }
    await deliver(nodes.national);
    expect((await operator(nodes.ishikawa, 'GET', `/shipments/${orderId}`)).json.state).toBe('delivered');
    const atNanao = (await operator(nodes.nanao, 'GET', `/shipments/${orderId}`)).json;
    expect(atNanao.state).toBe('delivered');
    expect(atNanao.transitions.map((t: { state: string }) => t.state)).toEqual(['committed', 'dispatched', 'in-transit', 'delivered']);
    // The updates carry the names on: the receiver's board names the shelter too.
    expect(atNanao.places).toEqual({ to: { ja: '山王小学校' } });
  });

  it('refuses a receipt for more than was shipped, naming the field, and closes with shipped = received + damaged + lost', async () => {
    const over = await operator(nodes.nanao, 'POST', `/shipments/${orderId}/receipt`, { lines: [{ line: 0, received: 151, damaged: 0, lost: 0 }], by: '七尾市 避難所班 田中' });
    expect(over.status).toBe(422);
    expect(over.json.code).toBe('LOGISTICS_RECEIPT_INVALID');
    expect(over.json.errors[0].path).toBe('/receipt/0/received');
    expect((await operator(nodes.nanao, 'GET', `/shipments/${orderId}`)).json.state).toBe('delivered');
    const ok = await operator(nodes.nanao, 'POST', `/shipments/${orderId}/receipt`, { lines: [{ line: 0, received: 140, damaged: 6, lost: 4, lot: 'B-2023-11' }], by: '七尾市 避難所班 田中' });
    expect(ok.status).toBe(200);
    await deliver(nodes.nanao);
    for (const n of [nodes.ishikawa, nodes.national]) {
      const s = (await operator(n, 'GET', `/shipments/${orderId}`)).json;
      expect(s.state).toBe('received');
      const r = s.shipment.status.receipt[0];
      expect(r.received + r.damaged + r.lost).toBe(s.shipment.lines[0].quantity);
    }
  });

  it('has every step in both parties’ audit logs', async () => {
    expect(codes(await audit(nodes.ishikawa, { kind: 'logistics-plan' }))).toEqual(
      expect.arrayContaining(['LOGISTICS_PLAN_PROPOSED', 'LOGISTICS_PLAN_EDITED', 'LOGISTICS_PLAN_APPROVED', 'LOGISTICS_PLAN_DECLINED']),
    );
    const atIshikawa = (await audit(nodes.ishikawa, { kind: 'logistics-shipment', decision: 'allow' })).filter((e) => e.reasons.some((r) => r.code === 'LOGISTICS_SHIPMENT_UPDATED'));
    expect(atIshikawa.map((e) => e.reasons.at(-1)!.params.state)).toEqual(['committed', 'dispatched', 'in-transit', 'delivered', 'received']);
    const depotOwn = (await audit(nodes.national, { kind: 'logistics-shipment' })).filter((e) => e.requester === 'operator:console');
    expect(depotOwn.map((e) => e.reasons[0]!.params.state)).toEqual(['committed', 'dispatched', 'in-transit', 'delivered']);
    const depotReceived = (await audit(nodes.national, { kind: 'logistics-shipment', decision: 'allow' })).filter((e) => e.reasons.some((r) => r.code === 'LOGISTICS_SHIPMENT_UPDATED'));
    expect(depotReceived.map((e) => [e.requester, e.reasons.at(-1)!.params.state])).toEqual([[NANAO, 'received']]);
    const nanaoOwn = (await audit(nodes.nanao, { kind: 'logistics-shipment' })).filter((e) => e.requester === 'operator:console');
    expect(nanaoOwn.map((e) => e.reasons[0]!.params.state)).toEqual(['received']);
    const nanaoReceived = (await audit(nodes.nanao, { kind: 'logistics-shipment', decision: 'allow' })).filter((e) => e.reasons.some((r) => r.code === 'LOGISTICS_SHIPMENT_UPDATED'));
    expect(nanaoReceived.map((e) => e.reasons.at(-1)!.params.state)).toEqual(['committed', 'dispatched', 'in-transit', 'delivered']);
  });
});

function orderPayload(orderId: string, quantity: number) {
  const at = new Date().toISOString();
  return {
    orderId, planId: 'plan-hand-made', requester: ISHIKAWA, receiver: NANAO, areaCode: '172022',
    stock: { id: 'depot-kanazawa:blanket', version: 1 }, approvedBy: 'test', approvedAt: at,
    shipment: {
      supplier: DEPOT, from: { type: 'facility', id: 'depot-kanazawa' }, to: { type: 'shelter', id: nanaoShelter.id },
      lines: [{ category: 'blanket', unit: 'piece', quantity, stock: 'depot-kanazawa:blanket' }], status: { state: 'planned', at },
    },
  };
}

