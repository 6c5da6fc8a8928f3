// The ASEAN logistics demo on real nodes on loopback, each in a process of its own as `npm start` runs them: the AHA
// Centre (ASEAN list), the Philippines' Office of Civil Defense (on both lists; anchors the Philippine one) and DSWD
// Field Office VIII (Philippine list only). The AHA Centre
// accepts DSWD under the second list; an outsider is refused. Under the OCD's declaration for Region VIII the OCD's
// EDXL-RM RequestResource for P-coded areas goes signed from its node to the AHA Centre's and becomes requests there
// (the OCD reads the Centre's CommitResource back once committed, and the Centre pushes its commitments and deployment
// status to the OCD's node); the Centre plans from the three DELSA warehouses (no road network across the sea: the
// lead times it publishes and the ships and aircraft it may charter, the demo's assumptions, named in the plan),
// approves by name, commits its own dispatch orders against its ledger and reports progress; DSWD confirms receipt;
// both audit logs hold the steps.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRmDocument } from '../../src/adapters/edxl-rm/rm-envelope.ts';
import { startAseanFederation, type AseanFederation, type AseanNode } from '../../src/demo/asean/federation.ts';
import { aseanParticipantByKey, type AseanParticipantKey } from '../../src/demo/asean/scenario.ts';
import { bundledDataDir } from '../../src/demo/federation.ts';
import { createFederationClient } from '../../src/federation/client.ts';
import { credentialFor, signCredential } from '../../src/trust/credential.ts';
import { signDeclaration } from '../../src/trust/declaration.ts';
import { createSigner, generateKeyPair } from '../../src/trust/keys.ts';
import { LOCK_FILE } from '../../src/store/data-dir.ts';

let root: string;
let federation: AseanFederation;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'tsunagu-asean-demo-'));
  federation = await startAseanFederation({ root, basePort: 0, logLevel: 'silent', trustRefreshSeconds: 0 });
}, 300_000);

afterAll(async () => {
  await federation?.close();
  await rm(root, { recursive: true, force: true });
}, 60_000);

const node = (key: AseanParticipantKey): AseanNode => federation.nodes.find((n) => n.participant.key === key)!;
const idOf = (key: AseanParticipantKey) => aseanParticipantByKey(key).id;

function clientOf(key: AseanParticipantKey) {
  const id = idOf(key);
  return createFederationClient({ signer: federation.trust.signers.get(id)!, credential: federation.trust.credentials.get(id)!, registry: federation.trust.registry });
}

async function ask(asker: AseanParticipantKey, provider: AseanParticipantKey, dataset: string, purpose: string) {
  const answer = await clientOf(asker).query({ participantId: idOf(provider), url: node(provider).url }, dataset, { purpose, limit: 200 });
  if (!answer.ok) throw new Error(`no verified answer: ${JSON.stringify(answer)}`);
  const body = answer.body as { items?: { id: string; data: Record<string, unknown> }[]; code?: string; reasons?: { code: string }[] };
  return { status: answer.status, items: body.items ?? [], code: body.code, reasons: (body.reasons ?? []).map((r) => r.code) };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field below
async function operator(key: AseanParticipantKey, method: string, route: string, body?: unknown): Promise<{ status: number; json: any; text: string }> {
  const n = node(key);
  const res = await fetch(`${n.url}/operator/logistics${route}`, {
    method,
    headers: { authorization: `Bearer ${n.operatorToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : undefined, text };
}

/** The OCD's operator sends an EDXL-RM document to the AHA Centre's node (through the OCD node's outbox). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field below
async function sendRequest(xml: string): Promise<{ status: number; json: any }> {
  const n = node('ocd');
  const res = await fetch(`${n.url}/operator/logistics/edxl-rm/send?to=${idOf('aha-centre')}&by=OCD%20operations`, {
    method: 'POST', headers: { authorization: `Bearer ${n.operatorToken}`, 'content-type': 'application/xml' }, body: xml,
  });
  return { status: res.status, json: await res.json() };
}

interface AuditItem { kind: string; decision: string; requester: string; reasons: { code: string }[]; recordIds?: string[] }
async function auditOf(key: AseanParticipantKey, query = ''): Promise<AuditItem[]> {
  const n = node(key);
  const res = await fetch(`${n.url}/operator/audit?limit=1000${query}`, { headers: { authorization: `Bearer ${n.operatorToken}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: AuditItem[] }).items;
}

/** Waits (bounded) until `check` holds: messages between nodes go through each sender's outbox. */
async function eventually<T>(read: () => Promise<T>, check: (v: T) => boolean, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  let v = await read();
  while (!check(v) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 250));
    v = await read();
  }
  return v;
}

