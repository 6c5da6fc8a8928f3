// PGlite on disk: a node restarted on the same data directory finds its records and does not migrate again.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/store/migrations.ts';
import { openStore } from '../../src/store/open-store.ts';
import { openPgliteDatabase } from '../../src/store/pglite-client.ts';
import { namespace, shelter } from './support/drafts.ts';

describe('PGlite data directory', () => {
  const dirs: string[] = [];
  const freshDir = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tsunagu-store-'));
    dirs.push(dir);
    return path.join(dir, 'nested', 'data');
  };
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('keeps records and their history across a close and re-open', async () => {
    const dataDir = await freshDir();
    const ns = namespace();
    const first = await openStore({ backend: 'pglite', dataDir });
    await first.upsert([shelter(ns.id('a'), { sourceNode: ns.sourceNode, openStatus: 'closed', at: [137, 37] })]);
    await first.upsert([shelter(ns.id('a'), { sourceNode: ns.sourceNode, openStatus: 'open', at: [137, 37] })]);
    const version = first.info.schemaVersion;
    await first.close();

    const second = await openStore({ backend: 'pglite', dataDir });
    try {
      expect(second.info.schemaVersion).toBe(version);
      expect((await second.get('shelter', ns.id('a')))?.data.openStatus).toBe('open');
      expect((await second.history('shelter', ns.id('a'))).map((r) => r.version)).toEqual([1, 2]);
      expect(await second.count({ type: 'shelter', bbox: { west: 136, south: 36, east: 138, north: 38 } })).toBe(1);
    } finally {
      await second.close();
    }
  }, 120_000); // opens PGlite on disk several times: over 30 s on a loaded machine

  it('applies the migrations on first open only', async () => {
    const dataDir = await freshDir();
    const first = await openPgliteDatabase(dataDir);
    const initial = await migrate(first);
    await first.close();
    expect(initial.applied[0]).toBe('0001-records.sql');
    expect(initial.schemaVersion).toBeGreaterThanOrEqual(1);

    const again = await openPgliteDatabase(dataDir);
    try {
      expect(await migrate(again)).toEqual({ applied: [], schemaVersion: initial.schemaVersion });
    } finally {
      await again.close();
    }
  }, 120_000);
});
