// The alerts application on a real node: alerts pushed by participants (signed requests only, decided as writes,
// hostile and invalid XML refused with nothing stored, every outcome audited), the console's alerts in force for one
// status at a time, and the public Atom feed and CAP documents, each read decided by the node's policies and audited.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsApplication } from '../../src/apps/index.ts';
import { builtInPolicies, type NodePolicy } from '../../src/node/node-policies.ts';
import { createMemoryReplayGuard } from '../../src/node/request-verification/replay-guard.ts';
import type { OperatorContext } from '../../src/node/operator/context.ts';
import { createFederationClient } from '../../src/federation/client.ts';
import { parsePolicy } from '../../src/policy/index.ts';
import { signRequest } from '../../src/trust/http-signatures/request-signature.ts';
import { buildTestTrust, type TestParticipantName } from '../../src/trust/test-fixtures.ts';
import { sharedDataPath } from '../support/shared-data.ts';
import { NODE_ID, openTestNode, type TestNode } from '../node/support/test-node.ts';

const trust = buildTestTrust(new Date());
/** One declaration in force on the node (each call of verifiedDeclaration makes a new one). */
const declared = trust.verifiedDeclaration('nanao');
const token = randomBytes(24).toString('base64url');
const VXSE53 = readFileSync(new URL('../../examples/alerts/noto-2024-01-01-VXSE53.reconstruction.xml', import.meta.url), 'utf8');
const PUSH = '/api/v1/alerts';

