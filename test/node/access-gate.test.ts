// No data leaves the node without a policy decision and an audit entry: the node's API over a real store and a real
// audit log — allowed public reads, denials with reasons in Japanese and English, default deny, bad purposes, the
// log verifying afterwards, and no data at all when the log cannot record a read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { AuditEntry } from '../../src/audit/index.ts';
import { parsePolicy, type Policy } from '../../src/policy/index.ts';
import { nanaoSheltersPolicyDocument } from '../../src/policy/examples.ts';
import { verifiedParticipant, NANAO } from '../../src/policy/test-fixtures.ts';
import { PUBLIC_REQUESTER_ID } from '../../src/policy/decide-access.ts';
import type { Store } from '../../src/store/types.ts';
import { NODE_ID, openTestNode, openTestStore, type TestNode } from './support/test-node.ts';

const KNOWN_SHELTER = '172022-CC0000000504';

let store: Store;
let node: TestNode;
/** Nodes over the same store with other policies; closed after the file. */
const others: TestNode[] = [];

beforeAll(async () => {
  store = await openTestStore();
  node = await openTestNode({ store });
});
afterAll(async () => {
  for (const n of others) await n.close();
  await node.close();
  await store.close();
});

async function entryOf(r: LightMyRequestResponse): Promise<AuditEntry[]> {
  const requestId = r.headers['x-request-id'];
  expect(typeof requestId).toBe('string');
  const q = await store.audit.query({ requestId: requestId as string });
  if (!q.ok) throw new Error(JSON.stringify(q.problems));
  return q.page.entries;
}

async function headSeq(): Promise<number> {
  return (await node.log.head()).seq;
}

function policyOf(doc: unknown): Policy {
  const r = parsePolicy(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

async function nodeWith(options: Parameters<typeof openTestNode>[0]): Promise<TestNode> {
  const n = await openTestNode({ store, ...options });
  others.push(n);
  return n;
}

describe('an allowed public read', () => {
  it('answers the shelters and appends exactly one audit entry naming the requester, purpose, fields, records and policy', async () => {
    const before = await headSeq();
    const r = await node.app.inject('/api/v1/shelters?area=172022&limit=5&purpose=evacuation-support');
    expect(r.statusCode).toBe(200);
    const body = r.json() as { items: { id: string }[]; access: Record<string, unknown> };
    expect(body.items).toHaveLength(5);
    expect(await headSeq()).toBe(before + 1);

    const [entry, ...more] = await entryOf(r);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      kind: 'access-decision',
      node: NODE_ID,
      requester: PUBLIC_REQUESTER_ID,
      purpose: 'evacuation-support',
      action: 'read',
      dataset: 'shelters',
      decision: 'allow',
      recordCount: 5,
      recordIds: body.items.map((i) => i.id),
      policy: { id: 'open-shelters', version: 1 },
      requestId: r.headers['x-request-id'],
    });
    expect(entry!.fields).toEqual(expect.arrayContaining(['name', 'location', 'openStatus', 'evacueeCounts']));
    expect(entry!.reasons[0]).toMatchObject({ code: 'POLICY_PUBLIC_PERMIT_MATCHED', params: { permitId: 'public-read' } });
    expect(body.access).toMatchObject({ decision: 'allow', purpose: 'evacuation-support', purposeStated: true, retention: 'P30D', onwardSharing: true });
    expect(r.headers['tsunagu-policy']).toBe('open-shelters;version=1');
  });

  it('takes a read without a purpose as evacuation support, and says so in the answer and the log', async () => {
    const r = await node.app.inject({ url: '/api/v1/shelters?area=172022&limit=2', headers: { 'accept-language': 'en' } });
    expect(r.statusCode).toBe(200);
    const access = (r.json() as { access: { purposeStated: boolean; reasons: { code: string; message: string }[] } }).access;
    expect(access.purposeStated).toBe(false);
    expect(access.reasons).toContainEqual({ code: 'NODE_PURPOSE_ASSUMED', message: expect.stringContaining('Evacuation support') });
    const [entry] = await entryOf(r);
    expect(entry).toMatchObject({ purpose: 'evacuation-support', decision: 'allow' });
    expect(entry!.reasons.map((x) => x.code)).toContain('NODE_PURPOSE_ASSUMED');
  });

  it('gives only the fields asked for, and records those', async () => {
    const r = await node.app.inject(`/api/v1/shelters/${KNOWN_SHELTER}?purpose=supply-logistics&fields=name,openStatus`);
    expect(r.statusCode).toBe(200);
    expect(Object.keys((r.json() as { data: object }).data).sort()).toEqual(['name', 'openStatus']);
    const [entry] = await entryOf(r);
    expect(entry).toMatchObject({ purpose: 'supply-logistics', fields: ['name', 'openStatus'], recordCount: 1, recordIds: [KNOWN_SHELTER] });
  });

  it('decides and records even an answer that finds nothing', async () => {
    const r = await node.app.inject('/api/v1/shelters/NOPE?purpose=statistics');
    expect(r.statusCode).toBe(404);
    const [entry] = await entryOf(r);
    expect(entry).toMatchObject({ decision: 'allow', recordCount: 0 });
    expect(entry!.recordIds).toBeUndefined();
  });
});

