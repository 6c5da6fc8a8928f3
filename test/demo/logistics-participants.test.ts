// The demo's logistics participants on real nodes on loopback: the supermarket chain and the logistics firm release
// nothing outside an emergency, release per-store stock and spare vehicles for supply logistics to the prefecture
// and municipalities once an emergency is declared for the area, and refuse other purposes, other roles, tampered
// signatures and expired credentials — every decision audited by the provider. The prefecture publishes the road
// picture and its stockpile.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDeclaration, prepareDeclaration } from '../../src/demo/declare.ts';
import { startDemoFederation, type DemoFederation, type DemoNode } from '../../src/demo/federation.ts';
import { demoParticipantByKey, type DemoParticipantKey } from '../../src/demo/scenario.ts';
import { createFederationClient } from '../../src/federation/client.ts';
import { credentialFor, signCredential } from '../../src/trust/credential.ts';
import { signRequest } from '../../src/trust/http-signatures/request-signature.ts';
import { smallDemoDataDir } from '../support/small-demo-data.ts';

let root: string;
let federation: DemoFederation;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'tsunagu-logistics-demo-'));
  federation = await startDemoFederation({
    root,
    basePort: 0,
    logLevel: 'silent',
    dataDir: await smallDemoDataDir(root),
    only: ['ishikawa', 'retailer', 'logistics'],
    trustRefreshSeconds: 0,
  });
}, 300_000);

afterAll(async () => {
  await federation?.close();
  await rm(root, { recursive: true, force: true });
}, 60_000);

const node = (key: DemoParticipantKey): DemoNode => federation.nodes.find((n) => n.participant.key === key)!;

function clientOf(key: DemoParticipantKey) {
  const id = demoParticipantByKey(key).id;
  return createFederationClient({ signer: federation.trust.signers.get(id)!, credential: federation.trust.credentials.get(id)!, registry: federation.trust.registry });
}

interface Answer {
  status: number;
  items: { id: string; data: Record<string, unknown> }[];
  code?: string;
  reasons: string[];
  requestId?: string;
}

async function ask(asker: DemoParticipantKey, provider: DemoParticipantKey, dataset: string, purpose: string, area?: string[]): Promise<Answer> {
  const answer = await clientOf(asker).query({ participantId: node(provider).participant.id, url: node(provider).url }, dataset, {
    purpose,
    ...(area ? { area } : {}),
    limit: 200,
  });
  if (!answer.ok) throw new Error(`no verified answer: ${JSON.stringify(answer)}`);
  const body = answer.body as { items?: Answer['items']; code?: string; reasons?: { code: string }[]; requestId?: string };
  return { status: answer.status, items: body.items ?? [], reasons: (body.reasons ?? []).map((r) => r.code), ...(body.code ? { code: body.code } : {}), ...(body.requestId ? { requestId: body.requestId } : {}) };
}

interface AuditItem {
  requestId?: string;
  decision: string;
  requester: string;
  purpose: string;
  dataset: string;
  count: number;
}

