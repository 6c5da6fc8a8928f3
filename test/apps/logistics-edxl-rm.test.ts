// EDXL-RM 1.0 into and out of a node, on two real nodes on loopback (PGlite in memory, the test trust world): Ishikawa
// Prefecture coordinates and holds stock, Nanao City requests. A whole RequestResource taken in by Ishikawa's operator
// (all lines or none, the same MessageID again changing nothing, MessageRecall Update and Cancel), Nanao's request sent
// signed through its outbox and decided by Ishikawa's policy on `demands` (refusals: unsigned, tampered, wrong purpose,
// a participant no list names, one the policy does not allow — each audited), the answer (CommitResource) read back by
// Nanao through its node, and needs and a plan's shipments served as HXL CSV and EDXL-RM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestResourceOf } from '../../src/adapters/edxl-rm/from-records.ts';
import { readRmDocument } from '../../src/adapters/edxl-rm/rm-envelope.ts';
import { writeRmMessage } from '../../src/adapters/edxl-rm/rm-out.ts';
import { DEMAND_FIELDS } from '../../src/apps/logistics/rm-delivery.ts';
import { COMMIT_FIELDS } from '../../src/apps/logistics/rm-public-routes.ts';
import { createFederationClient } from '../../src/federation/client.ts';
import type { NodeTarget } from '../../src/federation/discovery.ts';
import type { AreaCode, Demand, RecordDraft } from '../../src/model/index.ts';
import { builtInPolicies, type NodePolicy } from '../../src/node/node-policies.ts';
import { buildTestTrust } from '../../src/trust/test-fixtures.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../cli/support/run-cli.ts';
import { ALL_PHASES, emergencyPolicy } from './support/logistics-policies.ts';
import { SHIPMENT_MESSAGE_FIELDS } from '../../src/apps/logistics/outgoing-releases.ts';
import { startLogisticsNode, stopLogisticsNodes, type RunningNode } from './support/logistics-nodes.ts';

const trust = buildTestTrust(new Date());
const ISHIKAWA = trust.participants.ishikawa.id;
const NANAO = trust.participants.nanao.id;
const TOKEN = 'edxl-rm-test-operator-token-0123456789';
type Name = 'ishikawa' | 'nanao';

const nodes = {} as Record<Name, RunningNode<Name>>;
const urls = new Map<string, string>();

function peers(): NodeTarget[] {
  return (['ishikawa', 'nanao'] as const).map((n) => {
    const p = trust.participants[n];
    return { participantId: p.id, nodeUrl: `${urls.get(p.id)}/`, role: p.role, jurisdiction: p.jurisdiction as AreaCode[], trustListId: 'jp-tsunagu-trust-list', catalogKnown: false };
  });
}

const policy = emergencyPolicy;

const STOCK_FIELDS = ['heldAt', 'areaCode', 'location', 'item', 'quantity', 'unit', 'reserved', 'shippable'];
const ishikawaPolicies = [
  ...builtInPolicies(ISHIKAWA),
  policy('ishikawa-stock', ISHIKAWA, 'stock', [{ roles: ['prefecture'], actions: ['read', 'write'], fields: STOCK_FIELDS }]),
  // Municipalities may ask the prefecture for supplies; the national agency may not (denied by policy below).
  policy('ishikawa-demands', ISHIKAWA, 'demands', [{ roles: ['municipality'], actions: ['write'], fields: DEMAND_FIELDS }]),
  // Answers about shipments are released (read, or pushed) for Nanao's area only: one for a line elsewhere is refused.
  // Its own status updates go to the parties of shipments in Nanao's area too (decided before each change).
  policy('ishikawa-shipments', ISHIKAWA, 'shipments', [
    { roles: ['municipality', 'prefecture'], actions: ['read'], fields: COMMIT_FIELDS, areas: ['172022'] },
    { roles: ['municipality', 'prefecture'], actions: ['write-status'], fields: COMMIT_FIELDS },
    { roles: ['municipality'], actions: ['read'], fields: [...SHIPMENT_MESSAGE_FIELDS], areas: ['172022'] },
  ]),
];
// Municipalities too may report shipment status to Nanao: so that an answer from one Nanao never asked is refused by
// the addressee rule (as unknown to it; LOGISTICS_RM_ANSWER_NOT_ADDRESSEE in Nanao's log only), not only by policy.
// Nanao releases its own requests to the prefecture at all times (whether the prefecture takes them is its policy).
const nanaoPolicies = [
  ...builtInPolicies(NANAO),
  policy('nanao-shipments', NANAO, 'shipments', [{ roles: ['prefecture', 'municipality'], actions: ['write-status'], fields: ['status'] }]),
  policy('nanao-requests-sent', NANAO, 'demands', [{ roles: ['prefecture'], actions: ['read'], fields: DEMAND_FIELDS, phases: ALL_PHASES }]),
];

const blankets: RecordDraft<'stock'> = {
  id: 'pref-depot:blanket', type: 'stock', sourceNode: ISHIKAWA, observedAt: '2024-01-12T08:00:00+09:00', quality: { level: 'reported' },
  lineage: [{ activity: 'entry', at: '2024-01-12T08:00:00+09:00' }],
  data: { heldAt: { type: 'facility', id: 'pref-depot' }, areaCode: '172022', location: { type: 'Point', coordinates: [136.9, 37.0] }, item: { category: 'blanket' }, quantity: 500, unit: 'piece' },
};

const demand = (shelter: string, quantity: number, category: Demand['item']['category'] = 'blanket', unit: Demand['unit'] = 'piece'): Demand => ({
  origin: 'request', requestedBy: NANAO, destination: { type: 'shelter', id: shelter }, areaCode: '172022', location: { type: 'Point', coordinates: [136.97, 37.04] },
  item: { category }, quantity, unit, neededBy: '2024-01-13T12:00:00+09:00', priority: 'high',
});

/** A RequestResource as XML; `recall` makes it an Update or Cancel of an earlier message. */
function requestXml(messageId: string, lines: { id: string; demand: Demand }[], recall?: { messageId: string; type: 'update' | 'cancel' }): string {
  const header = { messageId, sentAt: '2024-01-12T09:00:00+09:00', originatingMessageId: messageId, contact: { role: 'Requester' as const, description: '七尾市災害対策本部' }, ...(recall ? { recall } : {}) };
  const written = writeRmMessage(requestResourceOf(header, lines));
  if (!written.ok) throw new Error(JSON.stringify(written.problems));
  return written.xml;
}

