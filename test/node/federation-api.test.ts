// The node's federation API over app.inject: signed requests verified over the exact bytes, answers signed, bad input
// answered with problem+json and audited, plus the catalog, the polygon filter, OpenAPI and the offline docs page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryReplayGuard } from '../../src/node/request-verification/replay-guard.ts';
import { signRequest, requestSignatureOf } from '../../src/trust/http-signatures/request-signature.ts';
import { verifyResponse } from '../../src/trust/http-signatures/response-signature.ts';
import { buildTestTrust } from '../../src/trust/test-fixtures.ts';
import { NODE_ID, openTestNode, type TestNode } from './support/test-node.ts';

const trust = buildTestTrust(new Date());
let node: TestNode;

beforeAll(async () => {
  node = await openTestNode({
    federation: { registry: trust.registry, replayGuard: createMemoryReplayGuard(), signer: trust.signers.nanao },
  });
});
afterAll(async () => {
  await node.close();
});

function signed(method: string, url: string, body: string | null, over: { audience?: string; now?: Date } = {}) {
  return signRequest({
    method,
    url,
    body,
    credential: trust.credentials.ishikawa,
    signer: trust.signers.ishikawa,
    audience: over.audience ?? NODE_ID,
    now: over.now ?? new Date(),
  });
}

async function lastAudit() {
  const r = await node.store.audit.query({ limit: 1 });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.page.entries[0]!;
}

describe('signed requests', () => {
  it('answers a verified request as the participant and signs the answer so the consumer can verify it', async () => {
    const url = '/api/v1/datasets/shelters/records?area=172022&limit=2&purpose=evacuation-support';
    const headers = signed('GET', url, null);
    const r = await node.app.inject({ method: 'GET', url, headers });
    expect(r.statusCode).toBe(200);
    const verified = verifyResponse(
      { status: r.statusCode, headers: r.headers as Record<string, string>, body: r.rawPayload },
      { requestSignature: requestSignatureOf(headers)!, provider: NODE_ID, registry: trust.registry, now: new Date() },
    );
    expect(verified.ok).toBe(true);
    expect(await lastAudit()).toMatchObject({ requester: trust.participants.ishikawa.id, decision: 'allow', dataset: 'shelters' });
  });

  it('leaves unsigned requests public and their answers unsigned', async () => {
    const r = await node.app.inject('/api/v1/datasets/shelters/records?limit=1');
    expect(r.statusCode).toBe(200);
    expect(r.headers.signature).toBeUndefined();
    expect(await lastAudit()).toMatchObject({ requester: 'public:anonymous' });
  });

  it('refuses a clock-skewed request with 401 problem+json and audits it as an unverified deny', async () => {
    const url = '/api/v1/shelters?purpose=evacuation-support';
    const r = await node.app.inject({ method: 'GET', url, headers: signed('GET', url, null, { now: new Date(Date.now() - 3_600_000) }) });
    expect(r.statusCode).toBe(401);
    expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(r.json()).toMatchObject({ code: 'FEDERATION_CLOCK_SKEW' });
    expect(await lastAudit()).toMatchObject({
      requester: `unverified:${trust.participants.ishikawa.id}`,
      decision: 'deny',
      dataset: 'shelters',
      purpose: 'evacuation-support',
      reasons: [{ code: 'NODE_REQUESTER_UNVERIFIED' }, { code: 'FEDERATION_CLOCK_SKEW' }],
    });
  });

  it('refuses a request signed for another node, and a body other than the one signed', async () => {
    const url = '/api/v1/datasets/shelters/query';
    const other = await node.app.inject({ method: 'GET', url: '/health', headers: signed('GET', '/health', null, { audience: trust.participants.wajima.id }) });
    expect(other.json()).toMatchObject({ status: 401, code: 'FEDERATION_AUDIENCE_MISMATCH' });
    const headers = signed('POST', url, JSON.stringify({ purpose: 'statistics' }));
    const swapped = await node.app.inject({
      method: 'POST',
      url,
      headers: { ...headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ purpose: 'life-saving' }),
    });
    expect(swapped.json()).toMatchObject({ status: 401, code: 'FEDERATION_DIGEST_MISMATCH' });
  });

  it('makes a participant state its purpose, and names an unknown purpose in a body', async () => {
    const url = '/api/v1/datasets/shelters/records';
    const none = await node.app.inject({ method: 'GET', url, headers: signed('GET', url, null) });
    expect(none.json()).toMatchObject({ status: 400, code: 'NODE_PURPOSE_REQUIRED' });
    const q = '/api/v1/datasets/shelters/query';
    const body = JSON.stringify({ purpose: 'curiosity' });
    const odd = await node.app.inject({ method: 'POST', url: q, headers: { ...signed('POST', q, body), 'content-type': 'application/json' }, payload: body });
    expect(odd.json()).toMatchObject({ status: 400, code: 'NODE_PURPOSE_UNKNOWN' });
    expect(await lastAudit()).toMatchObject({
      requester: trust.participants.ishikawa.id,
      purpose: 'curiosity',
      decision: 'deny',
      reasons: [{ code: 'NODE_PURPOSE_UNKNOWN' }],
    });
  });
});