describe('a read that is refused', () => {
  it('answers an unknown purpose with 400 problem+json, sends no data and audits the refusal without a policy decision', async () => {
    const before = await headSeq();
    const r = await node.app.inject({ url: '/api/v1/shelters?area=172022&purpose=curiosity', headers: { 'accept-language': 'en' } });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    const problem = r.json() as Record<string, unknown>;
    expect(problem).toMatchObject({ code: 'NODE_PURPOSE_UNKNOWN', detail: expect.stringContaining('"curiosity"') });
    expect(problem.detail).toContain('evacuation-support');
    expect(problem).not.toHaveProperty('items');
    expect(r.body).not.toContain(KNOWN_SHELTER);
    expect(await headSeq()).toBe(before + 1);
    const [entry] = await entryOf(r);
    expect(entry).toMatchObject({ decision: 'deny', purpose: 'curiosity', recordCount: 0, reasons: [{ code: 'NODE_PURPOSE_UNKNOWN' }] });
    expect(entry).not.toHaveProperty('policy');
  });

  it('denies the public a dataset whose policy serves participants only: 403 with reasons in Japanese or English, audited as deny', async () => {
    const participantsOnly = await nodeWith({ policies: [{ policy: policyOf(nanaoSheltersPolicyDocument), source: 'nanao.json' }] });
    const ja = await participantsOnly.app.inject('/api/v1/shelters?area=172022&purpose=evacuation-support');
    expect(ja.statusCode).toBe(403);
    expect(ja.headers['content-type']).toMatch(/application\/problem\+json/);
    const pj = ja.json() as { code: string; detail: string; reasons: { code: string; message: string }[]; requestId: string; detailAlt: { text: string } };
    expect(pj.code).toBe('NODE_ACCESS_DENIED');
    expect(pj.detail).toContain('避難所');
    expect(pj.reasons).toEqual([{ code: 'POLICY_PUBLIC_NOT_PERMITTED', message: expect.stringContaining('認証のない要求には提供されません') }]);
    expect(pj.detailAlt.text).toContain('not shared with unauthenticated requesters');
    expect(pj.requestId).toBe(ja.headers['x-request-id']);
    expect(ja.body).not.toContain(KNOWN_SHELTER);

    const en = await participantsOnly.app.inject({ url: '/api/v1/shelters?area=172022&purpose=evacuation-support&lang=en' });
    expect(en.statusCode).toBe(403);
    const pe = en.json() as { detail: string; reasons: { message: string }[] };
    expect(pe.detail).toMatch(/^Access to dataset "shelters" was denied by its usage policy: Dataset "shelters" is not shared with unauthenticated requesters/);
    expect(pe.reasons[0]!.message).toContain('only with participants whose credential is verified');

    for (const r of [ja, en]) {
      const [entry, ...more] = await entryOf(r);
      expect(more).toEqual([]);
      expect(entry).toMatchObject({
        requester: PUBLIC_REQUESTER_ID,
        decision: 'deny',
        recordCount: 0,
        fields: ['*'],
        policy: { id: 'nanao-shelters', version: 1 },
        reasons: [{ code: 'POLICY_PUBLIC_NOT_PERMITTED', params: { dataset: 'shelters' } }],
      });
      expect(entry!.recordIds).toBeUndefined();
    }
  });

  it('denies by default, and records it, when no policy governs the dataset', async () => {
    const none = await nodeWith({ policies: [] });
    const r = await none.app.inject(`/api/v1/shelters/${KNOWN_SHELTER}?purpose=life-saving`);
    expect(r.statusCode).toBe(403);
    expect((r.json() as { reasons: { code: string }[] }).reasons).toEqual([expect.objectContaining({ code: 'POLICY_NO_POLICY' })]);
    expect(r.body).not.toContain('"data"');
    const [entry] = await entryOf(r);
    expect(entry).toMatchObject({ decision: 'deny', purpose: 'life-saving', recordCount: 0 });
    expect(entry!.policy).toBeUndefined();
  });
});

