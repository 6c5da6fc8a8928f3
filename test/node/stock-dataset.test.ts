// A node whose policy governs its stock lines serves them as the `stock` dataset like any other: the prefecture asking
// for supply logistics gets the permitted fields; the anonymous public and a wrong purpose are refused — each decision
// audited. A node without a stock policy does not publish the dataset at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryReplayGuard } from '../../src/node/request-verification/replay-guard.ts';
import { signRequest } from '../../src/trust/http-signatures/request-signature.ts';
import type { RecordDraft } from '../../src/model/index.ts';
import { builtInPolicies } from '../../src/node/node-policies.ts';
import { parsePolicy } from '../../src/policy/policy-schema.ts';
import { buildTestTrust } from '../../src/trust/test-fixtures.ts';
import { NODE_ID, openTestNode, type TestNode } from './support/test-node.ts';

const trust = buildTestTrust(new Date());

const parsed = parsePolicy({
  id: 'nanao-stock',
  version: 1,
  owner: NODE_ID,
  dataset: 'stock',
  description: { ja: '七尾市 備蓄物資（試験）', en: 'Nanao City stockpiles (test)' },
  fieldClasses: { heldAt: 'public', areaCode: 'public', item: 'public', unit: 'public' },
  permits: [
    {
      id: 'supply-logistics',
      purposes: ['supply-logistics'],
      roles: ['prefecture'],
      actions: ['read'],
      requesterJurisdiction: 'any',
      phases: ['normal', 'alert', 'emergency', 'recovery'],
      fields: ['heldAt', 'areaCode', 'item', 'quantity', 'unit', 'reserved', 'expiresOn'],
      retention: 'P7D',
      onwardSharing: false,
      consentRequiredOutsideEmergency: false,
    },
  ],
  validFrom: '2023-04-01T00:00:00+09:00',
});
if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));

const water: RecordDraft<'stock'> = {
  id: `${NODE_ID}:depot-01:stock-water`,
  type: 'stock',
  sourceNode: NODE_ID,
  observedAt: '2024-01-01T09:00:00+09:00',
  quality: { level: 'reported' },
  lineage: [{ activity: 'entry', at: '2024-01-01T09:00:00+09:00' }],
  data: {
    heldAt: { type: 'facility', id: `${NODE_ID}:depot-01` },
    areaCode: '172022',
    location: { type: 'Point', coordinates: [136.9669, 37.0431] },
    item: { category: 'drinking-water', name: { ja: '保存水 2L' } },
    quantity: 12_000,
    unit: 'litre',
    reserved: 2_000,
    expiresOn: '2027-03-31',
  },
};

let node: TestNode;

beforeAll(async () => {
  node = await openTestNode({
    policies: [...builtInPolicies(NODE_ID), { policy: parsed.value, source: 'nanao-stock.json' }],
    federation: { registry: trust.registry, replayGuard: createMemoryReplayGuard(), signer: trust.signers.nanao },
  });
  await node.store.upsert([water]);
});
afterAll(async () => {
  await node.close();
});

function signedGet(url: string) {
  return signRequest({ method: 'GET', url, body: null, credential: trust.credentials.ishikawa, signer: trust.signers.ishikawa, audience: NODE_ID, now: new Date() });
}

async function lastAudit() {
  const r = await node.store.audit.query({ limit: 1 });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.page.entries[0]!;
}

describe('the stock dataset over the federation API', () => {
  it('gives the prefecture the permitted fields for supply logistics and audits the release', async () => {
    const url = '/api/v1/datasets/stock/records?area=172022&purpose=supply-logistics';
    const r = await node.app.inject({ method: 'GET', url, headers: signedGet(url) });
    expect(r.statusCode).toBe(200);
    const [item] = (r.json() as { items: { id: string; data: Record<string, unknown> }[] }).items;
    expect(item).toMatchObject({ id: water.id, data: { quantity: 12_000, reserved: 2_000, unit: 'litre' } });
    expect(item!.data.location).toBeUndefined();
    expect(await lastAudit()).toMatchObject({ dataset: 'stock', decision: 'allow', requester: trust.participants.ishikawa.id, recordCount: 1 });
  });

  it('refuses the anonymous public, which no permit names, and audits the refusal', async () => {
    const r = await node.app.inject('/api/v1/datasets/stock/records?area=172022');
    expect(r.statusCode).toBe(403);
    expect(JSON.stringify(r.json())).not.toContain('12000');
    expect(await lastAudit()).toMatchObject({ dataset: 'stock', requester: 'public:anonymous', decision: 'deny' });
  });

  it('refuses the prefecture asking for another purpose, and audits the refusal', async () => {
    const url = '/api/v1/datasets/stock/records?area=172022&purpose=statistics';
    const r = await node.app.inject({ method: 'GET', url, headers: signedGet(url) });
    expect(r.statusCode).toBe(403);
    expect(await lastAudit()).toMatchObject({ dataset: 'stock', purpose: 'statistics', decision: 'deny' });
  });
});

describe('a node without a stock policy', () => {
  let bare: TestNode;
  beforeAll(async () => {
    bare = await openTestNode();
  });
  afterAll(async () => {
    await bare.close();
  });

  it('does not publish stock: 404 naming the datasets it has', async () => {
    const r = await bare.app.inject('/api/v1/datasets/stock/records');
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ code: 'NODE_DATASET_UNKNOWN' });
  });
});
