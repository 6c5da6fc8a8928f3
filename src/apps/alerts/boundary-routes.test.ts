import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { alertsBoundaryRoutes } from './boundary-routes.ts';

async function serve(options: Parameters<typeof alertsBoundaryRoutes>[0] = {}) {
  const app = Fastify();
  await app.register(alertsBoundaryRoutes(options));
  await app.ready();
  return app;
}

describe('the boundary files route', () => {
  it("answers a prefecture's areas as TopoJSON with a day's caching and an ETag, and nothing more when the ETag is sent back", async () => {
    const app = await serve();
    const res = await app.inject({ method: 'GET', url: '/alerts/boundaries/03' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, max-age=86400');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const topology = res.json() as Topology;
    const names = (feature(topology, topology.objects.areas!) as unknown as { features: { properties: { name: string } }[] }).features.map((f) => f.properties.name);
    expect(names).toEqual(expect.arrayContaining(['岩手県', '盛岡市', '宮古市']));
    const again = await app.inject({ method: 'GET', url: '/alerts/boundaries/03', headers: { 'if-none-match': String(res.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    await app.close();
  });

  it('refuses what is not a prefecture code, 01 to 47, before reading anything', async () => {
    const app = await serve();
    for (const bad of ['00', '48', '3', '17.topo.json', '..%2Findex', '1a']) {
      expect((await app.inject({ method: 'GET', url: `/alerts/boundaries/${bad}` })).statusCode, bad).toBe(400);
    }
    await app.close();
  });

  it('says in Japanese and English that the file could not be read when it is missing', async () => {
    const app = await serve({ dir: new URL('file:///nonexistent-tsunagu-boundaries/') });
    const res = await app.inject({ method: 'GET', url: '/alerts/boundaries/17', headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'ALERTS_BOUNDARIES_UNAVAILABLE' });
    expect(res.json().detail ?? res.json().title).toMatch(/prefecture 17/);
    const ja = await app.inject({ method: 'GET', url: '/alerts/boundaries/17' });
    expect(ja.json().detail ?? ja.json().title).toMatch(/都道府県 17/);
    await app.close();
  });
});