describe('the signed-request seam', () => {
  const ishikawa = verifiedParticipant('jp-170003-ishikawa-pref', 'prefecture', [NANAO]);

  it('decides for the participant authentication names, who must state a purpose', async () => {
    const asParticipant = await nodeWith({
      policies: [{ policy: policyOf(nanaoSheltersPolicyDocument), source: 'nanao.json' }],
      authenticate: async () => ({ ok: true, value: { requester: ishikawa } }),
    });
    const noPurpose = await asParticipant.app.inject('/api/v1/shelters?area=172022');
    expect(noPurpose.statusCode).toBe(400);
    expect(noPurpose.json()).toMatchObject({ code: 'NODE_PURPOSE_REQUIRED' });

    const r = await asParticipant.app.inject('/api/v1/shelters?area=172022&limit=3&purpose=supply-logistics');
    expect(r.statusCode).toBe(200);
    const items = (r.json() as { items: { data: Record<string, unknown> }[] }).items;
    expect(items).toHaveLength(3);
    for (const item of items) expect(item.data).not.toHaveProperty('contact');
    const [entry] = await entryOf(r);
    expect(entry).toMatchObject({ requester: ishikawa.id, decision: 'allow', recordCount: 3, reasons: [{ code: 'POLICY_PERMIT_MATCHED' }, { code: 'POLICY_FIELDS_MASKED' }] });
  });
});

describe('the audit log', () => {
  it('verifies after a series of allowed, denied and refused reads', async () => {
    const urls = [
      '/api/v1/shelters?limit=20&purpose=recovery',
      '/api/v1/shelters?bbox=136.9,37.0,137.0,37.1&purpose=statistics',
      '/api/v1/shelters?bbox=139.6,35.6,139.8,35.8',
      `/api/v1/shelters/${KNOWN_SHELTER}/history?purpose=victim-support`,
      '/api/v1/shelters?purpose=nonsense',
    ];
    const before = await headSeq();
    const answers = await Promise.all(urls.map((u) => node.app.inject(u)));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 400]);
    // Four decided reads and one refusal (a purpose outside the vocabulary): every one is audited.
    expect(await headSeq()).toBe(before + 5);
    await node.log.checkpoint();
    const v = await store.audit.verify(node.publicKeys);
    expect(v).toMatchObject({ ok: true, errors: 0, unsignedTail: 0 });
    expect(v.entries).toBe(await headSeq());
  });
});

describe('when the audit log cannot record', () => {
  it('answers 503 problem+json and sends no data', async () => {
    const broken = await nodeWith({});
    await broken.log.close();
    for (const url of ['/api/v1/shelters?area=172022&purpose=evacuation-support', `/api/v1/shelters/${KNOWN_SHELTER}`, `/api/v1/shelters/${KNOWN_SHELTER}/history`]) {
      const r = await broken.app.inject({ url, headers: { 'accept-language': 'en' } });
      expect(r.statusCode, url).toBe(503);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(r.json()).toMatchObject({ code: 'NODE_AUDIT_UNAVAILABLE', detail: expect.stringContaining('no data is provided') });
      expect(r.body).not.toContain(KNOWN_SHELTER);
      expect(r.body).not.toContain('"items"');
      expect(r.headers['tsunagu-policy']).toBeUndefined();
    }
  });
});

describe('GET /api/v1/policies', () => {
  it('publishes the policies as data and in words, in Japanese and English', async () => {
    const r = await node.app.inject('/api/v1/policies');
    expect(r.statusCode).toBe(200);
    const [item, alerts, ...rest] = (r.json() as { items: { policy: Policy; source: string; text: { ja: { text: string }; en: { text: string } } }[] }).items;
    expect(rest).toEqual([]);
    expect(alerts).toMatchObject({ source: 'built-in', policy: { id: 'open-alerts', dataset: 'alerts', permits: [{ audience: 'public', actions: ['read'] }] } });
    expect(item).toMatchObject({ source: 'built-in', policy: { id: 'open-shelters', owner: NODE_ID, dataset: 'shelters', permits: [{ audience: 'public' }] } });
    expect(item!.text.ja.text).toContain('誰でも（認証なしで）閲覧できるようにします');
    expect(item!.text.en.text).toContain('to anyone, without authentication');
  });

  it('is in the OpenAPI description with the purpose vocabulary of dataset reads', async () => {
    const doc = (await node.app.inject('/openapi.json')).json() as {
      paths: Record<string, { get: { parameters: { name: string; schema: Record<string, unknown> }[]; responses: Record<string, unknown> } }>;
    };
    expect(Object.keys(doc.paths)).toContain('/api/v1/policies');
    const list = doc.paths['/api/v1/shelters']!.get;
    const purpose = list.parameters.find((p) => p.name === 'purpose')!;
    expect(JSON.stringify(purpose)).toContain('life-saving');
    expect(JSON.stringify(purpose)).toContain('evacuation-support');
    expect(Object.keys(list.responses)).toEqual(expect.arrayContaining(['200', '400', '403', '503']));
  });
});
