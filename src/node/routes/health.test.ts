import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { StoreProblem } from '../../store/errors.ts';
import type { Store } from '../../store/types.ts';
import { healthRoutes } from './health.ts';

/** Only what /health reads of a store. */
const storeThat = (unavailable: StoreProblem | undefined) =>
  ({ info: { backend: 'pglite', postgis: false, schemaVersion: 1 }, unavailable: () => unavailable }) as unknown as Store;

async function health(store: Store, lang = 'ja') {
  const app = Fastify();
  await app.register(healthRoutes, { store, participantId: 'jp-172022-nanao-city' });
  try {
    return await app.inject({ url: '/health', headers: { 'accept-language': lang } });
  } finally {
    await app.close();
  }
}

describe('GET /health', () => {
  it('says ok, with the participant and backend, while the database works', async () => {
    const r = await health(storeThat(undefined));
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ok', participant: 'jp-172022-nanao-city', backend: 'pglite', postgis: false });
  });

  it('answers 503 with the reason, in the asker’s language, once the embedded database’s thread has ended', async () => {
    const ended: StoreProblem = { code: 'STORE_DATABASE_THREAD_ENDED', params: { detail: 'ERR_WORKER_OUT_OF_MEMORY' } };
    const en = await health(storeThat(ended), 'en');
    expect(en.statusCode).toBe(503);
    expect(en.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(en.json()).toMatchObject({ status: 503, code: 'STORE_DATABASE_THREAD_ENDED' });
    expect(en.json().detail).toContain('ERR_WORKER_OUT_OF_MEMORY');
    const ja = await health(storeThat(ended));
    expect(ja.json().detail).not.toEqual(en.json().detail);
  });
});
