// Alerts delivered by subscription between real nodes on loopback (PGlite in memory, test trust identities): Nanao
// City subscribes to Ishikawa Prefecture's alerts for its own jurisdiction; a telegram Ishikawa takes in is queued
// for Nanao when its municipalities overlap Nanao's, decided again and audited when it leaves, sent signed, audited
// on receipt, and shown on Nanao's alerts page in its own picture (an exercise stays an exercise). Refused: areas
// outside the subscriber's jurisdiction, a purpose the provider's policy does not grant, a revoked participant.
// A subscription by polygon receives an alert whose own polygon meets it, not one whose polygon lies elsewhere.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { applyImport } from '../../src/adapters/apply-import.ts';
import { capImporter } from '../../src/adapters/cap/cap-importer.ts';
import { jmaImporter } from '../../src/adapters/jma/jma-importer.ts';
import { alertsApplication } from '../../src/apps/index.ts';
import type { AuditLog } from '../../src/audit/index.ts';
import { createFederationClient, type FederationClient, type FederationTarget } from '../../src/federation/client.ts';
import { discoverNodes } from '../../src/federation/discovery.ts';
import { createOutboxDispatcher } from '../../src/federation/outbox.ts';
import { areaCode, MAX_AREA_VERTICES, municipalitiesInside, municipalityPoints, type AreaCode, type AreaGeometry, type LonLat } from '../../src/model/index.ts';
import { createAccessGate } from '../../src/node/access-gate.ts';
import { startBackgroundWork } from '../../src/node/background-work.ts';
import { builtInPolicies, type NodePolicy } from '../../src/node/node-policies.ts';
import type { OperatorContext } from '../../src/node/operator/context.ts';
import { createMemoryReplayGuard } from '../../src/node/request-verification/replay-guard.ts';
import { buildNodeServer } from '../../src/node/server.ts';
import { createSubscriptionTransport } from '../../src/node/subscription-dispatch.ts';
import { parsePolicy } from '../../src/policy/index.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/types.ts';
import type { TrustRegistry } from '../../src/trust/trust-registry.ts';
import { auditOf, closeNodes, loopbackRouting } from './support/loopback-nodes.ts';
import { buildTestTrust, type TestParticipantName } from '../../src/trust/test-fixtures.ts';
import { sharedDataPath } from '../support/shared-data.ts';

const trust = buildTestTrust(new Date());
const NANAO = trust.participants.nanao.id;
const ISHIKAWA = trust.participants.ishikawa.id;
const NANAO_NODE_URL = trust.participants.nanao.nodeUrl!;
const token = randomBytes(24).toString('base64url');

const example = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(new URL(`../../examples/alerts/${name}`, import.meta.url))) });
const VXSE53 = example('noto-2024-01-01-VXSE53.reconstruction.xml');
/** The same report withdrawn (取消, a later serial): an update of the alert Nanao already has. */
const VXSE53_CANCELLED = {
  name: 'noto-2024-01-01-VXSE53.cancelled.xml',
  bytes: new TextEncoder().encode(
    new TextDecoder().decode(VXSE53.bytes).replace('<InfoType>発表</InfoType>', '<InfoType>取消</InfoType>').replace('<Serial>1</Serial>', '<Serial>2</Serial>'),
  ),
};
/** A real JMA sample telegram (weather warnings) for another prefecture: outside Nanao's jurisdiction. */
const ELSEWHERE = { name: '15_08_01_130412_VPWW53.xml', bytes: new Uint8Array(readFileSync(sharedDataPath('jma', '15_08_01_130412_VPWW53.xml'))) };

