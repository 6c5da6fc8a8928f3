// The budget of unsigned requests on a real node: an anonymous flood grows the audit log by at most the documented
// bound, other senders and signed participants are not held back, and the refusal says when to try again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../src/trust/http-signatures/request-signature.ts';
import { DEFAULT_PUBLIC_READ_LIMITS } from '../../src/node/public-read-limit.ts';
import { buildTestTrust } from '../../src/trust/test-fixtures.ts';
import { asNanaoIn, NODE_ID, openTestNode, type TestNode } from './support/test-node.ts';

const trust = buildTestTrust(new Date());
let node: TestNode;

beforeAll(async () => {
  node = await openTestNode({
    federation: asNanaoIn(trust),
  });
});
afterAll(async () => {
  await node.close();
});

const anonymous = (from: string, url = '/api/v1/shelters?area=172022&limit=1') => node.app.inject({ method: 'GET', url, remoteAddress: from });

describe('unsigned requests past their budget', () => {
  it('lets 400 anonymous reads from one address grow the audit log by at most 300 decisions and one notice', async () => {
    const from = '198.51.100.1';
    const before = (await node.log.head()).seq;
    const statuses: number[] = [];
    for (let i = 0; i < 400; i++) statuses.push((await anonymous(from)).statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(DEFAULT_PUBLIC_READ_LIMITS.perAddress);
    expect(statuses.filter((s) => s === 429)).toHaveLength(400 - DEFAULT_PUBLIC_READ_LIMITS.perAddress);
    expect((await node.log.head()).seq - before).toBe(DEFAULT_PUBLIC_READ_LIMITS.perAddress + 1);

    const throttled = await anonymous(from);
    expect(throttled.statusCode).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(throttled.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(throttled.json()).toMatchObject({ code: 'NODE_TOO_MANY_PUBLIC_READS', status: 429, detail: expect.stringMatching(/\d+ 秒後/) });

    const r = await node.store.audit.query({ requester: 'public:anonymous', limit: 5 });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const notices = r.page.entries.filter((e) => e.reasons[0]?.code === 'NODE_PUBLIC_READS_THROTTLED');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.reasons[0]!.params).toMatchObject({ address: from, seconds: expect.any(Number) });
  });

  it('counts malformed requests too, so a flood of bad input is bounded the same way', async () => {
    const from = '198.51.100.2';
    const before = (await node.log.head()).seq;
    for (let i = 0; i < 320; i++) await anonymous(from, '/api/v1/shelters?purpose=not-a-purpose');
    expect((await node.log.head()).seq - before).toBe(DEFAULT_PUBLIC_READ_LIMITS.perAddress + 1);
  });

  it('does not hold back another address, nor a signed participant from the flooding one', async () => {
    expect((await anonymous('198.51.100.3')).statusCode).toBe(200);
    const url = '/api/v1/datasets/shelters/records?area=172022&limit=1&purpose=evacuation-support';
    const headers = signRequest({ method: 'GET', url, body: null, credential: trust.credentials.ishikawa, signer: trust.signers.ishikawa, audience: NODE_ID, now: new Date() });
    const r = await node.app.inject({ method: 'GET', url, headers, remoteAddress: '198.51.100.1' });
    expect(r.statusCode).toBe(200);
  });

  it('bounds a flood of forged signatures, which skip the public budget, by 20 audited refusals and one notice per address', async () => {
    const from = '198.51.100.9';
    const url = '/api/v1/datasets/shelters/records?area=172022&limit=1&purpose=evacuation-support';
    const before = (await node.log.head()).seq;
    const statuses: number[] = [];
    for (let i = 0; i < 300; i++) {
      const headers = signRequest({ method: 'GET', url, body: null, credential: trust.credentials.ishikawa, signer: trust.signers.ishikawa, audience: NODE_ID, now: new Date(Date.now() - 3_600_000) });
      statuses.push((await node.app.inject({ method: 'GET', url, headers, remoteAddress: from })).statusCode);
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(280);
    expect((await node.log.head()).seq - before).toBe(21);
    const last = await node.app.inject({ method: 'GET', url, headers: { 'tsunagu-requester': 'anyone', 'accept-language': 'en' }, remoteAddress: from });
    expect(last.statusCode).toBe(429);
    expect(last.json()).toMatchObject({ code: 'NODE_TOO_MANY_FORGED_SIGNATURES', detail: expect.stringMatching(/in \d+ s/) });
    const notices = await node.store.audit.query({ requester: 'public:anonymous', limit: 50 });
    if (!notices.ok) throw new Error(JSON.stringify(notices.problems));
    expect(notices.page.entries.filter((e) => e.reasons[0]?.code === 'NODE_FORGED_SIGNATURES_THROTTLED').map((e) => e.reasons[0]!.params.address)).toEqual([from]);
    // Unsigned reads from that address are still served within their own budget.
    expect((await anonymous(from)).statusCode).toBe(200);
    // And a genuine participant behind the same address (a NAT, a proxy, loopback) is served: only forgeries are held back.
    const genuine = signRequest({ method: 'GET', url, body: null, credential: trust.credentials.ishikawa, signer: trust.signers.ishikawa, audience: NODE_ID, now: new Date() });
    expect((await node.app.inject({ method: 'GET', url, headers: genuine, remoteAddress: from })).statusCode).toBe(200);
  });

  it('signs a refusal of a forged signature it throttles, bound to the signature presented', async () => {
    const from = '198.51.100.10';
    const url = '/api/v1/datasets/shelters/records?area=172022&limit=1&purpose=evacuation-support';
    let last: Awaited<ReturnType<typeof node.app.inject>> | undefined;
    for (let i = 0; i < 25; i++) {
      const headers = signRequest({ method: 'GET', url, body: null, credential: trust.credentials.ishikawa, signer: trust.signers.ishikawa, audience: NODE_ID, now: new Date(Date.now() - 3_600_000) });
      last = await node.app.inject({ method: 'GET', url, headers, remoteAddress: from });
    }
    expect(last!.statusCode).toBe(429);
    expect(last!.headers['signature']).toBeDefined();
    expect(last!.headers['tsunagu-responder']).toBe(NODE_ID);
  });

  it('leaves the health check and the OpenAPI description outside the budget', async () => {
    expect((await node.app.inject({ method: 'GET', url: '/health', remoteAddress: '198.51.100.1' })).statusCode).toBe(200);
  });
});
