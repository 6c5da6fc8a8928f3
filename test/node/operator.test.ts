// The operator platform on real nodes (PGlite in memory, test trust identities, signed requests on loopback): the
// operator token, the session, "who used my data" from a peer's real reads, a federated query refused and then
// allowed by a real second node, the catalog and shelter map across nodes, and the console's files with their CSP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import type { AuditLog } from '../../src/audit/index.ts';
import { applyImport } from '../../src/adapters/apply-import.ts';
import { gsiSheltersImporter } from '../../src/adapters/gsi-shelters.ts';
import { sharedDataPath } from '../support/shared-data.ts';
import type { FederationClient, FederationTarget } from '../../src/federation/client.ts';
import type { NodeTarget } from '../../src/federation/discovery.ts';
import { createMemoryReplayGuard } from '../../src/node/request-verification/replay-guard.ts';
import { message, type MessageCode, type MessageParams } from '../../src/i18n/index.ts';
import { areaCode } from '../../src/model/index.ts';
import { buildConsoleBundle } from '../../src/node/console/console-bundle.ts';
import { builtInPolicies, type NodePolicy } from '../../src/node/node-policies.ts';
import { createDeclarationBook } from '../../src/node/routes/declarations.ts';
import type { Application } from '../../src/node/application/index.ts';
import { buildNodeServer } from '../../src/node/server.ts';
import { nanaoPersonsPolicyDocument, parsePolicy } from '../../src/policy/index.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/types.ts';
import { buildTestTrust, type TestParticipantName } from '../../src/trust/test-fixtures.ts';
import { openTestStore } from './support/test-node.ts';
import { testOperatorContext } from './support/operator-context.ts';

// An application installed on the node (src/node/application) shows where the node puts its console routes and
// what the session tells the console about it; the lifeline's own routes are tested by their own suite.
const probeApplication: Application = {
  id: 'probe',
  name: { ja: '試験', en: 'Probe' },
  auditKinds: { 'probe-seen': { ja: '試験の記録', en: 'Probe seen' } },
  console: { route: 'probe', label: { ja: '試験', en: 'Probe' } },
  install: (context) => ({
    operatorRoutes: async (app: FastifyInstance) => {
      app.get('/probe/whoami', async () => ({ node: context.node.id }));
    },
  }),
};

const trust = buildTestTrust(new Date());
const NANAO = trust.participants.nanao.id;
const ISHIKAWA = trust.participants.ishikawa.id;
const WAJIMA = trust.participants.wajima.id;
const fixtureEntry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'console-entry.ts');

interface RunningNode {
  target: FederationTarget;
  store: Store;
  log: AuditLog;
  app: FastifyInstance;
  client: FederationClient;
  token: string;
}

/** Every node's peers: the running ones, and Wajima at a port where nothing listens. */
const peers: NodeTarget[] = [];
let outDir: string;

function personsPolicy(): NodePolicy {
  const parsed = parsePolicy(nanaoPersonsPolicyDocument);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return { policy: parsed.value, source: 'examples.ts' };
}