/** Ishikawa's alerts: participants may read them for life-saving, evacuation support and training — not for other purposes. */
function ishikawaAlertsPolicy(purposes: string[]): NodePolicy {
  const parsed = parsePolicy({
    id: 'ishikawa-alerts',
    version: 1,
    owner: ISHIKAWA,
    dataset: 'alerts',
    description: { ja: '県の警報を市町村に', en: "The prefecture's alerts for municipalities" },
    fieldClasses: {},
    permits: [
      {
        id: 'municipalities',
        roles: ['municipality'],
        requesterJurisdiction: 'any',
        purposes,
        actions: ['read'],
        phases: ['normal', 'alert', 'emergency', 'recovery'],
        fields: ['format', 'identifier', 'sender', 'sent', 'status', 'messageType', 'references', 'state', 'replacedBy', 'kinds', 'event', 'severity', 'urgency', 'certainty', 'headline', 'description', 'language', 'effective', 'onset', 'expires', 'areaCodes', 'areas', 'polygons', 'circles', 'signature', 'jma'],
        retention: 'P7D',
        onwardSharing: false,
        consentRequiredOutsideEmergency: false,
      },
    ],
    validFrom: '2020-01-01T00:00:00+09:00',
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return { policy: parsed.value, source: 'test' };
}
const GRANTED_PURPOSES = ['life-saving', 'evacuation-support', 'training'];

interface RunningNode {
  target: FederationTarget;
  store: Store;
  log: AuditLog;
  app: FastifyInstance;
  client: FederationClient;
}

const routing = loopbackRouting();
const routingFetch = routing.fetch;

async function startNode(name: TestParticipantName, policies: NodePolicy[], withAlertsApp: boolean): Promise<RunningNode> {
  const id = trust.participants[name].id;
  const store = await openStore({ backend: 'pglite', dataDir: 'memory://' });
  const opened = await store.audit.open({ signer: trust.signers[name] });
  if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
  const client = createFederationClient({ signer: trust.signers[name], credential: trust.credentials[name], registry: trust.registry, fetch: routingFetch });
  const context: OperatorContext = {
    participantId: id,
    name: { ja: trust.participants[name].name.ja ?? id, en: trust.participants[name].name.en ?? id },
    store,
    auditLog: opened.log,
    client,
    // The nodes of the trust list, as a federated node's console sees them (its own included).
    peers: () => discoverNodes(trust.registry, { now: new Date() }).filter((p) => p.participantId === ISHIKAWA || p.participantId === NANAO),
    declarations: () => [],
    now: () => new Date(),
  };
  const app = await buildNodeServer({
    store,
    participantId: id,
    auditLog: opened.log,
    policies,
    federation: { registry: trust.registry, replayGuard: createMemoryReplayGuard(), signer: trust.signers[name] },
    ...(withAlertsApp ? { applications: [alertsApplication()], operator: { token, context } } : {}),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  routing.route(trust.participants[name].nodeUrl!, url);
  return { target: { participantId: id, url }, store, log: opened.log, app, client };
}

/** Ishikawa's outbox, each notification decided by these policies against this trust registry when it leaves. */
function dispatcher(policies: NodePolicy[], registry: TrustRegistry = trust.registry) {
  const gate = createAccessGate({ policies: policies.map((p) => p.policy), auditLog: ishikawa.log, declarations: () => [], dataAreas: [areaCode('170003')] });
  const transport = createSubscriptionTransport({
    store: ishikawa.store,
    decide: gate.decide,
    registry,
    auditLog: ishikawa.log,
    signer: trust.signers.ishikawa,
    credential: trust.credentials.ishikawa,
    fetch: routingFetch,
  });
  return createOutboxDispatcher({ storage: ishikawa.store.outbox, transport });
}

let ishikawa: RunningNode;
let nanao: RunningNode;
const ishikawaPolicies = () => [ishikawaAlertsPolicy(GRANTED_PURPOSES), ...builtInPolicies(ISHIKAWA).filter((p) => p.policy.dataset !== 'alerts')];

beforeAll(async () => {
  ishikawa = await startNode('ishikawa', ishikawaPolicies(), false);
  nanao = await startNode('nanao', builtInPolicies(NANAO), true);
}, 180_000);

afterAll(() => closeNodes([ishikawa, nanao]), 120_000);

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

function subscribe(as: RunningNode, body: Record<string, unknown>) {
  return as.client.request(ishikawa.target, 'POST', '/api/v1/subscriptions', {
    topic: 'alerts',
    callbackUrl: `${NANAO_NODE_URL}federation/deliveries`,
    expiresAt: inDays(7),
    ...body,
  });
}


async function ishikawaTakesIn(file: { name: string; bytes: Uint8Array }) {
  const summary = await applyImport(ishikawa.store, jmaImporter, [file], { sourceNode: ISHIKAWA, now: new Date().toISOString() });
  expect(summary.applied).toBe(true);
}

async function nanaoAlerts(status: string): Promise<{ id: string; kinds: string[] }[]> {
  const r = await nanao.app.inject({ method: 'GET', url: `/operator/alerts?status=${status}`, headers: { authorization: `Bearer ${token}` } });
  expect(r.statusCode).toBe(200);
  return (r.json() as { items: { id: string; kinds: string[] }[] }).items;
}

const outboxFor = async (peer: string) => (await ishikawa.store.outbox.list({ peer })).filter((m) => m.kind === 'notification');

describe('alerts delivered by subscription', () => {
  it("refuses areas outside the subscriber's jurisdiction with 403, audited, and stores no subscription", async () => {
    const r = await subscribe(nanao, { purpose: 'life-saving', areas: ['172049'] });
    expect(r.ok && r.status).toBe(403);
    expect(r.ok && (r.body as { code: string }).code).toBe('SUBSCRIPTION_AREAS_OUTSIDE_JURISDICTION');
    const refused = await auditOf(ishikawa, { requester: NANAO, action: 'subscribe', decision: 'deny' });
    expect(refused.map((e) => e.reasons[0]!.code)).toContain('SUBSCRIPTION_AREAS_OUTSIDE_JURISDICTION');
    expect(await ishikawa.store.subscriptions.listBySubscriber(NANAO)).toEqual([]);
  });

  it("refuses a purpose Ishikawa's policy does not grant for alerts, audited", async () => {
    const r = await subscribe(nanao, { purpose: 'supply-logistics' });
    expect(r.ok && r.status).toBe(403);
    expect(r.ok && (r.body as { code: string }).code).toBe('NODE_ACCESS_DENIED');
    const refused = await auditOf(ishikawa, { requester: NANAO, action: 'subscribe', decision: 'deny' });
    expect(refused.some((e) => e.purpose === 'supply-logistics' && e.dataset === 'alerts')).toBe(true);
    expect(await ishikawa.store.subscriptions.listBySubscriber(NANAO)).toEqual([]);
  });

  it('refuses a revoked participant', async () => {
    const revoked = createFederationClient({ signer: trust.signers.revoked, credential: trust.credentials.revoked, registry: trust.registry });
    const r = await revoked.request(ishikawa.target, 'POST', '/api/v1/subscriptions', {
      topic: 'alerts',
      purpose: 'life-saving',
      callbackUrl: `${trust.participants.revoked.nodeUrl ?? NANAO_NODE_URL}federation/deliveries`,
      expiresAt: inDays(7),
    });
    expect(r.ok && r.status).toBe(401);
    expect(await ishikawa.store.subscriptions.listBySubscriber(trust.participants.revoked.id)).toEqual([]);
  });

  it("delivers an exercise alert over Nanao's municipality, signed and audited at both ends, and Nanao shows it in its exercise picture only", async () => {
    const created = await subscribe(nanao, { purpose: 'life-saving' });
    expect(created.ok && created.status).toBe(201);
    // Without areas, the subscription covers the subscriber's jurisdiction from the trust list.
    expect(created.ok && (created.body as { filter: { areas: string[] } }).filter.areas).toEqual(['172022']);

    await ishikawaTakesIn(ELSEWHERE);
    const elsewhere = (await ishikawa.store.query({ type: 'alert' })).flatMap((r) => r.data.areaCodes);
    expect(elsewhere.length).toBeGreaterThan(0);
    expect(elsewhere.some((c) => c.startsWith('17'))).toBe(false);
    expect(await outboxFor(NANAO)).toHaveLength(0);

    await ishikawaTakesIn(VXSE53);
    const queued = await outboxFor(NANAO);
    expect(queued).toHaveLength(1);
    expect(await dispatcher(ishikawaPolicies()).deliverDue()).toMatchObject({ delivered: 1, failed: 0 });

    const [alert] = await ishikawa.store.query({ type: 'alert', ids: [(queued[0]!.payload as { recordId: string }).recordId] });
    expect(alert!.data.status).toBe('exercise');
    const sent = await auditOf(ishikawa, { requester: NANAO, action: 'notify', decision: 'allow' });
    expect(sent.map((e) => e.recordIds)).toEqual([[alert!.id]]);
    const received = await auditOf(nanao, { requester: ISHIKAWA, action: 'receive-notification' });
    expect(received.map((e) => e.recordIds)).toEqual([[alert!.id]]);
    const copies = await nanao.store.copies.read({ now: new Date(), provider: ISHIKAWA, dataset: 'alerts' });
    expect(copies.map((c) => [c.recordId, c.retention, c.onwardSharing])).toEqual([[alert!.id, 'P7D', false]]);

    expect((await nanaoAlerts('exercise')).map((a) => a.id)).toEqual([alert!.id]);
    expect(await nanaoAlerts('actual')).toEqual([]);
    const detail = await nanao.app.inject({ method: 'GET', url: `/operator/alerts/${encodeURIComponent(alert!.id)}`, headers: { authorization: `Bearer ${token}` } });
    expect(detail.statusCode).toBe(200);
    expect(detail.json().record.sourceNode).toBe(ISHIKAWA);

    // The map's alert layer and the timeline of Nanao's console show it too, in the exercise picture only.
    const op = async (url: string) => (await nanao.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })).json();
    const layer = await op('/operator/alerts/map?status=exercise');
    expect(layer.places.find((p: { code: string }) => p.code === '172022')).toMatchObject({ names: expect.arrayContaining(['七尾市']), maxIntensity: '6+', at: [expect.any(Number), expect.any(Number)] });
    expect((await op('/operator/alerts/map?status=actual')).places).toEqual([]);
    const timeline = await op('/operator/alerts/timeline?status=exercise');
    expect(timeline.items).toEqual([expect.objectContaining({ kind: 'alert', change: 'issued', id: alert!.id, href: `#/alerts?status=exercise&alert=${encodeURIComponent(alert!.id)}` })]);
    expect((await op('/operator/alerts/timeline?status=actual')).items).toEqual([]);
  });

  it('delivers the update of an alert (取消), after which Nanao no longer shows it in force', async () => {
    await ishikawaTakesIn(VXSE53_CANCELLED);
    expect(await dispatcher(ishikawaPolicies()).deliverDue()).toMatchObject({ delivered: 1, failed: 0 });
    const [copy] = await nanao.store.copies.read({ now: new Date(), provider: ISHIKAWA, dataset: 'alerts' });
    expect((copy!.record as { data: { state: string } }).data.state).toBe('cancelled');
    expect(await nanaoAlerts('exercise')).toEqual([]);
  });

  it('drops, audited, a notification for a subscriber revoked since it subscribed, for a purpose the policy no longer grants, or outside its jurisdiction now', async () => {
    const before = (await nanao.store.copies.read({ now: new Date(), provider: ISHIKAWA })).length;
    const fresh = { ...VXSE53, bytes: new TextEncoder().encode(new TextDecoder().decode(VXSE53.bytes).replace('<EventID>20240101161010</EventID>', '<EventID>20240101161800</EventID>')) };
    await ishikawaTakesIn(fresh);
    const listed = trust.registry.participants.get(NANAO)!;
    const revoked: TrustRegistry = {
      ...trust.registry,
      participants: new Map([...trust.registry.participants, [NANAO, { ...listed, entry: { ...listed.entry, status: 'revoked', revokedAt: new Date(Date.now() - 60_000).toISOString() } }]]),
    };
    expect(await dispatcher(ishikawaPolicies(), revoked).deliverDue()).toMatchObject({ delivered: 0, failed: 1 });

    const fresher = { ...VXSE53, bytes: new TextEncoder().encode(new TextDecoder().decode(VXSE53.bytes).replace('<EventID>20240101161010</EventID>', '<EventID>20240101162000</EventID>')) };
    await ishikawaTakesIn(fresher);
    const narrowed = [ishikawaAlertsPolicy(['training']), ...builtInPolicies(ISHIKAWA).filter((p) => p.policy.dataset !== 'alerts')];
    expect(await dispatcher(narrowed).deliverDue()).toMatchObject({ delivered: 0, failed: 1 });

    // Nanao's jurisdiction in the trust list is no longer where the alert is: not sent.
    const moved = { ...VXSE53, bytes: new TextEncoder().encode(new TextDecoder().decode(VXSE53.bytes).replace('<EventID>20240101161010</EventID>', '<EventID>20240101162500</EventID>')) };
    await ishikawaTakesIn(moved);
    const elsewhere: TrustRegistry = {
      ...trust.registry,
      participants: new Map([...trust.registry.participants, [NANAO, { ...listed, entry: { ...listed.entry, participant: { ...listed.entry.participant, jurisdiction: ['131016' as AreaCode] } } }]]),
    };
    expect(await dispatcher(ishikawaPolicies(), elsewhere).deliverDue()).toMatchObject({ delivered: 0, failed: 1 });

    const dropped = await auditOf(ishikawa, { requester: NANAO, action: 'notify', decision: 'deny' });
    expect(dropped).toHaveLength(3);
    expect(JSON.stringify(dropped[2]!.reasons)).toContain('OUTSIDE_JURISDICTION');
    expect(dropped.every((e) => e.reasons.some((r) => r.code === 'SUBSCRIPTION_NOTIFICATION_DROPPED'))).toBe(true);
    expect((await nanao.store.copies.read({ now: new Date(), provider: ISHIKAWA })).length).toBe(before);
  });

  it("is sent by the node's background work, as `tsunagu serve` and the demo run it", async () => {
    const later = { ...VXSE53, bytes: new TextEncoder().encode(new TextDecoder().decode(VXSE53.bytes).replace('<EventID>20240101161010</EventID>', '<EventID>20240101163000</EventID>')) };
    await ishikawaTakesIn(later);
    const [queued] = await outboxFor(NANAO).then((ms) => ms.filter((m) => m.state === 'pending'));
    const recordId = (queued!.payload as { recordId: string }).recordId;
    const gate = createAccessGate({ policies: ishikawaPolicies().map((p) => p.policy), auditLog: ishikawa.log, dataAreas: [areaCode('170003')] });
    const work = startBackgroundWork({
      store: ishikawa.store,
      auditLog: ishikawa.log,
      client: ishikawa.client,
      log: ishikawa.app.log,
      notifications: { decide: gate.decide, registry: trust.registry, signer: trust.signers.ishikawa, credential: trust.credentials.ishikawa, fetch: routingFetch },
    });
    try {
      await expect.poll(async () => (await nanao.store.copies.read({ now: new Date(), provider: ISHIKAWA, recordIds: [recordId] })).length, { timeout: 20_000 }).toBe(1);
    } finally {
      await work.stop();
    }
    expect((await nanaoAlerts('exercise')).map((a) => a.id)).toContain(recordId);
  });

  it("is made, listed and ended from Nanao's console, each step audited at Nanao, a refused purpose shown with Ishikawa's reason", async () => {
    const op = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) =>
      nanao.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
    const refused = await op('POST', '/operator/alerts/subscriptions', { provider: ISHIKAWA, purpose: 'supply-logistics' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'ALERTS_SUBSCRIBE_REFUSED' });
    expect((await op('POST', '/operator/alerts/subscriptions', { provider: NANAO, purpose: 'training' })).json()).toMatchObject({ code: 'ALERTS_PROVIDER_UNKNOWN' });

    const made = await op('POST', '/operator/alerts/subscriptions', { provider: ISHIKAWA, purpose: 'training', days: 7 });
    expect(made.statusCode).toBe(201);
    const held = made.json().subscription as { id: string; areas: string[] };
    expect(held.areas).toEqual(['172022']);
    const listed = (await op('GET', '/operator/alerts/subscriptions')).json() as { items: { id: string; purpose: string }[]; unreachable: unknown[] };
    expect(listed.unreachable).toEqual([]);
    expect(listed.items.map((i) => i.purpose).sort()).toEqual(['life-saving', 'training']);

    expect((await op('DELETE', `/operator/alerts/subscriptions/${ISHIKAWA}/${held.id}`)).statusCode).toBe(204);
    expect((await ishikawa.store.subscriptions.listBySubscriber(NANAO)).map((x) => x.id)).not.toContain(held.id);
    // The routes are described in the node's OpenAPI document.
    const doc = (await nanao.app.inject('/openapi.json')).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/operator/alerts/map', '/operator/alerts/timeline', '/operator/alerts/subscriptions']));
    const audited = await auditOf(nanao, { kind: 'alert-subscription' });
    expect(audited.map((e) => [e.decision, e.reasons[0]!.code])).toEqual([
      ['deny', 'ALERTS_SUBSCRIBE_FAILED_AUDIT_REASON'],
      ['allow', 'ALERTS_SUBSCRIBED_AUDIT_REASON'],
      ['allow', 'ALERTS_UNSUBSCRIBED_AUDIT_REASON'],
    ]);
  });
});

/** A closed square ring of [lon, lat] around a centre. */
const square = ([lon, lat]: LonLat, half: number): LonLat[] => [[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half], [lon - half, lat + half], [lon - half, lat - half]];

/** A CAP 1.2 exercise alert for the whole of Ishikawa (170003) with a hazard polygon (CAP writes "lat,lon"). */
function capWithPolygon(identifier: string, ring: LonLat[]): { name: string; bytes: Uint8Array } {
  const polygon = ring.map(([lon, lat]) => `${lat},${lon}`).join(' ');
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>${identifier}</identifier>` +
    `<sender>ishikawa@example.jp</sender><sent>2024-01-01T16:40:00+09:00</sent><status>Exercise</status><msgType>Alert</msgType><scope>Public</scope>` +
    `<info><category>Geo</category><event>土砂災害</event><urgency>Immediate</urgency><severity>Severe</severity><certainty>Likely</certainty>` +
    `<headline>訓練</headline><area><areaDesc>石川県</areaDesc><polygon>${polygon}</polygon>` +
    `<geocode><valueName>LGCode</valueName><value>170003</value></geocode></area></info></alert>`;
  return { name: `${identifier}.cap.xml`, bytes: new TextEncoder().encode(xml) };
}

describe('alerts delivered by subscription to a polygon', () => {
  const op = (payload: unknown) =>
    nanao.app.inject({ method: 'POST', url: '/operator/alerts/subscriptions', headers: { authorization: `Bearer ${token}` }, payload: payload as Record<string, unknown> });
  // A square east of Nanao's representative point, holding no municipality's point: only the alerts' own polygons can meet it.
  const nanaoPoint = municipalityPoints.get('172022')!.at;
  const area: AreaGeometry = { type: 'Polygon', coordinates: [square([nanaoPoint[0] + 0.05, nanaoPoint[1]], 0.02)] };

  it('refuses a polygon that crosses itself or is too large, both with area codes, or over a municipality outside the jurisdiction — audited, nothing stored', async () => {
    for (const s of await ishikawa.store.subscriptions.listBySubscriber(NANAO)) await ishikawa.store.subscriptions.delete(s.id, NANAO);
    const bowtie = { type: 'Polygon', coordinates: [[[136.9, 37.0], [137.0, 37.1], [137.0, 37.0], [136.9, 37.1], [136.9, 37.0]]] };
    const crossed = await subscribe(nanao, { purpose: 'life-saving', within: bowtie });
    expect(crossed.ok && [crossed.status, (crossed.body as { code: string }).code]).toEqual([400, 'NODE_WITHIN_INVALID']);
    const ring: LonLat[] = Array.from({ length: MAX_AREA_VERTICES + 1 }, (_, i) => [137 + 0.1 * Math.cos((2 * Math.PI * i) / MAX_AREA_VERTICES), 37 + 0.1 * Math.sin((2 * Math.PI * i) / MAX_AREA_VERTICES)]);
    ring.push(ring[0]!);
    const large = await subscribe(nanao, { purpose: 'life-saving', within: { type: 'Polygon', coordinates: [ring] } });
    expect(large.ok && [large.status, (large.body as { code: string; detail: string }).code]).toEqual([400, 'NODE_WITHIN_INVALID']);
    expect(large.ok && (large.body as { detail: string }).detail).toMatch(/at most/);
    const both = await subscribe(nanao, { purpose: 'life-saving', areas: ['172022'], within: area });
    expect(both.ok && [both.status, (both.body as { code: string }).code]).toEqual([400, 'SUBSCRIPTION_INVALID']);
    const wajima = await subscribe(nanao, { purpose: 'life-saving', within: { type: 'Polygon', coordinates: [square(municipalityPoints.get('172049')!.at, 0.01)] } });
    expect(wajima.ok && [wajima.status, (wajima.body as { code: string }).code]).toEqual([403, 'SUBSCRIPTION_AREAS_OUTSIDE_JURISDICTION']);
    const refused = await auditOf(ishikawa, { requester: NANAO, action: 'subscribe', decision: 'deny' });
    expect(refused.slice(-4).map((e) => e.reasons[0]!.code)).toEqual(['NODE_WITHIN_INVALID', 'NODE_WITHIN_INVALID', 'SUBSCRIPTION_INVALID', 'SUBSCRIPTION_AREAS_OUTSIDE_JURISDICTION']);
    expect(await ishikawa.store.subscriptions.listBySubscriber(NANAO)).toEqual([]);
    // Nanao's console names a bad polygon itself, before asking Ishikawa.
    const local = await op({ provider: ISHIKAWA, purpose: 'life-saving', within: bowtie });
    expect([local.statusCode, local.json().code]).toEqual([400, 'NODE_WITHIN_INVALID']);
  });

  it('receives an alert whose polygon meets the subscribed polygon, and not one whose polygon lies elsewhere', async () => {
    expect(municipalitiesInside(area, municipalityPoints)).toEqual([]);
    const made = await op({ provider: ISHIKAWA, purpose: 'life-saving', within: area });
    expect(made.statusCode, made.body).toBe(201);
    const held = made.json().subscription as { id: string; areas: string[]; byPolygon?: boolean };
    expect(held).toMatchObject({ areas: [], byPolygon: true });
    // Nanao's log says the subscription is by polygon, in words of both languages (no English suffix in a Japanese text).
    const subscribed = (await auditOf(nanao, { kind: 'alert-subscription' })).at(-1)!.reasons[0]!;
    expect(subscribed).toMatchObject({ code: 'ALERTS_SUBSCRIBED_POLYGON_AUDIT_REASON', params: { id: held.id, areas: '' } });

    const meeting = capWithPolygon('polygon-meets', square([nanaoPoint[0] + 0.07, nanaoPoint[1] + 0.01], 0.01));
    const kanazawa = capWithPolygon('polygon-elsewhere', square(municipalityPoints.get('172014')!.at, 0.02));
    for (const file of [meeting, kanazawa]) {
      const summary = await applyImport(ishikawa.store, capImporter, [file], { sourceNode: ISHIKAWA, now: new Date().toISOString() });
      expect(summary.applied, JSON.stringify(summary.rejected)).toBe(true);
    }
    const alerts = await ishikawa.store.query({ type: 'alert' });
    const idOf = (identifier: string) => alerts.find((a) => a.data.identifier === identifier)!.id;
    const queued = (await outboxFor(NANAO)).filter((m) => (m.payload as { subscriptionId: string }).subscriptionId === held.id);
    expect(queued.map((m) => (m.payload as { recordId: string }).recordId)).toEqual([idOf('polygon-meets')]);

    // Earlier tests may leave a notification whose retry falls due now; only this subscription's outcome is asserted.
    expect((await dispatcher(ishikawaPolicies()).deliverDue()).delivered).toBeGreaterThanOrEqual(1);
    const copies = await nanao.store.copies.read({ now: new Date(), provider: ISHIKAWA, recordIds: [idOf('polygon-meets'), idOf('polygon-elsewhere')] });
    expect(copies.map((c) => c.recordId)).toEqual([idOf('polygon-meets')]);
    const sent = await auditOf(ishikawa, { requester: NANAO, action: 'notify', decision: 'allow' });
    expect(sent.filter((e) => e.reasons.some((r) => r.params.id === held.id)).map((e) => e.recordIds)).toEqual([[idOf('polygon-meets')]]);
  });
});
