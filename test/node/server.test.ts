// The node's HTTP API over a real store: health, shelter queries, versions, OpenAPI, and problem+json errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../src/store/types.ts';
import { openTestNode, type TestNode } from './support/test-node.ts';

let node: TestNode;
let store: Store;
let app: FastifyInstance;

beforeAll(async () => {
  node = await openTestNode();
  ({ store, app } = node);
});
afterAll(async () => {
  await node.close();
});

describe('node API', () => {
  it('reports its health, participant and backend', async () => {
    const r = await app.inject('/health');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ok', participant: 'jp-172022-nanao-city', backend: 'pglite' });
  });

  it('lists shelters of an area page by page', async () => {
    const first = await app.inject('/api/v1/shelters?area=172022&limit=10');
    expect(first.statusCode).toBe(200);
    const page1 = first.json() as { items: { id: string }[]; next?: string };
    expect(page1.items).toHaveLength(10);
    expect(page1.next).toBe(page1.items[9]!.id);
    const second = (await app.inject(`/api/v1/shelters?area=172022&limit=10&after=${page1.next}`)).json() as { items: { id: string }[] };
    expect(second.items[0]!.id > page1.next!).toBe(true);
  });

  it('finds shelters inside a bounding box and none outside Nanao', async () => {
    const box = { west: 136.9, south: 37.0, east: 137.0, north: 37.1 };
    const all = await store.query({ type: 'shelter' });
    const expected = all
      .filter((s) => s.data.location && (([x, y]) => x >= box.west && x <= box.east && y >= box.south && y <= box.north)(s.data.location.coordinates))
      .map((s) => s.id);
    expect(expected.length).toBeGreaterThan(5);
    expect(expected.length).toBeLessThan(all.length);
    const inside = (await app.inject('/api/v1/shelters?bbox=136.9,37.0,137.0,37.1&limit=1000')).json() as { items: { id: string }[] };
    expect(inside.items.map((s) => s.id).sort()).toEqual(expected.sort());
    const tokyo = (await app.inject('/api/v1/shelters?bbox=139.6,35.6,139.8,35.8')).json() as { items: unknown[] };
    expect(tokyo.items).toEqual([]);
  });

  it('returns one shelter with its evacuee-count series and its version history', async () => {
    const r = await app.inject('/api/v1/shelters/172022-CC0000000504');
    expect(r.json()).toMatchObject({ id: '172022-CC0000000504', version: 1, data: { evacueeCounts: [{ count: 123 }, { count: 112 }] } });
    const h = await app.inject('/api/v1/shelters/172022-CC0000000504/history');
    expect((h.json() as { items: unknown[] }).items).toHaveLength(1);
  });

  it('answers bad input with problem+json in Japanese, or English when asked', async () => {
    const bbox = await app.inject('/api/v1/shelters?bbox=1,2,3');
    expect(bbox.statusCode).toBe(400);
    expect(bbox.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bbox.json()).toMatchObject({ code: 'HTTP_BAD_BBOX', detail: expect.stringContaining('西経度') });
    const area = await app.inject({ url: '/api/v1/shelters?area=172021', headers: { 'accept-language': 'en-GB,en' } });
    expect(area.json()).toMatchObject({ status: 400, code: 'HTTP_BAD_AREA', detail: expect.stringContaining('check digit') });
    const limit = await app.inject('/api/v1/shelters?limit=100000');
    expect(limit.json()).toMatchObject({ status: 400, code: 'HTTP_VALIDATION_FAILED' });
    const extra = await app.inject('/api/v1/shelters?evil=1');
    expect(extra.statusCode).toBe(400);
    const missing = await app.inject({ url: '/api/v1/shelters/NOPE', headers: { 'accept-language': 'en' } });
    expect(missing.json()).toMatchObject({ status: 404, code: 'HTTP_NOT_FOUND' });
  });

  it('publishes an OpenAPI 3.1 description of its routes', async () => {
    const doc = (await app.inject('/openapi.json')).json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/api/v1/shelters', '/api/v1/shelters/{id}', '/api/v1/shelters/{id}/history']));
  });
});
