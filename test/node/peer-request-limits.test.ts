// Budgets on a real node as a peer meets them: a verified participant has its own budget, apart from the anonymous
// public's and from forged signatures, even from the same address; past it the peer gets a signed 429 its client
// waits out, and the audit log gains one notice, not an entry per refusal.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFederationClient } from '../../src/federation/client.ts';
import { DEFAULT_PEER_REQUEST_LIMITS } from '../../src/node/signed-request-limits.ts';
import { signRequest } from '../../src/trust/http-signatures/request-signature.ts';
import { verifyResponse } from '../../src/trust/http-signatures/response-signature.ts';
import { requestSignatureOf } from '../../src/trust/http-signatures/request-signature.ts';
import { buildTestTrust } from '../../src/trust/test-fixtures.ts';
import { asNanaoIn, NODE_ID, openTestNode, openTestStore, type TestNode } from './support/test-node.ts';
import type { Store } from '../../src/store/types.ts';

const trust = buildTestTrust(new Date());
const url = '/api/v1/datasets/shelters/records?area=172022&limit=1&purpose=evacuation-support';
const signedAs = (who: 'ishikawa' | 'wajima') =>
  signRequest({ method: 'GET', url, body: null, credential: trust.credentials[who], signer: trust.signers[who], audience: NODE_ID, now: new Date() });

let store: Store;
beforeAll(async () => {
  store = await openTestStore();
});
afterAll(async () => {
  await store.close();
});

describe('a signed peer and an anonymous flood from one address', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await openTestNode({ store, federation: asNanaoIn(trust) });
  });
  afterAll(async () => node.close());

  it('serves the peer paging hard while the anonymous requests past their budget are refused', async () => {
    const from = '127.0.0.1';
    const anonymous: number[] = [];
    const peer: number[] = [];
    for (let i = 0; i < 320; i++) {
      anonymous.push((await node.app.inject({ method: 'GET', url: '/api/v1/shelters?area=172022&limit=1', remoteAddress: from })).statusCode);
      if (i % 2 === 0) peer.push((await node.app.inject({ method: 'GET', url, headers: signedAs('ishikawa'), remoteAddress: from })).statusCode);
    }
    expect(anonymous.filter((s) => s === 429)).toHaveLength(20);
    expect(peer).toEqual(Array(160).fill(200));
    expect(DEFAULT_PEER_REQUEST_LIMITS.perAddress).toBeGreaterThan(160);
  });
});

describe('a peer past its own budget', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await openTestNode({ store, federation: asNanaoIn(trust), peerRequests: { perAddress: 5, total: 100, windowMs: 10_000, maxAddresses: 100 } });
  });
  afterAll(async () => node.close());

  it('gets a signed 429 with Retry-After and a stable code, one notice in the audit log, and other peers are still served', async () => {
    const before = (await node.log.head()).seq;
    const answers = [];
    for (let i = 0; i < 12; i++) {
      const headers = signedAs('ishikawa');
      const r = await node.app.inject({ method: 'GET', url, headers: { ...headers, 'accept-language': 'en' } });
      answers.push({ r, signature: requestSignatureOf(headers)! });
    }
    expect(answers.map((a) => a.r.statusCode)).toEqual([...Array(5).fill(200), ...Array(7).fill(429)]);
    // Five decided reads and one notice for the seven refused.
    expect((await node.log.head()).seq - before).toBe(6);

    const { r, signature } = answers.at(-1)!;
    expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(r.json()).toMatchObject({ status: 429, code: 'NODE_TOO_MANY_PEER_REQUESTS', detail: expect.stringMatching(/Try again in \d+ s/) });
    const wait = Number(r.headers['retry-after']);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(10);
    const verified = verifyResponse(
      { status: r.statusCode, headers: new Headers(r.headers as Record<string, string>), body: new Uint8Array(r.rawPayload) },
      { requestSignature: signature, provider: NODE_ID, registry: trust.registry, now: new Date() },
    );
    expect(verified.ok).toBe(true);

    const notices = await node.store.audit.query({ requester: trust.participants.ishikawa.id, limit: 20 });
    if (!notices.ok) throw new Error(JSON.stringify(notices.problems));
    const throttled = notices.page.entries.filter((e) => e.reasons[0]?.code === 'NODE_PEER_REQUESTS_THROTTLED');
    expect(throttled.map((e) => e.reasons[0]!.params)).toEqual([{ participant: trust.participants.ishikawa.id, seconds: expect.any(Number) }]);

    expect((await node.app.inject({ method: 'GET', url, headers: signedAs('wajima') })).statusCode).toBe(200);
  });
});

describe("a peer's federation client meeting the limit over loopback", () => {
  let node: TestNode;
  let target: { participantId: string; url: string };
  beforeAll(async () => {
    node = await openTestNode({ store, federation: asNanaoIn(trust), peerRequests: { perAddress: 3, total: 100, windowMs: 1_000, maxAddresses: 100 } });
    await node.app.listen({ host: '127.0.0.1', port: 0 });
    target = { participantId: NODE_ID, url: `http://127.0.0.1:${(node.app.server.address() as AddressInfo).port}` };
  });
  afterAll(async () => node.close());

  it('waits out each signed 429 and gets every page within its deadline', async () => {
    const client = createFederationClient({ signer: trust.signers.ishikawa, credential: trust.credentials.ishikawa, registry: trust.registry });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await client.query(target, 'shelters', { purpose: 'evacuation-support', area: ['172022'], limit: 1 }, AbortSignal.timeout(10_000));
      statuses.push(r.ok ? r.status : -1);
    }
    expect(statuses).toEqual(Array(8).fill(200));
    const head = await node.store.audit.query({ requester: trust.participants.ishikawa.id, limit: 50 });
    if (!head.ok) throw new Error(JSON.stringify(head.problems));
    expect(head.page.entries.some((e) => e.reasons[0]?.code === 'NODE_PEER_REQUESTS_THROTTLED')).toBe(true);
  });
});