describe('the ASEAN demo across two trust lists', () => {
  it('runs each node in a process of its own, holding its own database under its own pid, with the DELSA data imported', async () => {
    const pids = federation.nodes.map((n) => n.pid);
    expect(new Set(pids).size).toBe(3);
    expect(pids).not.toContain(process.pid);
    for (const n of federation.nodes) {
      const lock = await readFile(path.join(federation.paths.nodeDataDir(n.participant.id), LOCK_FILE), 'utf8');
      expect(Number.parseInt(lock, 10)).toBe(n.pid);
    }
    // Facilities and stock at the AHA Centre, receiving points at DSWD, nothing at the OCD.
    expect(node('aha-centre').records).toBeGreaterThan(0);
    expect(node('dswd-fo8').records).toBeGreaterThan(0);
    expect(node('ocd').records).toBe(0);
  });

  it('has every node hold both lists, the Philippine one limited to PH', async () => {
    for (const key of ['aha-centre', 'ocd', 'dswd-fo8'] as const) {
      const health = (await (await fetch(`${node(key).url}/health`)).json()) as { trustLists: { trustListId: string }[] };
      expect(health.trustLists.map((l) => l.trustListId).sort()).toEqual(['asean-tsunagu-demo-trust-list', 'ph-tsunagu-demo-trust-list']);
    }
    expect(federation.trust.config.anchors.map((a) => [a.anchorId, a.jurisdictions ?? null])).toEqual([['asean-aha-centre', null], ['ph-ocd', ['PH']]]);
  });

  it('lets the OCD see the three DELSA warehouses’ stock, each line with its P-code', async () => {
    const a = await ask('ocd', 'aha-centre', 'stock', 'supply-logistics');
    expect(a.status).toBe(200);
    const areas = new Set(a.items.map((i) => i.data.areaCode));
    expect([...areas].sort()).toEqual(['MY10', 'PH1307404', 'TH18']);
    expect(a.items.map((i) => (i.data.item as { category: string }).category)).toEqual(expect.arrayContaining(['family-kit', 'tarpaulin', 'jerry-can', 'hygiene-kit', 'shelter-repair-kit']));
  });

  it('authenticates DSWD Field Office VIII, listed by the Philippine list only, and refuses it stock its role is not given', async () => {
    const a = await ask('dswd-fo8', 'aha-centre', 'stock', 'supply-logistics');
    expect(a.status).toBe(403);
    expect(a.reasons).toContain('POLICY_ROLE_NOT_PERMITTED');
  });

  it('refuses a participant no list names, even with a well-formed credential signed by its own key', async () => {
    const keys = generateKeyPair('outsider-1');
    const signer = createSigner('xx-outsider', keys);
    const participant = { id: 'xx-outsider', name: { en: 'Outsider' }, role: 'national-disaster-agency' as const, jurisdiction: ['PH'] as never, keys: [{ kid: keys.kid, alg: 'Ed25519' as const, publicKey: keys.publicKey }] };
    const now = new Date();
    const credential = signCredential(credentialFor(participant, 'xx-outsider', { id: 'cred-outsider', issuedAt: now.toISOString(), expiresAt: new Date(now.getTime() + 86_400_000).toISOString() }), signer, now);
    const client = createFederationClient({ signer, credential, registry: federation.trust.registry });
    const answer = await client.query({ participantId: idOf('aha-centre'), url: node('aha-centre').url }, 'stock', { purpose: 'supply-logistics', limit: 5 });
    expect(answer.ok && answer.status).toBe(401);
  });

  it('refuses the stock for a purpose the AHA Centre’s policy does not name', async () => {
    const a = await ask('ocd', 'aha-centre', 'stock', 'statistics');
    expect(a.status).toBe(403);
    expect(a.items).toEqual([]);
  });
});