/** Ishikawa Prefecture and the national agency may push alerts to Nanao's node; nobody else may. */
function pushPolicy(): NodePolicy {
  const parsed = parsePolicy({
    id: 'nanao-alerts-in',
    version: 1,
    owner: NODE_ID,
    dataset: 'alerts',
    description: { ja: '県と国からの警報を受け付ける', en: 'Alerts accepted from the prefecture and the nation' },
    fieldClasses: {},
    permits: [
      {
        id: 'public-read',
        audience: 'public',
        purposes: ['life-saving', 'evacuation-support', 'training'],
        actions: ['read'],
        phases: ['normal', 'alert', 'emergency', 'recovery'],
        fields: ['format', 'identifier', 'sender', 'sent', 'status', 'messageType', 'references', 'state', 'replacedBy', 'kinds', 'event', 'severity', 'urgency', 'certainty', 'headline', 'description', 'language', 'effective', 'onset', 'expires', 'areaCodes', 'areas', 'polygons', 'circles', 'signature', 'jma'],
        retention: 'P30D',
        onwardSharing: true,
        consentRequiredOutsideEmergency: false,
      },
      {
        id: 'push',
        roles: ['prefecture', 'national-agency'],
        requesterJurisdiction: 'any',
        purposes: ['life-saving'],
        actions: ['write'],
        phases: ['normal', 'alert', 'emergency', 'recovery'],
        fields: ['format', 'status', 'kinds', 'severity', 'headline', 'areaCodes', 'areas'],
        retention: 'P30D',
        onwardSharing: true,
        consentRequiredOutsideEmergency: false,
      },
    ],
    validFrom: '2020-01-01T00:00:00+09:00',
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return { policy: parsed.value, source: 'test' };
}

let node: TestNode;
/** The same store served with a policy that lets only participants read alerts: the public is refused. */
let closed: TestNode;

beforeAll(async () => {
  const options = (policies: NodePolicy[]) => ({
    policies,
    applications: [alertsApplication()],
    declarations: () => [declared],
    federation: { registry: trust.registry, replayGuard: createMemoryReplayGuard(), signer: trust.signers.nanao },
  });
  node = await openTestNode(options([...builtInPolicies(NODE_ID).filter((p) => p.policy.dataset !== 'alerts'), pushPolicy()]));
  const context: OperatorContext = {
    participantId: NODE_ID,
    name: { ja: '七尾市', en: 'Nanao City' },
    store: node.store,
    auditLog: node.log,
    client: createFederationClient({ signer: trust.signers.nanao, credential: trust.credentials.nanao, registry: trust.registry }),
    peers: () => [],
    declarations: () => [],
    now: () => new Date(),
  };
  await node.app.close();
  node = await openTestNode({ store: node.store, ...options([...builtInPolicies(NODE_ID).filter((p) => p.policy.dataset !== 'alerts'), pushPolicy()]), operator: { token, context } });
  const participantsOnly = structuredClone(pushPolicy());
  closed = await openTestNode({ store: node.store, ...options([{ ...participantsOnly, policy: { ...participantsOnly.policy, permits: participantsOnly.policy.permits.slice(1) } }]) });
});
afterAll(async () => {
  await closed?.close();
  const store = node?.store;
  await node?.close();
  await store?.close();
});

function push(as: TestParticipantName | undefined, body: Record<string, unknown>) {
  const payload = JSON.stringify(body);
  const headers = as
    ? signRequest({ method: 'POST', url: PUSH, body: payload, credential: trust.credentials[as], signer: trust.signers[as], audience: NODE_ID, now: new Date() })
    : {};
  return node.app.inject({ method: 'POST', url: PUSH, headers: { ...headers, 'content-type': 'application/json' }, payload });
}

const alertCount = async () => (await node.store.query({ type: 'alert' })).length;
async function lastAudit() {
  const r = await node.store.audit.query({ limit: 1 });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.page.entries[0]!;
}
const op = (url: string, withToken = true) => node.app.inject({ method: 'GET', url, headers: withToken ? { authorization: `Bearer ${token}` } : {} });

describe('pushed alerts', () => {
  it('refuses an unsigned push and stores nothing', async () => {
    const r = await push(undefined, { format: 'jma', document: VXSE53 });
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ code: 'ALERTS_PUSH_SIGNATURE_REQUIRED' });
    expect(await alertCount()).toBe(0);
  });

  it('refuses a participant the policy does not let push, and audits the refusal', async () => {
    const r = await push('care', { format: 'jma', document: VXSE53 });
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ code: 'NODE_ACCESS_DENIED' });
    expect(await lastAudit()).toMatchObject({ decision: 'deny', requester: trust.participants.care.id, action: 'write', dataset: 'alerts' });
    expect(await alertCount()).toBe(0);
  });

  it('refuses hostile XML before parsing it, audited, with nothing stored', async () => {
    const hostile = '<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY x SYSTEM "file:///etc/passwd">]><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">&x;</alert>';
    const r = await push('ishikawa', { format: 'cap', document: hostile });
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({ code: 'ALERTS_DOCUMENT_REFUSED', reasons: [{ code: 'XML_DTD_REFUSED' }] });
    expect(await lastAudit()).toMatchObject({ kind: 'alert-received', decision: 'deny', reasons: [{ code: 'ALERTS_PUSH_REFUSED_AUDIT_REASON' }] });
    expect(await alertCount()).toBe(0);
  });

  it("refuses an invalid CAP alert with the schema's reason in words", async () => {
    const invalid = readFileSync(sharedDataPath('cap', 'invalid.cap'), 'utf8');
    const r = await push('ishikawa', { format: 'cap', document: invalid });
    expect(r.statusCode).toBe(422);
    const body = r.json() as { detail: string; reasons: { code: string }[] };
    expect(body.reasons.length).toBeGreaterThan(0);
    expect(body.detail).toMatch(/scope/);
    expect(await alertCount()).toBe(0);
  });

  it("refuses a JMA telegram that JMA's schema refuses, with the reason at its line and element path, audited, nothing stored", async () => {
    const invalid = VXSE53.replace('<Status>訓練</Status>', '<Status>不明</Status>');
    expect(invalid).not.toBe(VXSE53);
    const r = await push('ishikawa', { format: 'jma', document: invalid, name: 'VXSE53.xml' });
    expect(r.statusCode).toBe(422);
    const body = r.json() as { detail: string; reasons: { code: string }[] };
    expect(body.reasons).toMatchObject([{ code: 'XSD_INVALID_VALUE' }]);
    expect(body.detail).toContain('/Report/Control/Status');
    expect(await lastAudit()).toMatchObject({ kind: 'alert-received', decision: 'deny' });
    expect(await alertCount()).toBe(0);
  });

  it('refuses a body that is not the schema (unknown format) before reading anything', async () => {
    const r = await push('ishikawa', { format: 'edxl', document: VXSE53 });
    expect(r.statusCode).toBe(400);
    expect(await alertCount()).toBe(0);
  });

  it("stores a signed participant's JMA telegram as an alert record, audited with its id, and again changes nothing", async () => {
    const r = await push('ishikawa', { format: 'jma', document: VXSE53, name: 'VXSE53.xml' });
    expect(r.statusCode).toBe(200);
    const body = r.json() as { recordIds: string[]; created: number };
    expect(body.created).toBe(1);
    expect(await lastAudit()).toMatchObject({ kind: 'alert-received', decision: 'allow', requester: trust.participants.ishikawa.id, recordIds: body.recordIds });
    const again = await push('ishikawa', { format: 'jma', document: VXSE53, name: 'VXSE53.xml' });
    expect(again.json()).toMatchObject({ created: 0, unchanged: 1 });
    expect(await alertCount()).toBe(1);
  });
});