/** The provider's own audit entries, read through its operator API. */
async function auditOf(provider: DemoParticipantKey, query = ''): Promise<AuditItem[]> {
  const n = node(provider);
  const res = await fetch(`${n.url}/operator/audit?limit=1000${query}`, { headers: { authorization: `Bearer ${n.operatorToken}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: AuditItem[] }).items;
}

/** The provider's audit entry of one refused request (a refusal names its request id). */
async function audited(provider: DemoParticipantKey, requestId: string): Promise<AuditItem[]> {
  return (await auditOf(provider)).filter((e) => e.requestId === requestId);
}

describe('the demo logistics participants before any declaration', () => {
  it('keep the supermarket’s per-store stock closed to the prefecture outside an emergency, and audit the refusal', async () => {
    const a = await ask('ishikawa', 'retailer', 'stock', 'supply-logistics', ['172022']);
    expect(a.status).toBe(403);
    expect(a.code).toBe('NODE_ACCESS_DENIED');
    expect(a.reasons).toContain('POLICY_PHASE_NOT_PERMITTED');
    expect(a.items).toEqual([]);
    expect(await audited('retailer', a.requestId!)).toMatchObject([{ decision: 'deny', requester: 'jp-170003-ishikawa-pref', purpose: 'supply-logistics', count: 0 }]);
  });

  it('keep the logistics firm’s spare vehicles closed outside an emergency', async () => {
    const a = await ask('ishikawa', 'logistics', 'vehicles', 'supply-logistics');
    expect(a.status).toBe(403);
    expect(a.reasons).toContain('POLICY_PHASE_NOT_PERMITTED');
  });

  it('share the prefecture’s stockpile with its municipalities every day, and the road picture with any participant', async () => {
    const stock = await ask('nanao', 'ishikawa', 'stock', 'supply-logistics');
    expect(stock.status).toBe(200);
    expect(stock.items.map((i) => (i.data.item as { category: string }).category)).toEqual(
      expect.arrayContaining(['allergy-friendly-food', 'food', 'blanket', 'infant-formula', 'baby-diaper', 'adult-diaper', 'portable-toilet', 'toilet-paper', 'menstrual-product']),
    );
    const roads = await ask('logistics', 'ishikawa', 'road-segments', 'supply-logistics');
    expect(roads.status).toBe(200);
    expect(roads.items.length).toBeGreaterThan(30);
    const closed = roads.items.filter((r) => r.data.status === 'closed').map((r) => r.id);
    expect(closed).toContain('jp-170003-ishikawa-pref:road:satoyama-tokuda-anamizu');
    expect(roads.items.every((r) => typeof r.data.statusSource === 'string' && typeof r.data.statusObservedAt === 'string')).toBe(true);
  });

  it('refuse the prefecture’s stockpile to a retailer, which is neither a municipality nor a national agency', async () => {
    const a = await ask('retailer', 'ishikawa', 'stock', 'supply-logistics');
    expect(a.status).toBe(403);
    expect(a.reasons).toContain('POLICY_ROLE_NOT_PERMITTED');
  });

  it('refuse an unsigned read of the road picture: it is shared with participants, not published to anyone', async () => {
    const res = await fetch(`${node('ishikawa').url}/api/v1/datasets/road-segments/records?purpose=supply-logistics`);
    expect(res.status).toBe(403);
    expect(JSON.stringify(await res.json())).not.toContain('satoyama');
  });
});

describe('the demo logistics participants under a declared emergency', () => {
  beforeAll(async () => {
    const prepared = await prepareDeclaration({ root, hazard: 'earthquake', phase: 'emergency', areas: '172022,172049', expires: '72h', to: 'retailer,logistics' });
    if (!prepared.ok) throw new Error(JSON.stringify(prepared.problem));
    const outcomes = await Promise.all(prepared.value.targets.map((t) => deliverDeclaration(t, prepared.value.signed)));
    expect(outcomes.map((o) => o.kind)).toEqual(['accepted', 'accepted']);
  });

  it('release the Nanao store’s stock line by line, with lots, expiry and allergens, to the prefecture for supply logistics', async () => {
    const a = await ask('ishikawa', 'retailer', 'stock', 'supply-logistics', ['172022']);
    expect(a.status).toBe(200);
    expect(a.items).toHaveLength(11);
    expect(new Set(a.items.map((i) => (i.data.heldAt as { id: string }).id))).toEqual(new Set(['jp-170003-noto-mart:store-nanao']));
    const bread = a.items.find((i) => i.id.endsWith(':food-bread'))!;
    expect(bread.data.allergens).toEqual({ contains: ['wheat', 'milk', 'egg'] });
    expect((bread.data.lots as unknown[]).length).toBe(2);
    expect(bread.data.shippable).toBeLessThan(bread.data.quantity as number);
    const allowed = await auditOf('retailer', '&decision=allow&dataset=stock&requester=jp-170003-ishikawa-pref');
    expect(allowed).toMatchObject([{ decision: 'allow', purpose: 'supply-logistics', count: 11 }]);
  });

  it('release it to the municipalities of the prefecture too, Wajima included', async () => {
    for (const city of ['nanao', 'wajima'] as const) expect((await ask(city, 'retailer', 'stock', 'supply-logistics', ['172022'])).status).toBe(200);
  });

  it('keep the Kanazawa store closed, no emergency being declared there', async () => {
    const a = await ask('ishikawa', 'retailer', 'stock', 'supply-logistics', ['172014']);
    expect(a.status).toBe(403);
    expect(a.reasons).toContain('POLICY_PHASE_NOT_PERMITTED');
  });

  it('refuse the stock for any purpose but supply logistics, and to roles the policy does not name', async () => {
    for (const purpose of ['statistics', 'life-saving', 'recovery']) {
      const a = await ask('ishikawa', 'retailer', 'stock', purpose, ['172022']);
      expect(a.status).toBe(403);
      expect(a.reasons).toContain('POLICY_PURPOSE_NOT_PERMITTED');
    }
    const firm = await ask('logistics', 'retailer', 'stock', 'supply-logistics', ['172022']);
    expect(firm.status).toBe(403);
    expect(firm.reasons).toContain('POLICY_ROLE_NOT_PERMITTED');
  });

  it('release the firm’s spare vehicles with class, count and capacity to the prefecture, and refuse other purposes', async () => {
    const a = await ask('ishikawa', 'logistics', 'vehicles', 'supply-logistics');
    expect(a.status).toBe(200);
    expect(a.items.map((v) => v.data.vehicleClass).sort()).toEqual(['helicopter', 'large-truck', 'light-van', 'medium-truck', 'off-road', 'ship', 'small-truck']);
    // A ship's or aircraft's reach is released with it, or the plan could not use it.
    expect(a.items.find((v) => v.data.vehicleClass === 'ship')?.data).toMatchObject({ mode: 'sea', speedKmh: 25, landingPoints: [{ name: { ja: '輪島港' } }] });
    expect(a.items.every((v) => (v.data.count as number) > 0 && (v.data.capacity as { kg: number }).kg > 0)).toBe(true);
    const other = await ask('ishikawa', 'logistics', 'vehicles', 'victim-support');
    expect(other.status).toBe(403);
    expect(other.reasons).toContain('POLICY_PURPOSE_NOT_PERMITTED');
  });

  it('refuse a request whose signature was tampered with, releasing nothing', async () => {
    const ishikawa = demoParticipantByKey('ishikawa').id;
    const retailer = node('retailer');
    const signedPath = '/api/v1/datasets/stock/records?area=172022&purpose=supply-logistics';
    const headers = signRequest({
      method: 'GET', url: signedPath, body: null, credential: federation.trust.credentials.get(ishikawa)!, signer: federation.trust.signers.get(ishikawa)!,
      audience: retailer.participant.id, now: new Date(),
    });
    // The same signature over another query: asking for Kanazawa's store instead.
    const res = await fetch(`${retailer.url}${signedPath.replace('172022', '172014')}`, { headers });
    expect(res.status).toBe(401);
    expect(JSON.stringify(await res.json())).not.toContain('noto-mart:store');
  });

  it('refuse the prefecture when its credential has expired, even in an emergency', async () => {
    const ishikawa = demoParticipantByKey('ishikawa').id;
    const listed = federation.trust.registry.participants.get(ishikawa)!.entry.participant;
    const past = Date.now() - 10 * 86_400_000;
    const expired = signCredential(
      credentialFor(listed, federation.trust.anchorId, { id: 'cred-expired', issuedAt: new Date(past).toISOString(), expiresAt: new Date(past + 86_400_000).toISOString() }),
      federation.trust.signers.get(federation.trust.anchorId)!,
      new Date(past),
    );
    const client = createFederationClient({ signer: federation.trust.signers.get(ishikawa)!, credential: expired, registry: federation.trust.registry });
    const retailer = node('retailer');
    const answer = await client.query({ participantId: retailer.participant.id, url: retailer.url }, 'stock', { purpose: 'supply-logistics', area: ['172022'] });
    expect(answer.ok ? answer.status : answer.reason).toBe(401);
    expect(JSON.stringify(answer.ok ? answer.body : '')).not.toContain('noto-mart:store');
  });
});