describe('the DELSA logistics chain', () => {
  let planId: string;
  let orders: string[];

  it('lets the OCD’s operator issue a signed declaration for Region VIII (PH08) that every node accepts', async () => {
    const n = node('ocd');
    const res = await fetch(`${n.url}/operator/declarations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${n.operatorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ hazard: 'typhoon', phase: 'emergency', areas: ['PH08'], validHours: 72, title: { ja: '台風（訓練）: 第8地域', en: 'Typhoon (exercise): Region VIII, emergency' } }),
    });
    expect(res.status).toBe(201);
    for (const key of ['aha-centre', 'dswd-fo8'] as const) {
      const held = await eventually(
        async () => (await (await fetch(`${node(key).url}/api/v1/declarations`)).json()) as { items: { payload?: { issuer: string }; issuer?: string }[] },
        (v) => JSON.stringify(v).includes('"ph-ocd"'),
      );
      expect(JSON.stringify(held), key).toContain('PH08');
    }
  });

  it('refuses a declaration the OCD signs for an area outside the Philippines', async () => {
    const now = new Date();
    const signed = signDeclaration(
      { id: `ph-ocd-decl-outside-${now.getTime()}`, issuer: idOf('ocd'), hazard: 'typhoon', phase: 'emergency', areas: ['TH18'] as never, title: { en: 'Outside its jurisdiction' }, issuedAt: now.toISOString(), expiresAt: new Date(now.getTime() + 3_600_000).toISOString() },
      federation.trust.signers.get(idOf('ocd'))!,
      now,
    );
    const res = await fetch(`${node('aha-centre').url}/api/v1/declarations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(signed) });
    expect(res.status).toBeGreaterThanOrEqual(400);
  });

  it('sends the OCD’s EDXL-RM RequestResource for P-coded areas, signed, to the AHA Centre, which takes every line in as requests; a bad one is refused whole before it leaves', async () => {
    const xml = await readFile(path.join(bundledDataDir, '..', 'examples', 'asean', 'request-resource.xml'), 'utf8');
    const read = readRmDocument(new TextEncoder().encode(xml));
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    const [message] = read.messages;
    if (message?.type !== 'RequestResource') throw new Error('not a RequestResource');
    const bad = await sendRequest(xml.replace('<rm:Value>PH0803747</rm:Value>', '<rm:Value>PH083747000</rm:Value>'));
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.json.errors)).toContain('ResourceInformation[1]');
    const sent = await sendRequest(xml);
    expect(sent.status, JSON.stringify(sent.json)).toBe(202);
    expect(sent.json.messageIds).toEqual([message.header.messageId]);
    const needs = await eventually(() => operator('aha-centre', 'GET', '/needs'), (r) => r.json.needs?.length === message.lines.length);
    expect(needs.json.needs).toHaveLength(message.lines.length);
    expect(new Set(needs.json.needs.map((n: { receiver: string }) => n.receiver))).toEqual(new Set([idOf('dswd-fo8')]));
    const taken = (await auditOf('aha-centre')).find((e) => e.kind === 'logistics-request' && e.requester === idOf('ocd'));
    expect(taken).toMatchObject({ decision: 'allow' });
    expect(taken!.reasons.map((r) => r.code)).toContain('LOGISTICS_RM_TAKEN');
    expect((await auditOf('ocd')).some((e) => e.kind === 'logistics-request' && e.reasons.some((r) => r.code === 'LOGISTICS_RM_SENT'))).toBe(true);
  });

  it('plans from the DELSA warehouses by the lead times the AHA Centre publishes (no road network across the sea), fastest first, with its chartered craft, and names each lead time as the demo’s assumption', async () => {
    const proposed = await operator('aha-centre', 'POST', '/plans');
    expect(proposed.status, proposed.json.code).toBe(201);
    planId = proposed.json.plan.id;
    expect(proposed.json.plan.inputs.routing).toBe('straight-line');
    const notes = proposed.json.plan.result.notes.map((n: { code: string }) => n.code);
    expect(notes).toEqual(expect.arrayContaining(['LOGISTICS_ROUTING_STRAIGHT_LINE', 'LOGISTICS_LEAD_TIMES_USED']));
    const lines = proposed.json.lines as { supplier: string; depot: { id: string }; receiver: string; areaCode: string; category: string; quantity: number }[];
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.supplier === idOf('aha-centre') && l.receiver === idOf('dswd-fo8') && l.areaCode.startsWith('PH08037'))).toBe(true);
    // Camp Aguinaldo is the fastest warehouse to Leyte (48 h by road and ferry, against 7 and 8 days by sea): all of
    // its 1,000 family kits go before any from farther away.
    const kits = lines.filter((l) => l.category === 'family-kit');
    const fromAguinaldo = kits.filter((l) => l.depot.id.endsWith(':delsa-camp-aguinaldo')).reduce((s, l) => s + l.quantity, 0);
    expect(fromAguinaldo).toBe(1000);
    const n = node('aha-centre');
    const en = (await (await fetch(`${n.url}/operator/logistics/plans/${planId}`, { headers: { authorization: `Bearer ${n.operatorToken}`, 'accept-language': 'en' } })).json()) as { sentences: { destinations: { deliveries: { texts: string[] }[] }[] } };
    const texts = en.sentences.destinations.flatMap((d) => d.deliveries.flatMap((x) => x.texts));
    expect(texts).toContain("Lead time assumed by AHA Centre (DELSA), the demo's illustrative figure: 48 h by road (an assumption, not a figure from operations)");
    expect(texts.some((t) => t.startsWith('Straight-line estimate'))).toBe(false);
    // The chartered freighter flies part of Subang's stock (a 24-hour air lead time, one rotation a day) and the plan
    // says so; its lines carry the mode.
    expect(notes).toContain('LOGISTICS_SEA_AIR_USED');
    // No road vehicle is known: the road and ferry leg from Camp Aguinaldo has no capacity, and the notes say so.
    expect(proposed.json.plan.result.notes).toContainEqual({ code: 'LOGISTICS_MODE_NOT_MODELLED', params: { mode: 'road' } });
    expect(texts.some((t) => /go by air \(Fixed-wing aircraft\) from Sultan Abdul Aziz Shah Airport \(Subang\), Malaysia to Daniel Z\. Romualdez Airport, Tacloban/.test(t))).toBe(true);
    expect((proposed.json.lines as { transport?: { mode?: string } }[]).some((l) => l.transport?.mode === 'air')).toBe(true);
  });

  it('approves by name and sends signed dispatch orders that the AHA Centre commits against its own ledger', async () => {
    const approved = await operator('aha-centre', 'POST', `/plans/${planId}/approve`, { by: 'AHA Centre logistics officer' });
    expect(approved.status, approved.json.code).toBe(200);
    const received = await eventually(() => operator('aha-centre', 'GET', `/shipments?planId=${planId}`), (r) => r.json.items?.length > 0 && r.json.items.every((s: { state: string }) => s.state === 'planned'));
    orders = received.json.items.map((s: { orderId: string }) => s.orderId);
    expect(orders.length).toBe(approved.json.lines.filter((l: { quantity: number }) => l.quantity > 0).length);
    const committed = await operator('aha-centre', 'POST', `/plans/${planId}/orders`, { action: 'commit', by: 'DELSA warehouse officer' });
    expect(committed.json.refused).toEqual([]);
    expect(committed.json.done.length).toBe(orders.length);
    for (const action of ['dispatched', 'in-transit', 'delivered']) {
      const r = await operator('aha-centre', 'POST', `/plans/${planId}/orders`, { action, by: 'DELSA warehouse officer' });
      expect(r.json.done.length, action).toBe(orders.length);
    }
  });

  it('lets the OCD read the AHA Centre’s answer to its request (CommitResource) through its own node', async () => {
    const answer = await operator('ocd', 'GET', `/edxl-rm/answers/ph-ocd-rr-2026-001?from=${idOf('aha-centre')}`);
    expect(answer.status).toBe(200);
    const read = readRmDocument(new TextEncoder().encode(answer.text));
    if (!read.ok || read.messages[0]!.type !== 'CommitResource') throw new Error(answer.text);
    expect(read.messages[0]!.header.precedingMessageId).toBe('ph-ocd-rr-2026-001');
    expect(read.messages[0]!.lines.every((l) => l.answer === 'accept' && l.respondsTo.startsWith('ph-ocd-rr-2026-001-'))).toBe(true);
  });

  it('pushes the AHA Centre’s commitments and deployment status back to the OCD’s node, which shows them against each line of its request', async () => {
    const read = await readFile(path.join(bundledDataDir, '..', 'examples', 'asean', 'request-resource.xml'), 'utf8');
    const doc = readRmDocument(new TextEncoder().encode(read));
    if (!doc.ok || doc.messages[0]!.type !== 'RequestResource') throw new Error('request');
    const asked = doc.messages[0]!.lines.length;
    const sent = await eventually(
      () => operator('ocd', 'GET', '/edxl-rm/sent'),
      // Every consignment's newest report is "delivered" once all the pushed messages have arrived.
      (r) => {
        const ls = (r.json.items?.[0]?.lines ?? []) as { committed: number; delivered: number }[];
        const sum = (f: (l: { committed: number; delivered: number }) => number) => ls.reduce((s, l) => s + f(l), 0);
        return sum((l) => l.committed) > 0 && sum((l) => l.delivered) === sum((l) => l.committed);
      },
    );
    const item = sent.json.items.find((i: { messageId: string }) => i.messageId === 'ph-ocd-rr-2026-001');
    expect(item).toMatchObject({ sentTo: idOf('aha-centre') });
    expect(item.lines).toHaveLength(asked);
    const committed = item.lines.reduce((s: number, l: { committed: number }) => s + l.committed, 0);
    const delivered = item.lines.reduce((s: number, l: { delivered: number }) => s + l.delivered, 0);
    expect(committed).toBeGreaterThan(0);
    expect(delivered).toBe(committed);
    const audit = await auditOf('ocd');
    expect(audit.some((e) => e.kind === 'logistics-answer' && e.requester === idOf('aha-centre') && e.decision === 'allow')).toBe(true);
    // The Centre's policy released each answer to the OCD before it was queued (requesters-read-answers), none refused.
    const pushes = (await auditOf('aha-centre')).filter((e) => e.kind === 'access-decision' && e.requester === idOf('ocd') && e.reasons.some((r) => r.code === 'NODE_RELEASE_PUSHED'));
    expect(pushes.length).toBeGreaterThan(0);
    expect(pushes.every((e) => e.decision === 'allow')).toBe(true);
  });

  it('lets DSWD Field Office VIII confirm receipt, refusing more than was shipped, and tells the AHA Centre', async () => {
    const orderId = orders[0]!;
    const atDswd = await eventually(() => operator('dswd-fo8', 'GET', `/shipments/${orderId}`), (r) => r.json.state === 'delivered');
    expect(atDswd.json.state).toBe('delivered');
    const quantity = atDswd.json.shipment.lines[0].quantity as number;
    const over = await operator('dswd-fo8', 'POST', `/shipments/${orderId}/receipt`, { lines: [{ line: 0, received: quantity + 1, damaged: 0, lost: 0 }], by: 'DSWD FO VIII warehouse lead' });
    expect(over.status).toBe(422);
    const ok = await operator('dswd-fo8', 'POST', `/shipments/${orderId}/receipt`, { lines: [{ line: 0, received: quantity - 2, damaged: 2, lost: 0 }], by: 'DSWD FO VIII warehouse lead' });
    expect(ok.status).toBe(200);
    const atAha = await eventually(() => operator('aha-centre', 'GET', `/shipments/${orderId}`), (r) => r.json.state === 'received');
    expect(atAha.json.state).toBe('received');
  });

  it('has the steps in both parties’ audit logs', async () => {
    const aha = await auditOf('aha-centre');
    const codes = (xs: AuditItem[]) => xs.flatMap((e) => e.reasons.map((r) => r.code));
    expect(codes(aha.filter((e) => e.kind === 'logistics-plan'))).toEqual(expect.arrayContaining(['LOGISTICS_PLAN_PROPOSED', 'LOGISTICS_PLAN_APPROVED']));
    expect(aha.some((e) => e.kind === 'logistics-shipment' && e.requester === idOf('dswd-fo8') && e.decision === 'allow')).toBe(true);
    const dswd = await auditOf('dswd-fo8');
    expect(dswd.some((e) => e.kind === 'logistics-shipment' && e.requester === 'operator:console')).toBe(true);
    expect(dswd.some((e) => e.kind === 'logistics-shipment' && e.requester === idOf('aha-centre') && e.decision === 'allow')).toBe(true);
  });
});
