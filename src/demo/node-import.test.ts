// A demo node's first-start import run on its own (as npm start's short-lived import process does): the data stays in
// the node's database after it is closed, and the marker tells the next start there is nothing left to import.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.ts';
import { bundledDataDir, importPending } from './bundled-data.ts';
import { DEMO_SHARED_BUFFERS_MB, importDemoNodeData, preparationPending } from './node-import.ts';
import { DEMO_SEED, demoParticipant, type DemoParticipant } from './scenario.ts';
import { demoPaths } from './trust-setup.ts';

const roots: string[] = [];
afterEach(async () => {
  for (const r of roots.splice(0)) await rm(r, { recursive: true, force: true });
});

async function freshPaths() {
  const root = await mkdtemp(path.join(tmpdir(), 'tsunagu-demo-import-'));
  roots.push(root);
  return demoPaths(path.join(root, 'demo'));
}

/** What the short-lived process does; neither participant holds persons, so the population must not be generated. */
const prepare = (paths: ReturnType<typeof demoPaths>, participant: DemoParticipant) =>
  importDemoNodeData({ paths, participant, seed: DEMO_SEED, dataDir: bundledDataDir, lang: 'en', population: () => Promise.reject(new Error('population asked for')) });

describe('importDemoNodeData', () => {
  it('imports a node’s bundled data once, closes its database, and leaves nothing pending for the same seed', async () => {
    const paths = await freshPaths();
    const retailer = demoParticipant('retailer')!;
    expect(await importPending(paths, retailer, DEMO_SEED)).toBe(true);
    expect(await preparationPending(paths, retailer, DEMO_SEED)).toBe(true);
    await prepare(paths, retailer);
    expect(await importPending(paths, retailer, DEMO_SEED)).toBe(false);
    expect(await preparationPending(paths, retailer, DEMO_SEED)).toBe(false);
    expect(await importPending(paths, retailer, DEMO_SEED + 1)).toBe(true);
    // Closed: the node's own process can open the same database, and finds the data there.
    const store = await openStore({ backend: 'pglite', dataDir: paths.nodeDataDir(retailer.id) }, { sharedBuffersMb: DEMO_SHARED_BUFFERS_MB });
    try {
      expect(await store.count({ type: 'facility' })).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  }, 120_000); // opens PGlite on disk several times: over 30 s on a loaded machine

  it('says a participant without bundled data has nothing to import', async () => {
    const national = demoParticipant('national')!;
    expect(national.datasets).toHaveLength(0);
    expect(await importPending(demoPaths(path.join(tmpdir(), 'tsunagu-never-created')), national, DEMO_SEED)).toBe(false);
  });

  it('creates the database of a participant without bundled data in the short-lived process too, once', async () => {
    const paths = await freshPaths();
    const national = demoParticipant('national')!;
    // Nothing to import, but its database is still to be created: that too grows PGlite's memory for good.
    expect(await preparationPending(paths, national, DEMO_SEED)).toBe(true);
    await prepare(paths, national);
    expect(await preparationPending(paths, national, DEMO_SEED)).toBe(false);
  }, 120_000);
});
