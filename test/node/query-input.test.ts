// Query input at the dataset routes. Paging the database cannot take (issue 14, F6): a NUL byte in `after` and a
// limit of 1e309 are refused with 400 problem+json naming the parameter, audited like every refusal, on the GET and
// POST dataset queries and the shelter list — never a server error. Filters: a query string's lists and a JSON body's
// arrays mean the same, and a polygon is judged once, by the model's validator, before anything is read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestNode, type TestNode } from './support/test-node.ts';

let node: TestNode;

beforeAll(async () => {
  node = await openTestNode();
});
afterAll(async () => {
  await node.close();
});

async function auditEntriesOf(requestId: string) {
  const r = await node.store.audit.query({ requestId, limit: 5 });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.page.entries;
}

const NUL = encodeURIComponent('shelter:a\u0000b');

describe('bad paging input', () => {
  it.each([
    ['GET dataset query', `/api/v1/datasets/shelters/records?after=${NUL}`, '/after'],
    ['GET dataset query', '/api/v1/datasets/shelters/records?limit=1e309', '/limit'],
    ['GET dataset query', '/api/v1/datasets/shelters/records?limit=-1e309', '/limit'],
    ['shelter list', `/api/v1/shelters?after=${NUL}`, '/after'],
    ['shelter list', '/api/v1/shelters?limit=1e309', '/limit'],
  ])('the %s refuses %s with an audited 400 naming %s', async (_route, url, path) => {
    const r = await node.app.inject({ method: 'GET', url, headers: { 'accept-language': 'en' } });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(r.json()).toMatchObject({ code: 'HTTP_VALIDATION_FAILED', errors: [{ path }] });
    expect(r.json().detail).toMatch(/limit|after/);
    const entries = await auditEntriesOf(String(r.headers['x-request-id']));
    expect(entries).toMatchObject([{ decision: 'deny', recordCount: 0, reasons: [{ code: 'HTTP_VALIDATION_FAILED' }] }]);
  });

  it.each([
    ['a NUL byte in after', '{"purpose":"evacuation-support","after":"shelter:a\\u0000b"}', '/after'],
    ['a limit of 1e309', '{"purpose":"evacuation-support","limit":1e309}', '/limit'],
  ])('the POST dataset query refuses %s with an audited 400', async (_what, payload, path) => {
    const r = await node.app.inject({ method: 'POST', url: '/api/v1/datasets/shelters/query', payload, headers: { 'content-type': 'application/json' } });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'HTTP_VALIDATION_FAILED', errors: [{ path }] });
    const entries = await auditEntriesOf(String(r.headers['x-request-id']));
    expect(entries).toMatchObject([{ decision: 'deny', reasons: [{ code: 'HTTP_VALIDATION_FAILED' }] }]);
  });

  it('still pages with an ordinary cursor and the largest limit', async () => {
    const first = await node.app.inject('/api/v1/datasets/shelters/records?limit=2');
    const { next } = first.json() as { next: string };
    expect(next).toBeDefined();
    const second = await node.app.inject(`/api/v1/datasets/shelters/records?limit=1000&after=${encodeURIComponent(next)}`);
    expect(second.statusCode).toBe(200);
  });
});

describe('filters', () => {
  const ring = [[136.9, 37.0], [137.0, 37.0], [137.0, 37.1], [136.9, 37.1], [136.9, 37.0]];

  it('answers a GET with comma lists and a POST with arrays alike', async () => {
    const get = await node.app.inject('/api/v1/datasets/shelters/records?area=172022&bbox=136.9,37.0,137.0,37.1&limit=1000');
    const post = await node.app.inject({
      method: 'POST',
      url: '/api/v1/datasets/shelters/query',
      payload: { area: ['172022'], bbox: [136.9, 37.0, 137.0, 37.1], limit: 1000 },
    });
    const ids = (r: typeof get) => (r.json() as { items: { id: string }[] }).items.map((x) => x.id);
    expect(get.statusCode).toBe(200);
    expect(ids(get).length).toBeGreaterThan(5);
    expect(ids(post)).toEqual(ids(get));
  });

  it('refuses a polygon whose ring is not closed, in a query string or a body, saying which ring', async () => {
    const open = { type: 'Polygon', coordinates: [ring.slice(0, 4)] };
    const get = await node.app.inject(`/api/v1/datasets/shelters/records?within=${encodeURIComponent(JSON.stringify(open))}&lang=en`);
    const post = await node.app.inject({ method: 'POST', url: '/api/v1/datasets/shelters/query', payload: { within: open, lang: 'en' } });
    for (const r of [get, post]) {
      expect(r.json()).toMatchObject({ status: 400, code: 'NODE_WITHIN_INVALID' });
      expect(r.json().detail).toMatch(/polygon 0 ring 0 is not closed/);
      expect(await auditEntriesOf(String(r.headers['x-request-id']))).toMatchObject([{ decision: 'deny', reasons: [{ code: 'NODE_WITHIN_INVALID' }] }]);
    }
  });

  it('refuses a bounding box outside WGS84 or of three numbers, and an area code with a bad check digit, from either route', async () => {
    const bbox = await node.app.inject({ method: 'POST', url: '/api/v1/datasets/shelters/query', payload: { bbox: [200, 37.0, 137.0, 37.1] } });
    expect(bbox.json()).toMatchObject({ status: 400, code: 'HTTP_BAD_BBOX' });
    const three = await node.app.inject('/api/v1/datasets/shelters/records?bbox=136.9,37.0,137.0');
    expect(three.json()).toMatchObject({ status: 400, code: 'HTTP_BAD_BBOX' });
    const area = await node.app.inject('/api/v1/datasets/shelters/records?area=172021');
    expect(area.json()).toMatchObject({ status: 400, code: 'HTTP_BAD_AREA' });
    const areaBody = await node.app.inject({ method: 'POST', url: '/api/v1/datasets/shelters/query', payload: { area: ['172021'] } });
    expect(areaBody.json()).toMatchObject({ status: 400, code: 'HTTP_BAD_AREA' });
  });
});
