// What a real node writes to its log: no query string (so no person's name searched for), and no error-level line
// for an unsigned request to the subscriptions API, which is refused 401 and audited instead.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestTrust } from '../../src/trust/test-fixtures.ts';
import { asNanaoIn, openTestNode, type TestNode } from './support/test-node.ts';

const trust = buildTestTrust(new Date());
let node: TestNode;
const lines: string[] = [];
const stream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter((l) => l.length > 0));
    done();
  },
});

beforeAll(async () => {
  node = await openTestNode({
    logger: { level: 'info', stream },
    federation: asNanaoIn(trust),
  });
});
afterAll(async () => {
  await node.close();
});

describe("the node's log", () => {
  it('leaves no searched name in the log, raw or percent-encoded', async () => {
    lines.length = 0;
    const encoded = encodeURIComponent('山田');
    await node.app.inject({ method: 'GET', url: `/api/v1/datasets/persons/records?q=${encoded}&purpose=evacuation-support` });
    await node.app.inject({ method: 'GET', url: '/api/v1/shelters?q=山田&area=172022' });
    const log = lines.join('\n');
    expect(lines.some((l) => l.includes('/api/v1/datasets/persons/records'))).toBe(true);
    expect(log).not.toContain('山田');
    expect(log).not.toContain(encoded);
    expect(log).not.toContain('q=');
  });

  it('answers an unsigned GET and DELETE of subscriptions with an audited 401 and no error in the log', async () => {
    lines.length = 0;
    for (const [method, url] of [['GET', '/api/v1/subscriptions'], ['DELETE', '/api/v1/subscriptions/sub-1']] as const) {
      const r = await node.app.inject({ method, url, headers: { 'accept-language': 'en' } });
      expect(r.statusCode).toBe(401);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(r.json()).toMatchObject({ code: 'SUBSCRIPTION_UNAUTHENTICATED', detail: expect.stringContaining('signed request') });
      const audited = await node.store.audit.query({ requestId: r.json<{ requestId: string }>().requestId });
      if (!audited.ok) throw new Error(JSON.stringify(audited.problems));
      expect(audited.page.entries).toHaveLength(1);
      expect(audited.page.entries[0]).toMatchObject({ requester: 'public:anonymous', decision: 'deny', reasons: [{ code: 'SUBSCRIPTION_UNAUTHENTICATED' }] });
    }
    const levels = lines.map((l) => (JSON.parse(l) as { level: number }).level);
    expect(levels.filter((l) => l >= 50)).toEqual([]);
  });
});