describe("the console's alerts", () => {
  it('is behind the operator token', async () => {
    expect((await op('/operator/alerts', false)).statusCode).toBe(401);
  });

  it('keeps the exercise apart: real alerts by default, the exercise only when asked for', async () => {
    const real = (await op('/operator/alerts')).json() as { status: string; items: unknown[] };
    expect(real).toMatchObject({ status: 'actual', items: [] });
    const exercise = (await op('/operator/alerts?status=exercise')).json() as { items: { id: string; status: string; kinds: string[]; areaCodes: string[] }[] };
    expect(exercise.items).toHaveLength(1);
    expect(exercise.items[0]).toMatchObject({ status: 'exercise', kinds: ['earthquake-intensity', 'hypocentre'] });
    expect(exercise.items[0]!.areaCodes).toContain('173843');
    expect((await op('/operator/alerts?status=everything')).statusCode).toBe(400);
  });

  it('names the municipalities of one alert with the intensities its message gives', async () => {
    const [id] = ((await op('/operator/alerts?status=exercise')).json() as { items: { id: string }[] }).items.map((i) => i.id);
    const one = (await op(`/operator/alerts/${encodeURIComponent(id!)}`)).json() as { inForce: boolean; municipalities: { code: string; names: string[]; maxIntensity?: string }[] };
    expect(one.inForce).toBe(true);
    expect(one.municipalities.find((m) => m.code === '173843'), JSON.stringify(one.municipalities)).toEqual({ code: '173843', names: ['志賀町', '石川県能登'], name: { ja: '志賀町', en: 'Shika Town' }, maxIntensity: '7' });
    const unknown = await op('/operator/alerts/no-such-alert');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'ALERTS_ALERT_UNKNOWN' });
  });
});

describe('alerts published as Atom and CAP 1.2', () => {
  it('serves the exercise feed to the public, decided and audited with the ids it released', async () => {
    const r = await node.app.inject('/api/v1/alerts/feed.atom?status=exercise');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/atom\+xml/);
    expect(r.body).toContain('<status>Exercise</status>');
    const audit = await lastAudit();
    expect(audit).toMatchObject({ decision: 'allow', dataset: 'alerts', action: 'read', recordCount: 1 });
    const real = await node.app.inject('/api/v1/alerts/feed.atom');
    expect(real.body).not.toContain('<entry>');
  });

  it('serves one alert as CAP, and audits a read of an unknown one before answering 404', async () => {
    const [id] = ((await op('/operator/alerts?status=exercise')).json() as { items: { id: string }[] }).items.map((i) => i.id);
    const r = await node.app.inject(`/api/v1/alerts/${encodeURIComponent(id!)}/cap`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/cap\+xml/);
    expect(r.body).toMatch(/<alert xmlns="urn:oasis:names:tc:emergency:cap:1\.2">/);
    expect(r.body).toContain('<value>173843</value>');
    const before = (await lastAudit()).seq;
    const unknown = await node.app.inject('/api/v1/alerts/nope/cap');
    expect(unknown.statusCode).toBe(404);
    expect((await lastAudit()).seq).toBe(before + 1);
  });

  it('serves a declaration in force as CAP from its issuer, and 404 for one that is not', async () => {
    const declaration = declared.declaration;
    const r = await node.app.inject(`/api/v1/alerts/declarations/${encodeURIComponent(declaration.id)}/cap`);
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain(`<sender>${declaration.issuer}</sender>`);
    expect((await node.app.inject('/api/v1/alerts/declarations/none/cap')).json()).toMatchObject({ code: 'ALERTS_DECLARATION_UNKNOWN' });
  });

  it('refuses the public where the policy lets only participants read alerts, audited, nothing sent', async () => {
    const r = await closed.app.inject('/api/v1/alerts/feed.atom?status=exercise');
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ code: 'NODE_ACCESS_DENIED' });
    expect(r.body).not.toContain('Exercise');
    expect(await lastAudit()).toMatchObject({ decision: 'deny', dataset: 'alerts', recordCount: 0 });
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await node.app.inject('/openapi.json')).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/alerts', '/api/v1/alerts/feed.atom', '/api/v1/alerts/{id}/cap', '/operator/alerts', '/operator/alerts/{id}']));
  });
});