describe('record writes by the owner', () => {
  it("writes a new version for a signed request of the node's own participant and refuses anyone else, auditing both", async () => {
    const [current] = await node.store.query({ type: 'shelter', limit: 1 });
    const { version: _v, recordedAt: _r, ...draft } = current!;
    const changed = { ...draft, data: { ...draft.data, note: 'updated by the owner' } };
    const url = '/api/v1/datasets/shelters/records';
    const body = JSON.stringify({ records: [changed] });
    const asOwner = signRequest({ method: 'POST', url, body, credential: trust.credentials.nanao, signer: trust.signers.nanao, audience: NODE_ID, now: new Date() });
    const ok = await node.app.inject({ method: 'POST', url, headers: { ...asOwner, 'content-type': 'application/json' }, payload: body });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ outcomes: [{ id: current!.id, kind: 'updated', version: current!.version + 1 }] });
    expect(await lastAudit()).toMatchObject({ requester: NODE_ID, action: 'write', decision: 'allow', recordIds: [current!.id] });

    const other = await node.app.inject({ method: 'POST', url, headers: { ...signed('POST', url, body), 'content-type': 'application/json' }, payload: body });
    expect(other.json()).toMatchObject({ status: 403, code: 'NODE_WRITE_OWNER_ONLY' });
    expect(await lastAudit()).toMatchObject({ requester: trust.participants.ishikawa.id, decision: 'deny', reasons: [{ code: 'NODE_WRITE_OWNER_ONLY' }] });
    expect((await node.store.get('shelter', current!.id))!.version).toBe(current!.version + 1);
  });
});

describe('bad input', () => {
  it('answers malformed and oversized JSON with problem+json', async () => {
    const url = '/api/v1/datasets/shelters/query';
    const broken = await node.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '{"purpose":' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ code: 'NODE_BODY_NOT_JSON' });
    const proto = await node.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '{"__proto__":{"x":1}}' });
    expect(proto.json()).toMatchObject({ status: 400, code: 'NODE_BODY_NOT_JSON' });
    expect(await lastAudit()).toMatchObject({ requester: 'public:anonymous', decision: 'deny', reasons: [{ code: 'NODE_BODY_NOT_JSON' }] });
    const huge = await node.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: `{"after":"${'x'.repeat(1_100_000)}"}` });
    expect(huge.statusCode).toBe(413);
    expect(huge.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('refuses an unknown dataset with 404 and audits the refusal', async () => {
    const r = await node.app.inject('/api/v1/datasets/persons/records');
    expect(r.json()).toMatchObject({ status: 404, code: 'NODE_DATASET_UNKNOWN' });
    expect(await lastAudit()).toMatchObject({ dataset: 'persons', decision: 'deny', reasons: [{ code: 'NODE_DATASET_UNKNOWN' }] });
  });

  it('filters by a polygon given as a query parameter and refuses one that is not a polygon', async () => {
    const ring = [[136.9, 37.0], [137.0, 37.0], [137.0, 37.1], [136.9, 37.1], [136.9, 37.0]];
    const within = encodeURIComponent(JSON.stringify({ type: 'Polygon', coordinates: [ring] }));
    const inside = await node.app.inject(`/api/v1/datasets/shelters/records?limit=1000&within=${within}`);
    const box = await node.app.inject('/api/v1/shelters?bbox=136.9,37.0,137.0,37.1&limit=1000');
    const ids = (r: typeof inside) => (r.json() as { items: { id: string }[] }).items.map((s) => s.id).sort();
    expect(ids(inside).length).toBeGreaterThan(5);
    expect(ids(inside)).toEqual(ids(box));
    const bad = await node.app.inject(`/api/v1/datasets/shelters/records?within=${encodeURIComponent('{"type":"Point","coordinates":[1,2]}')}`);
    expect(bad.json()).toMatchObject({ status: 400, code: 'NODE_WITHIN_INVALID' });
  });

  it('refuses a declaration that is not a signed declaration with 422, storing nothing', async () => {
    const r = await node.app.inject({ method: 'POST', url: '/api/v1/declarations', payload: { payload: { id: 'x' } } });
    expect(r.json()).toMatchObject({ status: 422, code: 'NODE_DECLARATION_INVALID' });
    expect(await node.store.query({ type: 'declaration' })).toEqual([]);
    expect(await lastAudit()).toMatchObject({ kind: 'declaration-received', decision: 'deny' });
  });
});

describe('catalog and documentation', () => {
  it('lists the published datasets with record counts and their policies in Japanese and English', async () => {
    const r = await node.app.inject('/api/v1/catalog');
    const body = r.json() as { publisher: string; dataset: { identifier: string; recordCount: number; policies: { summary: { ja: string; en: string } }[] }[] };
    expect(body.publisher).toBe(NODE_ID);
    expect(body.dataset.map((d) => d.identifier)).toEqual(['shelters']);
    expect(body.dataset[0]!.recordCount).toBe(await node.store.count({ type: 'shelter' }));
    expect(body.dataset[0]!.policies[0]!.summary.en).toMatch(/anyone/i);
    expect(body.dataset[0]!.policies[0]!.summary.ja.length).toBeGreaterThan(0);
  });

  it('describes every route in OpenAPI and on a docs page that loads nothing from elsewhere', async () => {
    const doc = (await node.app.inject('/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    const paths = Object.keys(doc.paths);
    expect(paths).toEqual(
      expect.arrayContaining(['/api/v1/catalog', '/api/v1/datasets/{dataset}/records', '/api/v1/datasets/{dataset}/query', '/api/v1/declarations', '/federation/deliveries']),
    );
    const page = await node.app.inject('/docs');
    expect(page.headers['content-type']).toMatch(/text\/html/);
    for (const p of paths) expect(page.body).toContain(p);
    expect(page.body).toContain('パラメーター / Parameters');
    expect(page.body).not.toMatch(/<script|<link|src="http/);
  });
});