async function startNode(name: TestParticipantName, policies: NodePolicy[], store: Store): Promise<RunningNode> {
  const party = trust.participants[name];
  const opened = await store.audit.open({ signer: trust.signers[name] });
  if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
  const book = createDeclarationBook();
  const context = testOperatorContext(trust, name, { store, log: opened.log, book, peers });
  const client = context.client;
  const token = `test-operator-token-${name}-0123456789`;
  const app = await buildNodeServer({
    store,
    participantId: party.id,
    auditLog: opened.log,
    policies,
    federation: { registry: trust.registry, replayGuard: createMemoryReplayGuard(), signer: trust.signers[name] },
    declarationBook: book,
    applications: [probeApplication],
    operator: {
      token,
      context,
      console: { entry: fixtureEntry, outDir },
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/`;
  peers.push({ participantId: party.id, nodeUrl: url, role: party.role, jurisdiction: party.jurisdiction.map((a) => areaCode(a)), trustListId: 'test', catalogKnown: false });
  return { target: { participantId: party.id, url }, store, log: opened.log, app, client, token };
}

let nanao: RunningNode;
let ishikawa: RunningNode;

beforeAll(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'tsunagu-console-'));
  nanao = await startNode('nanao', [personsPolicy(), ...builtInPolicies(NANAO)], await openTestStore());
  ishikawa = await startNode('ishikawa', builtInPolicies(ISHIKAWA), await openStore({ backend: 'pglite', dataDir: 'memory://' }));
  // Wajima is in the trust list but its node is down: a port nothing listens on.
  peers.push({ participantId: WAJIMA, nodeUrl: 'http://127.0.0.1:9/', role: 'municipality', jurisdiction: [], trustListId: 'test', catalogKnown: false });
  const person = {
    id: 'nanao-person-1',
    type: 'person' as const,
    sourceNode: NANAO,
    observedAt: '2024-01-01T09:00:00+09:00',
    quality: { level: 'synthetic' as const },
    lineage: [{ activity: 'entry' as const, at: '2024-01-01T09:00:00+09:00' }],
    data: {
      name: { full: '試験 一郎' },
      areaCode: '172022',
      location: { type: 'Point' as const, coordinates: [136.96, 37.04] as [number, number] },
      care: { needs: ['dialysis' as const] },
      consent: { shareWithSupporters: false },
      onEvacuationSupportList: true,
    },
  };
  await nanao.store.upsert([person as Parameters<Store['upsert']>[0][number]]);
}, 60_000);

afterAll(async () => {
  for (const n of [nanao, ishikawa]) {
    if (!n) continue;
    await n.app.close();
    await n.log.close().catch(() => undefined);
    await n.store.close();
  }
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

function op(node: RunningNode, url: string, init: { method?: 'GET' | 'POST'; body?: unknown; lang?: 'ja' | 'en'; token?: string | null } = {}) {
  const headers: Record<string, string> = { 'accept-language': init.lang ?? 'ja' };
  if (init.token !== null) headers.authorization = `Bearer ${init.token ?? node.token}`;
  return node.app.inject({ method: init.method ?? 'GET', url, headers, ...(init.body !== undefined ? { payload: init.body as object } : {}) });
}

describe('operator authentication', () => {
  it('refuses a request without a token and one with a wrong token with 401 problem+json, and audits both', async () => {
    const none = await op(nanao, '/operator/session', { token: null });
    expect(none.statusCode).toBe(401);
    expect(none.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.json()).toMatchObject({ code: 'OPERATOR_TOKEN_REQUIRED', status: 401 });

    const wrong = await op(nanao, '/operator/audit', { token: 'not-the-token-at-all-0000', lang: 'en' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'OPERATOR_TOKEN_INVALID', detail: expect.stringContaining('not valid') });
    // The same token as another node's is still wrong here.
    expect((await op(nanao, '/operator/session', { token: ishikawa.token })).statusCode).toBe(401);

    const r = await nanao.store.audit.query({ requester: 'operator:unauthenticated', order: 'oldest-first' });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const codes = r.page.entries.map((e) => e.reasons[0]!.code);
    expect(codes).toEqual(['OPERATOR_TOKEN_REQUIRED', 'OPERATOR_TOKEN_INVALID', 'OPERATOR_TOKEN_INVALID']);
    expect(r.page.entries.every((e) => e.decision === 'deny' && e.kind === 'admin')).toBe(true);
    // Neither the presented token nor the real one is written to the log.
    expect(JSON.stringify(r.page.entries)).not.toContain('not-the-token');
    expect(JSON.stringify(r.page.entries)).not.toContain(nanao.token);
  });

  it('answers a sender past 20 refusals a minute with 429 and one audit entry, and still lets the right token in', async () => {
    const from = '192.0.2.7';
    const bad = () => nanao.app.inject({ method: 'GET', url: '/operator/session', remoteAddress: from, headers: { authorization: 'Bearer wrong-token-from-a-flood-000', 'accept-language': 'en' } });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await bad()).statusCode);
    expect(statuses.every((s) => s === 401)).toBe(true);
    const throttled = await bad();
    expect(throttled.statusCode).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(throttled.json()).toMatchObject({ code: 'OPERATOR_TOO_MANY_REFUSALS', status: 429 });
    expect((await bad()).statusCode).toBe(429);
    // The console at the same address is not locked out by the flood.
    const ok = await nanao.app.inject({ method: 'GET', url: '/operator/session', remoteAddress: from, headers: { authorization: `Bearer ${nanao.token}` } });
    expect(ok.statusCode).toBe(200);

    const r = await nanao.store.audit.query({ requester: 'operator:unauthenticated', order: 'newest-first', limit: 30 });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const notices = r.page.entries.filter((e) => e.reasons[0]!.code === 'OPERATOR_REFUSALS_THROTTLED');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.reasons[0]!.params).toMatchObject({ address: from });
    // 20 refusals audited one by one, the two throttled ones not.
    const fromFlood = r.page.entries.filter((e) => e.reasons[0]!.code === 'OPERATOR_TOKEN_INVALID');
    expect(fromFlood.length).toBeGreaterThanOrEqual(20);
  });

  it('lets 300 wrong tokens from one sender grow the audit log by at most 20 refusals and one notice', async () => {
    const from = '192.0.2.99';
    const before = (await nanao.log.head()).seq;
    const statuses: number[] = [];
    for (let i = 0; i < 300; i++) {
      const r = await nanao.app.inject({ method: 'GET', url: '/operator/session', remoteAddress: from, headers: { authorization: `Bearer flood-token-${i}-0000000000` } });
      statuses.push(r.statusCode);
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(280);
    const grown = (await nanao.log.head()).seq - before;
    expect(grown).toBeLessThanOrEqual(21);
    const r = await nanao.store.audit.query({ order: 'newest-first', limit: 100 });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.page.entries.filter((e) => e.reasons[0]?.code === 'OPERATOR_TOO_MANY_REFUSALS')).toHaveLength(0);
  });

  it('says in how many seconds to try again, in both languages, with no placeholder left', async () => {
    const from = '192.0.2.98';
    let last;
    for (let i = 0; i < 21; i++) last = await nanao.app.inject({ method: 'GET', url: '/operator/session', remoteAddress: from, headers: { authorization: 'Bearer flood-token-seconds-000000' } });
    expect(last!.statusCode).toBe(429);
    const body = last!.json() as { detail: string; detailAlt: { text: string } };
    expect(body.detail).toMatch(/\d+ 秒後/);
    expect(body.detailAlt.text).toMatch(/in \d+ s/);
    expect((await nanao.app.inject({ method: 'GET', url: '/operator/session', remoteAddress: from })).statusCode).toBe(429);
    const recent = await nanao.store.audit.query({ order: 'newest-first', limit: 30 });
    if (!recent.ok) throw new Error(JSON.stringify(recent.problems));
    // The audit log's reasons read as whole sentences when rendered: none lacks the parameters its message names.
    const rendered = recent.page.entries.flatMap((e) => e.reasons.flatMap((r) => (['ja', 'en'] as const).map((l) => message(r.code as MessageCode, (r.params ?? {}) as MessageParams, l))));
    expect(rendered.filter((t) => t.includes('{{'))).toEqual([]);
    expect(recent.page.entries[0]!.reasons[0]).toMatchObject({ code: 'OPERATOR_REFUSALS_THROTTLED', params: { address: from, seconds: expect.any(Number) } });
  });

  it('answers the operator API, refusals included, with no-store and every answer with nosniff', async () => {
    for (const r of [await op(nanao, '/operator/session'), await op(nanao, '/operator/probe/whoami'), await op(nanao, '/operator/session', { token: null })]) {
      expect(r.headers['cache-control']).toBe('no-store');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
    const data = await nanao.app.inject('/api/v1/shelters?area=172022&limit=1');
    expect(data.headers['cache-control']).toBe('no-store');
    expect(data.headers['x-content-type-options']).toBe('nosniff');
    const health = await nanao.app.inject('/health');
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    // The console's own files keep the caching their route chose.
    const page = await nanao.app.inject('/console/');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it("puts an installed application's routes under /operator behind the same token", async () => {
    expect((await op(nanao, '/operator/probe/whoami')).json()).toEqual({ node: NANAO });
    expect((await op(nanao, '/operator/probe/whoami', { token: null })).statusCode).toBe(401);
  });

  it("lists the installed applications and their console pages in the session", async () => {
    const body = (await op(nanao, '/operator/session')).json() as { applications: unknown[] };
    expect(body.applications).toEqual([{ id: 'probe', name: { ja: '試験', en: 'Probe' }, console: { route: 'probe', label: { ja: '試験', en: 'Probe' } } }]);
  });

  it('answers the session: the node, its declarations in force and the nodes it may ask', async () => {
    const r = await op(nanao, '/operator/session');
    expect(r.statusCode).toBe(200);
    const body = r.json() as { node: { id: string; name: { en: string } }; declarations: unknown[]; peers: { participantId: string; name: { ja: string } }[] };
    // No time zone configured: the console shows Japan time.
    expect(body.node).toEqual({ id: NANAO, name: { ja: '七尾市', en: 'Nanao City' }, timeZone: 'Asia/Tokyo' });
    expect(body.declarations).toEqual([]);
    expect(body.peers.map((p) => p.participantId)).toEqual([NANAO, ISHIKAWA, WAJIMA]);
    expect(body.peers[1]!.name.ja).toBe(trust.participants.ishikawa.name.ja);
  });
});

describe("who used this node's data", () => {
  it("shows a peer's refused and allowed reads with their purposes, reasons in the reader's language, and a summary", async () => {
    const denied = await ishikawa.client.query(nanao.target, 'persons', { purpose: 'life-saving', area: ['172022'] });
    expect(denied.ok && denied.status).toBe(403);
    const allowed = await ishikawa.client.query(nanao.target, 'shelters', { purpose: 'evacuation-support', limit: 5 });
    expect(allowed.ok && allowed.status).toBe(200);

    const r = await op(nanao, `/operator/audit?requester=${ISHIKAWA}&lang=en`);
    expect(r.statusCode).toBe(200);
    type Item = { requester: string; requesterName?: { en: string }; purpose: string; purposeLabel?: string; dataset: string; decision: string; reasons: { code: string; message: string }[]; count: number; hash: string };
    const body = r.json() as { items: Item[]; summary: { requester: string; purpose: string; decision: string; count: number }[] };
    expect(body.items.map((i) => [i.dataset, i.purpose, i.decision])).toEqual([
      ['shelters', 'evacuation-support', 'allow'],
      ['persons', 'life-saving', 'deny'],
    ]);
    const refusal = body.items[1]!;
    expect(refusal.requesterName?.en).toBe(trust.participants.ishikawa.name.en);
    expect(refusal.purposeLabel).toMatch(/life/i);
    expect(refusal.reasons.length).toBeGreaterThan(0);
    expect(refusal.reasons.every((x) => x.message.length > 0 && x.message !== x.code)).toBe(true);
    expect(body.items[0]!.count).toBe(5);
    expect(body.items[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    // People read names, not codes: the action, dataset and fields come labelled in the reader's language.
    const labelled = body.items[0] as Item & { actionLabel?: string; datasetLabel?: string; fields: string[]; fieldLabels?: string[] };
    expect([labelled.actionLabel, labelled.datasetLabel]).toEqual(['Read', 'shelters']);
    expect(labelled.fieldLabels).toHaveLength(labelled.fields.length);
    expect(labelled.fieldLabels!.some((l, i) => l !== labelled.fields[i])).toBe(true);
    expect(body.summary).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ requester: ISHIKAWA, purpose: 'life-saving', decision: 'deny', count: 1 }),
        expect.objectContaining({ requester: ISHIKAWA, purpose: 'evacuation-support', decision: 'allow', count: 1 }),
      ]),
    );

    const page = (await op(nanao, `/operator/audit?requester=${ISHIKAWA}&limit=1`)).json() as { items: unknown[]; next?: string };
    expect(page.items).toHaveLength(1);
    const second = (await op(nanao, `/operator/audit?requester=${ISHIKAWA}&limit=1&cursor=${page.next}`)).json() as { items: Item[]; summary?: unknown };
    expect(second.items[0]!.decision).toBe('deny');
    expect(second.summary).toBeUndefined();
  });

  it('answers a malformed filter with 400 problem+json', async () => {
    for (const url of ['/operator/audit?limit=0', '/operator/audit?decision=maybe', '/operator/audit?since=yesterday', '/operator/audit?colour=red']) {
      const r = await op(nanao, url);
      expect(r.statusCode, url).toBe(400);
      expect(r.headers['content-type'], url).toMatch(/application\/problem\+json/);
    }
  });
});

describe('a federated query from the console', () => {
  it("shows a real peer's refusal with its reasons in the request's language", async () => {
    const body = { node: NANAO, dataset: 'persons', purpose: 'life-saving', area: ['172022'] };
    const en = await op(ishikawa, '/operator/federation/query', { method: 'POST', body, lang: 'en' });
    expect(en.statusCode).toBe(200);
    const answer = en.json() as { outcome: string; status: number; code: string; detail: string; reasons: { code: string; message: string }[]; requestId: string };
    expect(answer).toMatchObject({ outcome: 'denied', status: 403, code: 'NODE_ACCESS_DENIED' });
    expect(answer.reasons.length).toBeGreaterThan(0);
    expect(answer.detail).toMatch(/[A-Za-z]{4}/);
    const ja = (await op(ishikawa, '/operator/federation/query', { method: 'POST', body, lang: 'ja' })).json() as typeof answer;
    expect(ja.reasons.map((x) => x.code)).toEqual(answer.reasons.map((x) => x.code));
    expect(ja.reasons[0]!.message).not.toBe(answer.reasons[0]!.message);
    // The provider decided and audited it: the refusal is in Nanao's log under the request id it answered with.
    const logged = await nanao.store.audit.query({ requestId: answer.requestId });
    expect(logged.ok && logged.page.entries.map((e) => [e.requester, e.decision])).toEqual([[ISHIKAWA, 'deny']]);
    // And the asking node recorded that its console asked, naming the provider's request.
    const asked = await ishikawa.store.audit.query({ kind: 'operator-query' });
    const own = asked.ok ? asked.page.entries.find((e) => e.reasons[0]?.params.providerRequestId === answer.requestId) : undefined;
    expect(own).toMatchObject({ requester: 'operator:console', purpose: 'life-saving', dataset: 'persons', decision: 'deny', recordCount: 0 });
    expect(own?.reasons[0]?.params.node).toBe(NANAO);
  });

  it('lists the declaration Nanao received and is allowed once it is in force', async () => {
    const declared = await ishikawa.client.sendDeclaration(nanao.target, trust.declare('ishikawa'));
    expect(declared.ok && declared.status).toBe(201);
    const list = (await op(nanao, '/operator/declarations')).json() as { items: { issuer: string; issuerName?: { en: string }; active: boolean; areas: string[] }[] };
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ issuer: ISHIKAWA, active: true, issuerName: { en: trust.participants.ishikawa.name.en } });
    // The declared area is named after the authority whose node serves exactly it.
    expect(list.items[0]!.areas).toEqual(trust.participants.ishikawa.jurisdiction);
    expect(list.items[0]).toMatchObject({ areaNames: [trust.participants.ishikawa.name.ja] });
    const session = (await op(nanao, '/operator/session')).json() as { declarations: { issuer: string }[] };
    expect(session.declarations.map((d) => d.issuer)).toEqual([ISHIKAWA]);

    const r = await op(ishikawa, '/operator/federation/query', { method: 'POST', body: { node: NANAO, dataset: 'persons', purpose: 'life-saving', area: ['172022'] } });
    const answer = r.json() as { outcome: string; items: { id: string }[]; access: { policy: { id: string } } };
    expect(answer.outcome).toBe('allowed');
    expect(answer.items.map((p) => p.id)).toEqual(['nanao-person-1']);
    expect(answer.access.policy.id).toBe('nanao-persons');
    const asked = await ishikawa.store.audit.query({ kind: 'operator-query', decision: 'allow' });
    expect(asked.ok && asked.page.entries.some((e) => e.dataset === 'persons' && e.recordCount === 1)).toBe(true);
  });

  it('asks a node for statistics as an aggregate and shows the table, never a record; per-person statistics are refused', async () => {
    const body = { node: NANAO, dataset: 'persons', purpose: 'statistics', area: ['172022'], answer: 'aggregate' };
    const r = await op(ishikawa, '/operator/federation/query', { method: 'POST', body, lang: 'en' });
    const answer = r.json() as { outcome: string; aggregate: { tableWithheld: boolean; cells: unknown[] }; access: { requestId: string } };
    // Nanao holds one person: too few to publish any group, so the whole table is withheld.
    expect(answer).toMatchObject({ outcome: 'aggregated', aggregate: { groupBy: ['areaCode', 'care.needs'], tableWithheld: true, cells: [] } });
    expect(r.body).not.toContain('nanao-person-1');
    const asked = await ishikawa.store.audit.query({ kind: 'operator-query', purpose: 'statistics', decision: 'allow' });
    expect(asked.ok && asked.page.entries.map((e) => e.recordCount)).toEqual([0]);

    const rows = await op(ishikawa, '/operator/federation/query', { method: 'POST', body: { ...body, answer: undefined }, lang: 'en' });
    const refused = rows.json() as { outcome: string; status: number; reasons: { code: string }[] };
    expect(refused).toMatchObject({ outcome: 'denied', status: 403 });
    expect(refused.reasons[0]).toMatchObject({ code: 'POLICY_AGGREGATE_ONLY' });
  });

  it('says a node is unreachable instead of failing, and refuses a node outside the trust list', async () => {
    const down = await op(ishikawa, '/operator/federation/query', { method: 'POST', body: { node: WAJIMA, dataset: 'shelters', purpose: 'evacuation-support' } });
    expect(down.json()).toMatchObject({ outcome: 'unreachable', reason: 'network' });
    const unknown = await op(ishikawa, '/operator/federation/query', { method: 'POST', body: { node: 'jp-999999-nowhere', dataset: 'shelters', purpose: 'evacuation-support' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'OPERATOR_NODE_UNKNOWN' });
  });

  it('answers a malformed body with 400 problem+json', async () => {
    for (const body of [{ node: NANAO, dataset: 'persons' }, { node: NANAO, dataset: 'persons', purpose: 'curiosity' }, { node: NANAO, dataset: 'persons', purpose: 'life-saving', limit: 0 }]) {
      const r = await op(ishikawa, '/operator/federation/query', { method: 'POST', body });
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      // Refused before any route ran, and audited as the console's request (it came with the operator token).
      const logged = await ishikawa.store.audit.query({ requestId: String(r.headers['x-request-id']) });
      expect(logged.ok && logged.page.entries.map((e) => [e.requester, e.decision])).toEqual([['operator:console', 'deny']]);
    }
  });
});

describe('the federation on the console', () => {
  it("lists every node's datasets with their policies in words, and the nodes that did not answer", async () => {
    const r = await op(ishikawa, '/operator/catalog?lang=en');
    expect(r.statusCode).toBe(200);
    const body = r.json() as {
      nodes: { participantId: string; datasets: { id: string; recordType?: string; policySummary: { ja: string; en: string } }[] }[];
      missing: { participantId: string; reason: string; detail: string }[];
    };
    expect(body.nodes.map((n) => n.participantId)).toEqual([ISHIKAWA, NANAO]);
    const persons = body.nodes[1]!.datasets.find((d) => d.id === 'persons');
    expect(persons).toMatchObject({ recordType: 'person' });
    expect(persons!.policySummary.en.length).toBeGreaterThan(20);
    expect(persons!.policySummary.ja).not.toBe(persons!.policySummary.en);
    expect(body.missing).toEqual([expect.objectContaining({ participantId: WAJIMA, reason: 'unreachable', detail: expect.any(String) })]);
  });

  it("maps the shelters of other nodes as GeoJSON, each with the node that answered, within a bounding box", async () => {
    const r = await op(ishikawa, '/operator/shelters?bbox=136.9,37.0,137.0,37.1');
    expect(r.statusCode).toBe(200);
    const fc = r.json() as {
      type: string;
      features: { id: string; geometry: { coordinates: number[] } | null; properties: { sourceNode: string; openStatus: string; evacuees?: number; name: string } }[];
      missing: { participantId: string }[];
    };
    expect(fc.type).toBe('FeatureCollection');
    const inBox = (await nanao.store.query({ type: 'shelter', bbox: { west: 136.9, south: 37.0, east: 137.0, north: 37.1 } })).map((s) => s.id).sort();
    expect(inBox.length).toBeGreaterThan(0);
    expect(fc.features.map((f) => f.id).sort()).toEqual(inBox);
    expect(fc.features.every((f) => f.properties.sourceNode === NANAO && f.properties.name.length > 0)).toBe(true);
    expect(fc.missing.map((m) => m.participantId)).toEqual([WAJIMA]);

    const own = (await op(nanao, '/operator/shelters')).json() as typeof fc;
    expect(own.features.length).toBe(await nanao.store.count({ type: 'shelter' }));
    expect(own.features.every((f) => f.properties.sourceNode === NANAO)).toBe(true);
    // The latest of the shelter's evacuee counts (123 on 11 January, 112 on 13 January).
    expect(own.features.find((f) => f.id === '172022-CC0000000504')?.properties.evacuees).toBe(112);
    expect((await op(nanao, '/operator/shelters?bbox=1,2,3')).statusCode).toBe(400);
  });

  it('does not ask a node whose catalog counts no shelter, so its log gets no "shelters, 0 records" entry per map load', async () => {
    const shelterReads = async () => {
      const r = await ishikawa.store.audit.query({ requester: NANAO, dataset: 'shelters' });
      if (!r.ok) throw new Error(JSON.stringify(r.problems));
      return r.page.entries.length;
    };
    expect(await ishikawa.store.count({ type: 'shelter' })).toBe(0);
    const before = await shelterReads();
    for (let i = 0; i < 3; i++) expect((await op(nanao, '/operator/shelters')).statusCode).toBe(200);
    expect(await shelterReads()).toBe(before);
  });

  it("draws one shelter where the prefecture's common-ID records and the city's record name the same place, with the city's status and count, named sources and totals", async () => {
    // The prefecture holds the GSI list of Nanao (指定避難所 and 指定緊急避難場所), as published.
    const files = ['evacuation', 'emergency'].map((layout) => ({
      name: `${layout}-172022.json`,
      bytes: new Uint8Array(readFileSync(sharedDataPath('gsi-shelters', 'ishikawa', layout, '172022.json'))),
    }));
    const imported = await applyImport(ishikawa.store, gsiSheltersImporter, files, { sourceNode: ISHIKAWA, now: new Date().toISOString() });
    expect(imported.rejected).toEqual([]);
    const fc = (await op(nanao, '/operator/shelters?bbox=136.9,37.0,137.0,37.1', { lang: 'en' })).json() as {
      features: { id: string; properties: Record<string, unknown> & { name: string; ids?: string[]; sources?: { participantId: string; name: { en: string } }[] } }[];
      totals: { shelters: number; open: number; evacuees: number };
    };
    const misogi = fc.features.filter((f) => f.properties.name === '御祓地区コミュニティセンター');
    expect(misogi).toHaveLength(1);
    expect(misogi[0]!.properties).toMatchObject({ openStatus: 'open', evacuees: 112, sourceNode: NANAO });
    expect(misogi[0]!.properties.observedAtIsImport).toBeUndefined();
    expect(misogi[0]!.properties.ids!.filter((id) => id.startsWith('E17202'))).toHaveLength(2);
    expect(misogi[0]!.properties.sources!.map((x) => x.name.en).sort()).toEqual(['Ishikawa Prefecture', 'Nanao City']);
    // A place only the GSI list holds keeps the import time, and says it is one.
    const gsiOnly = fc.features.find((f) => (f.properties.ids ?? []).every((id) => id.startsWith('E')));
    expect(gsiOnly?.properties.observedAtIsImport).toBe(true);
    // Totals over the joined shelters: no open shelter counted twice.
    expect(fc.totals.shelters).toBe(fc.features.length);
    expect(fc.totals.open).toBe(fc.features.filter((f) => f.properties.openStatus === 'open' || f.properties.openStatus === 'full').length);
    expect(fc.totals.evacuees).toBe(fc.features.reduce((n, f) => n + Number(f.properties.evacuees ?? 0), 0));
    expect(new Set(fc.features.map((f) => f.id)).size).toBe(fc.features.length);
  });
});

describe('the console files', () => {
  it('serves the page with a strict Content-Security-Policy and no caching, then its hashed assets for good', async () => {
    const redirect = await nanao.app.inject('/console');
    expect(redirect.statusCode).toBe(308);
    expect(redirect.headers.location).toBe('/console/');

    const page = await nanao.app.inject('/console/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).not.toMatch(/https?:/);
    expect(csp).not.toContain('unsafe-eval');
    expect(page.headers['cache-control']).toBe('no-store');
    const scripts = [...page.body.matchAll(/src="assets\/([^"]+)"/g)].map((m) => m[1]!);
    const styles = [...page.body.matchAll(/href="assets\/([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    expect(styles.some((s) => /^maplibre-gl-[A-Z0-9]+\.css$/.test(s))).toBe(true);

    const js = await nanao.app.inject(`/console/assets/${scripts[0]}`);
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/text\/javascript/);
    expect(js.headers['cache-control']).toContain('immutable');
    expect(js.body).toContain('fixture-data-for-the-json-loader');
    const css = await nanao.app.inject(`/console/assets/${styles.find((s) => s.startsWith('maplibre-gl-'))}`);
    expect(css.headers['content-type']).toMatch(/text\/css/);
    expect(css.body).toContain('.maplibregl-map');
    // MapLibre loads its worker from beside the bundle, under this name.
    const worker = await nanao.app.inject('/console/assets/maplibre-gl-worker.mjs');
    expect(worker.statusCode).toBe(200);
    expect((await nanao.app.inject('/console/assets/nothing-here.js')).statusCode).toBe(404);
    expect((await nanao.app.inject('/console/assets/..%2Fmanifest.json')).statusCode).toBe(400);
    // Files are read from the build at each request, not held: one another build took away is a 404, not a crash.
    const jsFile = path.join(outDir, scripts[0]!);
    await rename(jsFile, `${jsFile}.away`);
    try {
      expect((await nanao.app.inject(`/console/assets/${scripts[0]}`)).statusCode).toBe(404);
    } finally {
      await rename(`${jsFile}.away`, jsFile);
    }
    expect((await nanao.app.inject(`/console/assets/${scripts[0]}`)).statusCode).toBe(200);
  });

  it("follows another process's build once this one's files are gone, instead of naming them until a restart", async () => {
    const page = await nanao.app.inject('/console/');
    const script = [...page.body.matchAll(/src="assets\/([^"]+)"/g)].map((m) => m[1]!)[0]!;
    const manifestFile = path.join(outDir, 'manifest.json');
    const manifest = await readFile(manifestFile, 'utf8');
    // Another process built changed sources into the shared directory: new names, the old files removed.
    const renamed = script.replace(/^main-/, 'main-OTHERBUILD');
    const parsed = JSON.parse(manifest) as { outputs: string[]; scripts: string[] };
    const other = { ...parsed, outputs: parsed.outputs.map((n) => (n === script ? renamed : n)), scripts: [renamed] };
    await rename(path.join(outDir, script), path.join(outDir, renamed));
    await writeFile(manifestFile, JSON.stringify(other));
    try {
      expect((await nanao.app.inject(`/console/assets/${script}`)).statusCode).toBe(404);
      expect((await nanao.app.inject('/console/')).body).toContain(`assets/${renamed}`);
      expect((await nanao.app.inject(`/console/assets/${renamed}`)).statusCode).toBe(200);
    } finally {
      await rename(path.join(outDir, renamed), path.join(outDir, script));
      await writeFile(manifestFile, manifest);
    }
    // And back: the build this process now names is gone in turn.
    expect((await nanao.app.inject(`/console/assets/${renamed}`)).statusCode).toBe(404);
    expect((await nanao.app.inject('/console/')).body).toContain(`assets/${script}`);
  });

  it('serves the offline basemap', async () => {
    const r = await nanao.app.inject('/console/basemap/japan-prefectures.topo.json');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/application\/json/);
    expect((r.json() as { type: string }).type).toBe('Topology');
  });

  it('does not build again after a restart when no source changed', async () => {
    const again = await buildConsoleBundle({ entry: fixtureEntry, outDir });
    expect(again.fromCache).toBe(true);
    expect(again.indexHtml).toBe((await nanao.app.inject('/console/')).body);
  });

  it('lists the operator routes in the OpenAPI description under the operator tag, with the bearer scheme', async () => {
    const doc = (await nanao.app.inject('/openapi.json')).json() as {
      paths: Record<string, Record<string, { tags?: string[]; security?: unknown[] }>>;
      components: { securitySchemes: Record<string, { scheme: string }> };
    };
    for (const [p, method] of [
      ['/operator/session', 'get'],
      ['/operator/declarations', 'get'],
      ['/operator/audit', 'get'],
      ['/operator/catalog', 'get'],
      ['/operator/federation/query', 'post'],
      ['/operator/shelters', 'get'],
      ['/operator/anchor', 'get'],
      ['/operator/anchor/requests/{seq}/approve', 'post'],
      ['/operator/anchor/participants/{participantId}/status', 'post'],
    ] as const) {
      expect(doc.paths[p]?.[method]?.tags, p).toEqual(['operator']);
      expect(doc.paths[p]?.[method]?.security, p).toEqual([{ operatorToken: [] }]);
    }
    expect(doc.components.securitySchemes.operatorToken!.scheme).toBe('bearer');
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/console'))).toBe(false);
  });
});
