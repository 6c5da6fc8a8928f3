import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../store/open-store.ts';
import type { Store } from '../../store/types.ts';
import { createDurableReplayGuard } from './durable-replay-guard.ts';

const t0 = Date.parse('2026-01-15T03:00:00.000Z');
const at = (ms: number) => new Date(t0 + ms);
const record = (nonce: string, expiresInMs = 300_000, requester = 'jp-172022-nanao-city') => ({ requester, nonce, expiresAt: t0 + expiresInMs });

let store: Store;
beforeAll(async () => {
  store = await openStore({ backend: 'pglite', dataDir: 'memory://' });
}, 60_000);
afterAll(async () => {
  await store?.close();
});

describe('createDurableReplayGuard', () => {
  it('accepts a nonce once and refuses it again until it expires', async () => {
    const guard = createDurableReplayGuard(store.replayNonces);
    expect(await guard.remember(record('d1'), at(0))).toEqual({ fresh: true });
    expect(await guard.remember(record('d1'), at(1_000))).toEqual({ fresh: false, reason: 'replayed' });
    expect(await guard.remember(record('d1'), at(299_999))).toEqual({ fresh: false, reason: 'replayed' });
    expect(await guard.remember(record('d1', 600_000), at(300_000))).toEqual({ fresh: true });
    expect(await guard.remember(record('d1', 600_000), at(300_001))).toEqual({ fresh: false, reason: 'replayed' });
  });

  it('keeps the nonces of different requesters apart', async () => {
    const guard = createDurableReplayGuard(store.replayNonces);
    expect((await guard.remember(record('d2'), at(0))).fresh).toBe(true);
    expect((await guard.remember(record('d2', 300_000, 'jp-172049-wajima-city'), at(0))).fresh).toBe(true);
  });

  it('answers fresh to at most one of several concurrent calls with the same nonce', async () => {
    const guards = [createDurableReplayGuard(store.replayNonces), createDurableReplayGuard(store.replayNonces)];
    const outcomes = await Promise.all(Array.from({ length: 8 }, (_, i) => guards[i % 2]!.remember(record('d3'), at(0))));
    expect(outcomes.filter((o) => o.fresh)).toHaveLength(1);
  });

  it('purges expired nonces, so the table follows the replay window and not the number of requests', async () => {
    const guard = createDurableReplayGuard(store.replayNonces, { purgeIntervalSeconds: 60 });
    await guard.purge(at(10_000_000));
    const before = await store.replayNonces.count();
    for (let i = 0; i < 20; i++) await guard.remember(record(`p${i}`, 10_000_000 + 60_000), at(10_000_000));
    expect(await store.replayNonces.count()).toBe(before + 20);
    // Past every expiry so far, and more than a purge interval later: the next remember purges first.
    await guard.remember(record('q', 20_000_000 + 300_000), at(20_000_000));
    expect(await store.replayNonces.count()).toBe(1);
  });

  it('still refuses a nonce after the database is closed and opened again', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tsunagu-replay-'));
    try {
      const first = await openStore({ backend: 'pglite', dataDir: dir });
      expect(await createDurableReplayGuard(first.replayNonces).remember(record('r1'), at(0))).toEqual({ fresh: true });
      await first.close();
      const second = await openStore({ backend: 'pglite', dataDir: dir });
      try {
        expect(await createDurableReplayGuard(second.replayNonces).remember(record('r1'), at(5_000))).toEqual({ fresh: false, reason: 'replayed' });
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