const startNode = (name: Name, policies: NodePolicy[], port: number) =>
  startLogisticsNode({ trust, name, url: urls.get(trust.participants[name].id)!, port, policies, token: TOKEN, peers });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
async function operator(node: RunningNode, method: string, path: string, body?: unknown, xml?: string): Promise<{ status: number; type: string; text: string; json: Record<string, any> }> {
  const res = await fetch(`${node.url}/operator/logistics${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'accept-language': 'en', ...(xml !== undefined ? { 'content-type': 'application/xml' } : body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(xml !== undefined ? { body: xml } : body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, type, text, json: type.includes('json') && text ? JSON.parse(text) : {} };
}

async function audit(node: RunningNode, filter: Record<string, string> = {}) {
  const r = await node.store.audit.query({ ...filter, order: 'oldest-first', limit: 1000 });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.page.entries;
}

const requestNeeds = async () =>
  ((await operator(nodes.ishikawa, 'GET', '/needs')).json.needs as { id: string; receiver: string; demand: Demand }[]).filter((n) => n.demand.origin === 'request');

/** A CommitResource answering Nanao's request line by line; `answer` per line, quantity in pieces of blankets. */
function commitXml(messageId: string, request: string, lines: { id: string; respondsTo: string; answer: 'accept' | 'decline' | 'provisional'; quantity?: number }[]): string {
  const written = writeRmMessage({
    type: 'CommitResource',
    header: { messageId, sentAt: '2024-01-12T10:00:00+09:00', originatingMessageId: request, precedingMessageId: request, contact: { role: 'RespondingOrg', description: '石川県 物資班' } },
    lines: lines.map((l) => ({
      elementId: l.id, respondsTo: l.respondsTo, answer: l.answer, ...(l.answer === 'decline' ? { reason: 'no stock' } : {}),
      ...(l.quantity !== undefined ? { line: { category: 'blanket' as const, unit: 'piece' as const, quantity: l.quantity } } : {}),
    })),
  });
  if (!written.ok) throw new Error(JSON.stringify(written.problems));
  return written.xml;
}

/** A signed delivery of `kind` from participant `as` straight to a node, as its outbox would send it. */
async function deliverTo(to: Name, kind: string, as: 'ishikawa' | 'nanao' | 'wajima' | 'national' | 'lapsed', payload: unknown, key: string, tamper?: (body: string) => string) {
  const client = createFederationClient({ signer: trust.signers[as], credential: trust.credentials[as], registry: trust.registry });
  const createdAt = new Date().toISOString();
  const node = nodes[to];
  const message = { seq: 0, state: 'pending' as const, attempts: 0, nextAttemptAt: createdAt, peer: trust.participants[to].id, peerUrl: `${node.url}/`, kind, idempotencyKey: key, payload, createdAt };
  const body = JSON.stringify({ kind, idempotencyKey: key, createdAt, payload });
  const headers = client.deliveryHeaders(message, body);
  const res = await fetch(`${node.url}/federation/deliveries`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': key }, body: tamper ? tamper(body) : body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** What Nanao's node shows of a request it sent: per line, [element, committed, declined, in transit, delivered]. */
async function sentLines(messageId: string) {
  const r = await operator(nodes.nanao, 'GET', '/edxl-rm/sent');
  expect(r.status, r.text).toBe(200);
  const item = (r.json.items as { messageId: string; lines: { elementId: string; committed: number; declined: number; inTransit: number; delivered: number; received: number; provisional: number }[] }[]).find((i) => i.messageId === messageId);
  return item?.lines.map((l) => [l.elementId, l.committed, l.declined, l.inTransit, l.delivered]);
}

async function signedDelivery(as: 'nanao' | 'national' | 'lapsed', payload: unknown, key: string, tamper?: (body: string) => string) {
  const client = createFederationClient({ signer: trust.signers[as], credential: trust.credentials[as], registry: trust.registry });
  const createdAt = new Date().toISOString();
  const kind = 'logistics-resource-request';
  const message = { seq: 0, state: 'pending' as const, attempts: 0, nextAttemptAt: createdAt, peer: ISHIKAWA, peerUrl: `${nodes.ishikawa.url}/`, kind, idempotencyKey: key, payload, createdAt };
  const body = JSON.stringify({ kind, idempotencyKey: key, createdAt, payload });
  const headers = client.deliveryHeaders(message, body);
  const res = await fetch(`${nodes.ishikawa.url}/federation/deliveries`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': key }, body: tamper ? tamper(body) : body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  const { freePorts } = await import('../../src/node/free-ports.ts');
  const ports = await freePorts('127.0.0.1', 2);
  (['ishikawa', 'nanao'] as const).forEach((n, i) => urls.set(trust.participants[n].id, `http://127.0.0.1:${ports[i]}`));
  nodes.ishikawa = await startNode('ishikawa', ishikawaPolicies, ports[0]!);
  nodes.nanao = await startNode('nanao', nanaoPolicies, ports[1]!);
  await nodes.ishikawa.store.upsert([blankets]);
  for (const n of [nodes.ishikawa, nodes.nanao]) {
    const sent = await nodes.ishikawa.client.sendDeclaration({ participantId: trust.participants[n.name].id, url: n.url }, trust.declare('ishikawa'));
    expect(sent.ok && sent.status).toBe(201);
  }
}, 180_000);

afterAll(() => stopLogisticsNodes(Object.values(nodes)));

describe('a whole RequestResource taken in by the operator', () => {
  const lines = [
    { id: 'l1', demand: demand('172022-S1', 100) },
    { id: 'l2', demand: demand('172022-S2', 50) },
    { id: 'l3', demand: demand('172022-S3', 20) },
  ];

  it('refuses a document with one bad line in the middle, naming its element, and stores none of its lines', async () => {
    const bad = requestXml('nanao-rr-bad', lines).replace('<rm:Amount>50</rm:Amount>', '<rm:Amount>-50</rm:Amount>');
    const r = await operator(nodes.ishikawa, 'POST', '/requests/edxl-rm?by=県 物資班 山田', undefined, bad);
    expect(r.status).toBe(422);
    expect(r.json.code).toBe('LOGISTICS_RM_DOCUMENT_REFUSED');
    expect(JSON.stringify(r.json.errors)).toContain('ResourceInformation[2]');
    expect(await requestNeeds()).toEqual([]);
    const refused = (await audit(nodes.ishikawa, { kind: 'logistics-request' })).at(-1)!;
    expect(refused).toMatchObject({ decision: 'deny', reasons: [{ code: 'LOGISTICS_RM_REFUSED' }] });
  });

  it('refuses a document with a DTD and a request without an XML body, storing nothing', async () => {
    const dtd = requestXml('nanao-rr-dtd', lines).replace('<?xml version="1.0" encoding="UTF-8"?>\n', '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE x [<!ENTITY e "x">]>\n');
    const r = await operator(nodes.ishikawa, 'POST', '/requests/edxl-rm?by=test', undefined, dtd);
    expect(r.status).toBe(422);
    expect(JSON.stringify(r.json.errors)).toMatch(/XML_(DTD|DOCTYPE)/);
    const none = await operator(nodes.ishikawa, 'POST', '/requests/edxl-rm?by=test', {});
    expect(none.status).toBe(415);
    expect(await requestNeeds()).toEqual([]);
  });

  it('takes every line in as a request, audited with the MessageID and the count; the same message again changes nothing', async () => {
    const xml = requestXml('nanao-rr-1', lines);
    const r = await operator(nodes.ishikawa, 'POST', '/requests/edxl-rm?by=県 物資班 山田', undefined, xml);
    expect(r.status, r.text).toBe(201);
    expect(r.json.messages).toEqual([{ messageId: 'nanao-rr-1', result: 'stored', lines: 3, requestIds: ['rm:nanao-rr-1/l1', 'rm:nanao-rr-1/l2', 'rm:nanao-rr-1/l3'], withdrawn: [] }]);
    const needs = await requestNeeds();
    expect(needs.map((n) => [n.id, n.receiver, n.demand.quantity])).toEqual([['rm:nanao-rr-1/l1', NANAO, 100], ['rm:nanao-rr-1/l2', NANAO, 50], ['rm:nanao-rr-1/l3', NANAO, 20]]);
    const taken = (await audit(nodes.ishikawa, { kind: 'logistics-request' })).at(-1)!;
    expect(taken).toMatchObject({ decision: 'allow', requester: 'operator:console', reasons: [{ code: 'LOGISTICS_RM_TAKEN', params: { messages: 'nanao-rr-1', lines: 3, by: '県 物資班 山田' } }] });
    const again = await operator(nodes.ishikawa, 'POST', '/requests/edxl-rm?by=県 物資班 山田', undefined, xml);
    expect(again.status).toBe(200);
    expect(again.json.messages[0].result).toBe('unchanged');
    expect(await requestNeeds()).toHaveLength(3);
    const reused = await operator(nodes.ishikawa, 'POST', '/requests/edxl-rm?by=test', undefined, requestXml('nanao-rr-1', lines.slice(0, 1)));
    expect(reused.status).toBe(409);
    expect(reused.json.code).toBe('LOGISTICS_RM_MESSAGE_ID_REUSED');
  });

  it('replaces the requests of a message by its MessageRecall Update, withdraws them by a Cancel, and refuses a recall of what it never received', async () => {
    const update = await operator(nodes.ishikawa, 'POST', '/requests/edxl-rm?by=test', undefined, requestXml('nanao-rr-2', [{ id: 'l1', demand: demand('172022-S1', 140) }], { messageId: 'nanao-rr-1', type: 'update' }));
    expect(update.status, update.text).toBe(201);
    expect(update.json.messages[0]).toMatchObject({ result: 'updated', lines: 1, withdrawn: ['rm:nanao-rr-1/l1', 'rm:nanao-rr-1/l2', 'rm:nanao-rr-1/l3'] });
    expect((await requestNeeds()).map((n) => [n.id, n.demand.quantity])).toEqual([['rm:nanao-rr-2/l1', 140]]);
    const stale = await operator(nodes.ishikawa, 'POST', '/requests/edxl-rm?by=test', undefined, requestXml('nanao-rr-3', lines, { messageId: 'nanao-rr-1', type: 'update' }));
    expect(stale.status).toBe(409);
    expect(stale.json.code).toBe('LOGISTICS_RM_RECALL_WITHDRAWN');
    const unknown = await operator(nodes.ishikawa, 'POST', '/requests/edxl-rm?by=test', undefined, requestXml('nanao-rr-4', lines, { messageId: 'never-sent', type: 'cancel' }));
    expect(unknown.status).toBe(409);
    expect(unknown.json.code).toBe('LOGISTICS_RM_RECALL_UNKNOWN');
    const cancel = await operator(nodes.ishikawa, 'POST', '/requests/edxl-rm?by=test', undefined, requestXml('nanao-rr-5', lines.slice(0, 1), { messageId: 'nanao-rr-2', type: 'cancel' }));
    expect(cancel.json.messages[0]).toMatchObject({ result: 'cancelled', lines: 0, withdrawn: ['rm:nanao-rr-2/l1'] });
    expect(await requestNeeds()).toEqual([]);
  });

  it('takes a new message sent twice at once only once', async () => {
    const xml = requestXml('nanao-rr-twice', [{ id: 't1', demand: demand('172022-S4', 4) }]);
    const both = await Promise.all([1, 2].map(() => operator(nodes.ishikawa, 'POST', '/requests/edxl-rm?by=test', undefined, xml)));
    expect(both.map((r) => r.json.messages?.[0]?.result).sort()).toEqual(['stored', 'unchanged']);
    expect((await requestNeeds()).filter((n) => n.id === 'rm:nanao-rr-twice/t1')).toHaveLength(1);
    const cancel = await operator(nodes.ishikawa, 'POST', '/requests/edxl-rm?by=test', undefined, requestXml('nanao-rr-twice-cancel', [{ id: 't1', demand: demand('172022-S4', 4) }], { messageId: 'nanao-rr-twice', type: 'cancel' }));
    expect(cancel.status).toBe(201);
    expect(await requestNeeds()).toEqual([]);
  });

  it('describes its EDXL-RM routes in the node’s OpenAPI document', async () => {
    const doc = (await (await fetch(`${nodes.ishikawa.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    for (const path of ['/operator/logistics/requests/edxl-rm', '/operator/logistics/edxl-rm/send', '/operator/logistics/edxl-rm/sent', '/operator/logistics/needs/export', '/operator/logistics/plans/{planId}/edxl-rm', '/api/v1/logistics/edxl-rm/requests/{messageId}/commit-resource']) {
      expect(doc.paths).toHaveProperty([path]);
    }
  });
});

let signedPlanId: string | undefined;
const planIdOfSigned = () => signedPlanId!;

describe('a RequestResource from another participant, signed', () => {
  const sent = [{ id: 'n1', demand: demand('172022-CC0000000518', 120) }, { id: 'n2', demand: demand('172022-CC0000000519', 30) }];
  let planId: string;

  it('goes from Nanao’s node through its outbox; Ishikawa decides it by its policy on demands and takes every line in; both ends audit it', async () => {
    const r = await operator(nodes.nanao, 'POST', `/edxl-rm/send?to=${ISHIKAWA}&by=七尾市 田中`, undefined, requestXml('nanao-rr-signed', sent));
    expect(r.status, r.text).toBe(202);
    expect(r.json).toMatchObject({ to: ISHIKAWA, messageIds: ['nanao-rr-signed'], duplicate: false });
    expect((await audit(nodes.nanao, { kind: 'logistics-request' })).at(-1)!.reasons[0]).toMatchObject({ code: 'LOGISTICS_RM_SENT', params: { to: ISHIKAWA, lines: 2 } });
    const report = await nodes.nanao.outbox.deliverDue();
    expect(report.failed ?? 0).toBe(0);
    expect((await requestNeeds()).map((n) => [n.id, n.receiver, n.demand.quantity])).toEqual([['rm:nanao-rr-signed/n1', NANAO, 120], ['rm:nanao-rr-signed/n2', NANAO, 30]]);
    const atIshikawa = (await audit(nodes.ishikawa, { kind: 'logistics-request', requester: NANAO })).at(-1)!;
    expect(atIshikawa).toMatchObject({ decision: 'allow', purpose: 'supply-logistics', dataset: 'demands' });
    expect(atIshikawa.reasons.map((x) => x.code)).toContain('LOGISTICS_RM_TAKEN');
  });

  it('refuses it unsigned, tampered, for a wrong purpose, from a participant whose listing lapsed, and from one the policy does not allow — each audited, nothing taken', async () => {
    const document = requestXml('nanao-rr-refused', [{ id: 'x', demand: demand('172022-S9', 999) }]);
    const denialsBefore = (await audit(nodes.ishikawa, { decision: 'deny' })).length;
    const unsigned = await fetch(`${nodes.ishikawa.url}/federation/deliveries`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'u-1' },
      body: JSON.stringify({ kind: 'logistics-resource-request', idempotencyKey: 'u-1', createdAt: new Date().toISOString(), payload: { document } }),
    });
    expect(unsigned.status).toBe(401);
    const tampered = await signedDelivery('nanao', { document }, 't-1', (b) => b.replace('999', '9999'));
    expect(tampered.status).toBe(401);
    const purpose = await signedDelivery('nanao', { document, purpose: 'statistics' }, 'p-1');
    expect(purpose.status).toBe(403);
    const lapsed = await signedDelivery('lapsed', { document }, 'l-1');
    expect(lapsed.status).toBe(401);
    const national = await signedDelivery('national', { document }, 'n-1');
    expect(national.status).toBe(403);
    expect((await requestNeeds()).some((n) => n.demand.quantity === 999)).toBe(false);
    expect((await audit(nodes.ishikawa, { decision: 'deny' })).length).toBeGreaterThanOrEqual(denialsBefore + 5);
  });

  it('answers a redelivery of the same message as unchanged', async () => {
    const again = await signedDelivery('nanao', { document: requestXml('nanao-rr-signed', sent) }, 'another-key');
    expect(again.status).toBe(200);
    expect(again.json.result).toBe('unchanged');
    expect(await requestNeeds()).toHaveLength(2);
  });

  it('serves the needs as HXL-tagged CSV and as an EDXL-RM RequestResource that reads back to the same demands', async () => {
    const csv = await operator(nodes.ishikawa, 'GET', '/needs/export?format=hxl');
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    expect(csv.text.split('\r\n')[1]).toContain('#value+needed+num');
    expect(csv.text).toContain('172022-CC0000000518');
    const xml = await operator(nodes.ishikawa, 'GET', '/needs/export?format=edxl-rm');
    expect(xml.type).toContain('application/xml');
    const read = readRmDocument(new TextEncoder().encode(xml.text));
    if (!read.ok || read.messages[0]!.type !== 'RequestResource') throw new Error(JSON.stringify(read));
    expect(read.messages[0]!.lines.map((l) => [l.elementId, l.demand])).toEqual((await requestNeeds()).map((n) => [n.id, n.demand]));
  });

  it('lets Nanao read Ishikawa’s answer (CommitResource) through its node once the plan is approved and committed, and no one else', async () => {
    const early = await operator(nodes.nanao, 'GET', `/edxl-rm/answers/nanao-rr-signed?from=${ISHIKAWA}`);
    expect(early.status).toBe(409);
    const p = await operator(nodes.ishikawa, 'POST', '/plans');
    expect(p.status, p.text).toBe(201);
    planId = p.json.plan.id;
    signedPlanId = planId;
    expect((await operator(nodes.ishikawa, 'POST', `/plans/${planId}/approve`, { by: '県 物資班 山田' })).status).toBe(200);
    expect((await nodes.ishikawa.outbox.deliverDue()).failed ?? 0).toBe(0);
    const committed = await operator(nodes.ishikawa, 'POST', `/plans/${planId}/orders`, { action: 'commit', by: '県 倉庫 佐藤' });
    expect(committed.json.refused).toEqual([]);
    const answer = await operator(nodes.nanao, 'GET', `/edxl-rm/answers/nanao-rr-signed?from=${ISHIKAWA}`);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.type).toContain('application/xml');
    const read = readRmDocument(new TextEncoder().encode(answer.text));
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    const commit = read.messages[0]!;
    if (commit.type !== 'CommitResource') throw new Error(commit.type);
    expect(commit.header.precedingMessageId).toBe('nanao-rr-signed');
    expect(commit.lines.map((l) => [l.respondsTo, l.answer, l.line?.quantity]).sort()).toEqual([['n1', 'accept', 120], ['n2', 'accept', 30]]);
    expect((await audit(nodes.nanao, { kind: 'operator-query' })).at(-1)!.reasons[0]).toMatchObject({ code: 'LOGISTICS_RM_ANSWER_READ' });
    const released = (await audit(nodes.ishikawa, { requester: NANAO, dataset: 'shipments' })).at(-1)!;
    expect(released).toMatchObject({ decision: 'allow', action: 'read' });
    // Another participant learns nothing of Nanao's message, and the refusal is audited.
    const wajima = createFederationClient({ signer: trust.signers.wajima, credential: trust.credentials.wajima, registry: trust.registry });
    const other = await wajima.request({ participantId: ISHIKAWA, url: nodes.ishikawa.url }, 'GET', '/api/v1/logistics/edxl-rm/requests/nanao-rr-signed/commit-resource');
    expect(other.ok && other.status).toBe(404);
    expect((await audit(nodes.ishikawa, { requester: trust.participants.wajima.id, decision: 'deny' })).length).toBeGreaterThan(0);
  });

  it('serves the plan’s commitments and deployment status as EDXL-RM, refusing a status report before anything left', async () => {
    const none = await operator(nodes.ishikawa, 'GET', `/plans/${planId}/edxl-rm?type=status`);
    expect(none.status).toBe(409);
    expect(none.json.code).toBe('LOGISTICS_PLAN_NOTHING_TO_REPORT');
    const commit = await operator(nodes.ishikawa, 'GET', `/plans/${planId}/edxl-rm?type=commit`);
    expect(commit.status).toBe(200);
    const read = readRmDocument(new TextEncoder().encode(commit.text));
    expect(read.ok && read.messages[0]!.type).toBe('CommitResource');
    await operator(nodes.ishikawa, 'POST', `/plans/${planId}/orders`, { action: 'dispatched', by: '県 倉庫 佐藤' });
    const status = await operator(nodes.ishikawa, 'GET', `/plans/${planId}/edxl-rm?type=status`);
    expect(status.status).toBe(200);
    const report = readRmDocument(new TextEncoder().encode(status.text));
    if (!report.ok || report.messages[0]!.type !== 'ReportResourceDeploymentStatus') throw new Error(status.text);
    expect(report.messages[0]!.lines.every((l) => l.state === 'dispatched')).toBe(true);
  });
});

describe('answers and deployment status pushed back to the requester', () => {
  it('pushes Ishikawa’s commitment and each new state of the shipments to Nanao’s node, which shows them per requested line; both ends audit it', async () => {
    expect((await nodes.ishikawa.outbox.deliverDue()).failed ?? 0).toBe(0);
    // Committed, then dispatched (the tests above): both reports arrived in order.
    expect(await sentLines('nanao-rr-signed')).toEqual([['n1', 120, 0, 120, 0], ['n2', 30, 0, 30, 0]]);
    const queued = (await audit(nodes.ishikawa, { kind: 'logistics-shipment' })).flatMap((e) => e.reasons).filter((r) => r.code === 'LOGISTICS_RM_ANSWER_QUEUED');
    expect(queued.map((r) => `${r.params.type}:${r.params.state}`).sort()).toEqual(['CommitResource:committed', 'CommitResource:committed', 'ReportResourceDeploymentStatus:dispatched', 'ReportResourceDeploymentStatus:dispatched']);
    expect(queued.every((r) => r.params.to === NANAO && r.params.request === 'nanao-rr-signed')).toBe(true);
    // Each push was decided by Ishikawa's policy on shipments before it was queued, and the decision audited.
    const decided = (await audit(nodes.ishikawa, { kind: 'access-decision', requester: NANAO, dataset: 'shipments' })).filter((e) =>
      e.reasons.some((r) => r.code === 'NODE_RELEASE_PUSHED' && String(r.params.what).startsWith('EDXL-RM answer')),
    );
    expect(decided.map((e) => [e.decision, e.action, e.policy?.id])).toEqual(Array(4).fill(['allow', 'read', 'ishikawa-shipments']));
    const order = (await operator(nodes.ishikawa, 'GET', `/shipments?planId=${planIdOfSigned()}`)).json.items[0].orderId as string;
    const transitions = (await operator(nodes.ishikawa, 'GET', `/shipments/${order}`)).json.transitions as { state: string; detail?: { answers?: { sent: boolean; code: string }[] } }[];
    expect(transitions.filter((t) => t.state !== 'planned').map((t) => t.detail?.answers?.map((a) => [a.sent, a.code]))).toEqual([[[true, 'LOGISTICS_RM_ANSWER_QUEUED']], [[true, 'LOGISTICS_RM_ANSWER_QUEUED']]]);
    const atNanao = await audit(nodes.nanao, { kind: 'logistics-answer', requester: ISHIKAWA });
    expect(atNanao.length).toBe(4);
    expect(atNanao.every((e) => e.decision === 'allow' && e.reasons.some((r) => r.code === 'LOGISTICS_RM_ANSWER_TAKEN'))).toBe(true);
    for (const action of ['in-transit', 'delivered']) {
      const r = await operator(nodes.ishikawa, 'POST', `/plans/${planIdOfSigned()}/orders`, { action, by: '県 倉庫 佐藤' });
      expect(r.json.refused, action).toEqual([]);
    }
    expect((await nodes.ishikawa.outbox.deliverDue()).failed ?? 0).toBe(0);
    expect(await sentLines('nanao-rr-signed')).toEqual([['n1', 120, 0, 0, 120], ['n2', 30, 0, 0, 30]]);
    // The same figures come with Nanao's needs.
    const needs = await operator(nodes.nanao, 'GET', '/needs');
    expect(needs.json.sentRequests.find((r: { messageId: string }) => r.messageId === 'nanao-rr-signed').lines[0]).toMatchObject({ elementId: 'n1', quantity: 120, delivered: 120 });
  });

  it('refuses an answer unsigned, tampered, from a participant the request did not go to, and to a request Nanao never sent — each audited, nothing stored', async () => {
    const document = commitXml('ishikawa-commit-extra', 'nanao-rr-signed', [{ id: 'x1', respondsTo: 'n2', answer: 'decline', quantity: 30 }]);
    const kind = 'logistics-resource-answer';
    const before = (await audit(nodes.nanao)).length;
    const unsigned = await fetch(`${nodes.nanao.url}/federation/deliveries`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'ua-1' },
      body: JSON.stringify({ kind, idempotencyKey: 'ua-1', createdAt: new Date().toISOString(), payload: { document } }),
    });
    expect(unsigned.status).toBe(401);
    const tampered = await deliverTo('nanao', kind, 'ishikawa', { document }, 'ta-1', (b) => b.replace('Decline', 'Accept'));
    expect(tampered.status).toBe(401);
    // Wajima answering a request Nanao sent to Ishikawa is told what it would be told of a request never sent: the
    // same status and code, and neither the request's addressee nor anything policy would say.
    const wrongSender = await deliverTo('nanao', kind, 'wajima', { document }, 'wa-1');
    const neverSent = await deliverTo('nanao', kind, 'wajima', { document: commitXml('ishikawa-commit-extra', 'never-sent-by-nanao', [{ id: 'x1', respondsTo: 'n2', answer: 'decline', quantity: 30 }]) }, 'wa-2');
    expect(wrongSender.status).toBe(409);
    expect(neverSent.status).toBe(409);
    expect(wrongSender.json.code, JSON.stringify(wrongSender.json)).toBe('LOGISTICS_RM_ANSWER_REQUEST_UNKNOWN');
    expect(Object.keys(wrongSender.json).sort()).toEqual(Object.keys(neverSent.json).sort());
    expect(JSON.stringify(wrongSender.json)).not.toContain(ISHIKAWA);
    // Even for a purpose Nanao's policy would deny, the non-addressee learns nothing more (no 403 before the 409).
    const wrongPurpose = await deliverTo('nanao', kind, 'wajima', { document, purpose: 'statistics' }, 'wa-3');
    expect(wrongPurpose.status).toBe(409);
    // Nanao's log names the addressee, for Nanao's eyes.
    const kept = (await audit(nodes.nanao, { requester: trust.participants.wajima.id, decision: 'deny' })).flatMap((e) => e.reasons);
    expect(kept).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'LOGISTICS_RM_ANSWER_NOT_ADDRESSEE', params: expect.objectContaining({ addressee: ISHIKAWA, request: 'nanao-rr-signed' }) })]));
    const unknown = await deliverTo('nanao', kind, 'ishikawa', { document: commitXml('ishikawa-commit-unknown', 'never-sent-by-nanao', [{ id: 'u1', respondsTo: 'n1', answer: 'accept', quantity: 1 }]) }, 'uk-1');
    expect(unknown.status).toBe(409);
    expect(unknown.json.code).toBe('LOGISTICS_RM_ANSWER_REQUEST_UNKNOWN');
    const wrongLine = await deliverTo('nanao', kind, 'ishikawa', { document: commitXml('ishikawa-commit-line', 'nanao-rr-signed', [{ id: 'w1', respondsTo: 'n9', answer: 'accept', quantity: 1 }]) }, 'wl-1');
    expect(wrongLine.status).toBe(422);
    expect(wrongLine.json.code).toBe('LOGISTICS_RM_ANSWER_LINE_REFUSED');
    const purpose = await deliverTo('nanao', kind, 'ishikawa', { document, purpose: 'statistics' }, 'pa-1');
    expect(purpose.status).toBe(403);
    expect(await sentLines('nanao-rr-signed')).toEqual([['n1', 120, 0, 0, 120], ['n2', 30, 0, 0, 30]]);
    // Refused by the node (signature, policy) or by the answer's rules after the policy allowed it: every one is in the log.
    const codes = (await audit(nodes.nanao)).slice(before).flatMap((e) => e.reasons.map((r) => r.code));
    expect(codes).toEqual(expect.arrayContaining([
      'NODE_DELIVERY_UNAUTHENTICATED', 'FEDERATION_DIGEST_MISMATCH', 'LOGISTICS_RM_ANSWER_NOT_ADDRESSEE', 'LOGISTICS_RM_ANSWER_REQUEST_UNKNOWN', 'LOGISTICS_RM_ANSWER_LINE_REFUSED', 'POLICY_PURPOSE_NOT_PERMITTED',
    ]));
    expect((await audit(nodes.nanao, { kind: 'logistics-answer' })).slice(-1)[0]!.reasons.map((r) => r.code)).not.toContain('LOGISTICS_RM_ANSWER_LINE_REFUSED');
  });

  it('takes an answer redelivered under another key as unchanged', async () => {
    const document = commitXml('ishikawa-provisional-1', 'nanao-rr-signed', [{ id: 'p1', respondsTo: 'n2', answer: 'provisional' }]);
    const first = await deliverTo('nanao', 'logistics-resource-answer', 'ishikawa', { document }, 'pr-1');
    expect(first.status, JSON.stringify(first.json)).toBe(202);
    const again = await deliverTo('nanao', 'logistics-resource-answer', 'ishikawa', { document }, 'pr-2');
    expect(again.status).toBe(200);
    expect(again.json.result).toBe('unchanged');
    expect((await operator(nodes.nanao, 'GET', '/edxl-rm/sent')).json.items.find((i: { messageId: string }) => i.messageId === 'nanao-rr-signed').lines[1]).toMatchObject({ provisional: 30, delivered: 30 });
  });
});

describe('an answer this node’s policy does not release', () => {
  it('commits the shipment locally, queues no answer, audits the denial and tells the operator the answer was not sent', async () => {
    // Nanao asks for a delivery to a prefectural site elsewhere (the prefecture receives): no party but Ishikawa, so
    // the commitment tells no one, and only the answer to Nanao is decided.
    const elsewhere: Demand = { ...demand('172049-S1', 40), requestedBy: ISHIKAWA, areaCode: '172049', location: { type: 'Point', coordinates: [136.9, 37.39] } };
    const r = await operator(nodes.nanao, 'POST', `/edxl-rm/send?to=${ISHIKAWA}&by=七尾市 田中`, undefined, requestXml('nanao-rr-elsewhere', [{ id: 'e1', demand: elsewhere }]));
    expect(r.status, r.text).toBe(202);
    expect((await nodes.nanao.outbox.deliverDue()).failed ?? 0).toBe(0);
    const p = await operator(nodes.ishikawa, 'POST', '/plans');
    expect(p.status, p.text).toBe(201);
    const planId = p.json.plan.id as string;
    expect((await operator(nodes.ishikawa, 'POST', `/plans/${planId}/approve`, { by: '県 物資班 山田' })).status).toBe(200);
    expect((await nodes.ishikawa.outbox.deliverDue()).failed ?? 0).toBe(0);
    const answersBefore = (await nodes.ishikawa.store.outbox.list({ limit: 1000 })).filter((m) => m.kind === 'logistics-resource-answer').length;
    const committed = await operator(nodes.ishikawa, 'POST', `/plans/${planId}/orders`, { action: 'commit', by: '県 倉庫 佐藤' });
    expect(committed.json.refused).toEqual([]);
    expect(committed.json.done).toHaveLength(1);
    const orderId = committed.json.done[0] as string;
    // The change is made; nothing is queued for Nanao.
    const shipment = await operator(nodes.ishikawa, 'GET', `/shipments/${orderId}`);
    expect(shipment.json.state).toBe('committed');
    expect((await nodes.ishikawa.store.outbox.list({ limit: 1000 })).filter((m) => m.kind === 'logistics-resource-answer')).toHaveLength(answersBefore);
    // The operator sees why, in words, with the shipment and in the log.
    const told = (shipment.json.transitions as { state: string; detail?: { answers?: { sent: boolean; code: string; to: string; message: { ja: string; en: string } }[] } }[]).at(-1)!.detail!.answers!;
    expect(told).toEqual([expect.objectContaining({ sent: false, code: 'LOGISTICS_RM_ANSWER_REFUSED', to: NANAO, request: 'nanao-rr-elsewhere' })]);
    expect(told[0]!.message.en).toContain("not sent to " + NANAO + ": refused by this node's policy");
    expect(told[0]!.message.ja).toContain('このノードのポリシーが拒否しました');
    // The policy's reason in words, not its code.
    expect(told[0]!.message.en).not.toContain('POLICY_AREA_NOT_COVERED');
    expect(told[0]!.message.en).toContain('172049');
    const denial = (await audit(nodes.ishikawa, { kind: 'access-decision', requester: NANAO, decision: 'deny' })).at(-1)!;
    expect(denial).toMatchObject({ action: 'read', dataset: 'shipments', recordCount: 0 });
    expect(denial.reasons.map((x) => x.code)).toEqual(expect.arrayContaining(['POLICY_AREA_NOT_COVERED', 'NODE_RELEASE_PUSHED']));
    const change = (await audit(nodes.ishikawa, { kind: 'logistics-shipment' })).at(-1)!;
    expect(change.reasons.map((x) => x.code)).toEqual(['LOGISTICS_SHIPMENT_CHANGED', 'LOGISTICS_RM_ANSWER_REFUSED']);
    expect(await sentLines('nanao-rr-elsewhere')).toEqual([['e1', 0, 0, 0, 0]]);
  });
});

describe('answers from a partner outside the data space, imported by the operator', () => {
  const lines = [{ id: 'o1', demand: demand('172022-S5', 200) }, { id: 'o2', demand: demand('172022-S6', 60) }];

  it('records a request sent by other means, then stores the partner’s CommitResource and status report against it; the same file again changes nothing', async () => {
    const recorded = await operator(nodes.nanao, 'POST', `/edxl-rm/sent?recipient=${encodeURIComponent('Kanazawa retailer (e-mail)')}&by=七尾市 田中`, undefined, requestXml('nanao-rr-outside', lines));
    expect(recorded.status, recorded.text).toBe(201);
    expect((await operator(nodes.nanao, 'POST', `/edxl-rm/sent?recipient=${encodeURIComponent('Someone else')}&by=x`, undefined, requestXml('nanao-rr-outside', lines))).json.code).toBe('LOGISTICS_RM_SENT_REUSED');
    const commit = commitXml('retailer-commit-9', 'nanao-rr-outside', [{ id: 'C-1', respondsTo: 'o1', answer: 'accept', quantity: 150 }, { id: 'C-2', respondsTo: 'o2', answer: 'decline', quantity: 60 }]);
    const taken = await operator(nodes.nanao, 'POST', '/requests/edxl-rm?by=七尾市 田中', undefined, commit);
    expect(taken.status, taken.text).toBe(201);
    expect(taken.json.messages).toEqual([expect.objectContaining({ messageId: 'retailer-commit-9', result: 'stored', lines: 2, type: 'CommitResource', answers: 'nanao-rr-outside' })]);
    expect(await sentLines('nanao-rr-outside')).toEqual([['o1', 150, 0, 0, 0], ['o2', 0, 60, 0, 0]]);
    const again = await operator(nodes.nanao, 'POST', '/requests/edxl-rm?by=七尾市 田中', undefined, commit);
    expect(again.status).toBe(200);
    expect(again.json.messages[0].result).toBe('unchanged');
    const entry = (await audit(nodes.nanao, { kind: 'logistics-answer', requester: 'operator:console' })).at(-1)!;
    expect(entry).toMatchObject({ decision: 'allow', reasons: [{ code: 'LOGISTICS_RM_ANSWER_TAKEN', params: { requests: 'nanao-rr-outside', by: '七尾市 田中' } }] });
  });

  it('records a new request sent twice at once once: one 201, one 200 unchanged, no failure on the key', async () => {
    const xml = requestXml('nanao-rr-outside-twice', lines);
    const both = await Promise.all([1, 2].map(() => operator(nodes.nanao, 'POST', `/edxl-rm/sent?recipient=${encodeURIComponent('Kanazawa retailer (e-mail)')}&by=七尾市 田中`, undefined, xml)));
    expect(both.map((r) => [r.status, r.json.result]).sort()).toEqual([[200, 'unchanged'], [201, 'recorded']]);
  });

  it('refuses an answer to a request the node never sent and one with a DTD, storing nothing', async () => {
    const unknown = await operator(nodes.nanao, 'POST', '/requests/edxl-rm?by=x', undefined, commitXml('retailer-commit-x', 'not-ours', [{ id: 'C-1', respondsTo: 'o1', answer: 'accept', quantity: 1 }]));
    expect(unknown.status).toBe(409);
    expect(unknown.json.code).toBe('LOGISTICS_RM_ANSWER_REQUEST_UNKNOWN');
    const dtd = commitXml('retailer-commit-dtd', 'nanao-rr-outside', [{ id: 'C-9', respondsTo: 'o2', answer: 'accept', quantity: 60 }]).replace('<?xml version="1.0" encoding="UTF-8"?>\n', '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE x [<!ENTITY e "x">]>\n');
    const refused = await operator(nodes.nanao, 'POST', '/requests/edxl-rm?by=x', undefined, dtd);
    expect(refused.status).toBe(422);
    expect(await sentLines('nanao-rr-outside')).toEqual([['o1', 150, 0, 0, 0], ['o2', 0, 60, 0, 0]]);
    expect((await audit(nodes.nanao, { kind: 'logistics-answer', decision: 'deny' })).length).toBeGreaterThan(0);
  });
});

describe('tsunagu logistics edxl-rm import, send and answer, through a running node', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tsunagu-edxl-rm-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { TSUNAGU_OPERATOR_TOKEN: TOKEN };
  const file = (name: string, xml: string) => {
    const f = path.join(dir, name);
    writeFileSync(f, xml);
    return f;
  };
  const lines = [{ id: 'c1', demand: demand('172022-S7', 7) }, { id: 'c2', demand: demand('172022-S8', 8) }];

  it('sends nothing when any file has a problem, naming its element, and takes a good file in whole', async () => {
    const good = file('good.xml', requestXml('nanao-rr-cli', lines));
    const bad = file('bad.xml', requestXml('nanao-rr-cli-bad', lines).replace('<rm:Amount>8</rm:Amount>', '<rm:Amount>-8</rm:Amount>'));
    const refused = await runCli(['--lang', 'en', 'logistics', 'edxl-rm', 'import', good, bad, '--node', nodes.ishikawa.url, '--by', 'Pref. desk'], env);
    expect(refused.code).toBe(1);
    expect(refused.err.join('\n')).toContain('ResourceInformation[2]');
    expect((await requestNeeds()).some((n) => n.id.startsWith('rm:nanao-rr-cli'))).toBe(false);
    const taken = await runCli(['--lang', 'en', 'logistics', 'edxl-rm', 'import', good, '--node', nodes.ishikawa.url, '--by', 'Pref. desk'], env);
    expect(taken.code, taken.err.join('\n')).toBe(0);
    expect(taken.out).toEqual(['good.xml: messages nanao-rr-cli (stored) — 2 request lines taken in, 0 withdrawn, 0 already received and unchanged']);
    expect((await requestNeeds()).filter((n) => n.id.startsWith('rm:nanao-rr-cli/')).map((n) => n.demand.quantity)).toEqual([7, 8]);
  });

  it('shows the node’s refusal with its fields, and exits 1', async () => {
    const reused = file('reused.xml', requestXml('nanao-rr-cli', lines.slice(0, 1)));
    const r = await runCli(['--lang', 'en', 'logistics', 'edxl-rm', 'import', reused, '--node', nodes.ishikawa.url, '--by', 'Pref. desk'], env);
    expect(r.code).toBe(1);
    expect(r.err[0]).toContain('reused.xml: the node refused it (409)');
  });

  it('records a request sent outside the data space, imports the partner’s answer by its type, and lists what the answers say', async () => {
    const request = file('outside.xml', requestXml('nanao-rr-cli-outside', lines));
    const recorded = await runCli(['--lang', 'en', 'logistics', 'edxl-rm', 'record-sent', request, '--recipient', 'Retailer desk', '--node', nodes.nanao.url, '--by', 'Nanao desk'], env);
    expect(recorded.code, recorded.err.join('\n')).toBe(0);
    expect(recorded.out).toEqual(['outside.xml: messages nanao-rr-cli-outside recorded as requests sent to Retailer desk (recorded)']);
    // In Japanese the node's result reads in Japanese too.
    const again = await runCli(['--lang', 'ja', 'logistics', 'edxl-rm', 'record-sent', request, '--recipient', 'Retailer desk', '--node', nodes.nanao.url, '--by', 'Nanao desk'], env);
    expect(again.code, again.err.join('\n')).toBe(0);
    expect(again.out).toEqual(['outside.xml: メッセージ nanao-rr-cli-outside を Retailer desk に送った要請として記録しました（記録済みで変更なし）']);
    const commit = file('commit.xml', commitXml('retailer-cli-commit', 'nanao-rr-cli-outside', [{ id: 'A', respondsTo: 'c1', answer: 'accept', quantity: 7 }]));
    const taken = await runCli(['--lang', 'en', 'logistics', 'edxl-rm', 'import', commit, '--node', nodes.nanao.url, '--by', 'Nanao desk'], env);
    expect(taken.code, taken.err.join('\n')).toBe(0);
    expect(taken.out).toEqual(['commit.xml: answers retailer-cli-commit (stored) — 1 lines stored against requests nanao-rr-cli-outside, 0 already received and unchanged']);
    const listed = await runCli(['--lang', 'en', 'logistics', 'edxl-rm', 'sent', '--node', nodes.nanao.url], env);
    expect(listed.code, listed.err.join('\n')).toBe(0);
    const at = listed.out.findIndex((l) => l.startsWith('nanao-rr-cli-outside → Retailer desk'));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(listed.out.slice(at + 1, at + 3)).toEqual([
      '  c1: blanket 7 piece — committed 7, declined 0, in transit 0, delivered 0, received 0',
      '  c2: blanket 8 piece — committed 0, declined 0, in transit 0, delivered 0, received 0',
    ]);
  });

  it('sends a request from Nanao’s node and reads the answer Ishikawa gives', async () => {
    const sent = await runCli(['--lang', 'en', 'logistics', 'edxl-rm', 'send', file('send.xml', requestXml('nanao-rr-cli-sent', lines)), '--to', ISHIKAWA, '--node', nodes.nanao.url, '--by', 'Nanao desk'], env);
    expect(sent.code, sent.err.join('\n')).toBe(0);
    expect(sent.out[0]).toContain(`send.xml: messages nanao-rr-cli-sent queued for ${ISHIKAWA}`);
    // The same MessageID again queues nothing new, and says so (and what to do if the first was refused).
    const again = await runCli(['--lang', 'en', 'logistics', 'edxl-rm', 'send', file('send.xml', requestXml('nanao-rr-cli-sent', lines)), '--to', ISHIKAWA, '--node', nodes.nanao.url, '--by', 'Nanao desk'], env);
    expect(again.code, again.err.join('\n')).toBe(0);
    expect(again.out[0]).toMatch(new RegExp(`^send\\.xml: messages nanao-rr-cli-sent are already queued for ${ISHIKAWA} as outbox message \\d+; nothing new was queued\\..*tsunagu outbox retry \\d+`));
    const answer = await runCli(['--lang', 'en', 'logistics', 'edxl-rm', 'answer', 'nanao-rr-signed', '--from', ISHIKAWA, '--node', nodes.nanao.url], env);
    expect(answer.code, answer.err.join('\n')).toBe(0);
    expect(answer.out.join('\n')).toContain('<rmsg:CommitResource');
  });
});
