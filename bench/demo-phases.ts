// Where the demo's first start spends its time per node, in this one process: each participant's database made as a
// node made it before (initdb, the store's migrations, the applications' tables) against a copy of one such database
// made once (what `npm start` does now, src/demo/database-template.ts), then its bundled data imported. The process
// start-up around them (the bundle loaded, the server built) is bench/demo-start.ts's progress lines. Run:
// npx tsx bench/demo-phases.ts (figures in BENCHMARKS.md).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { shippedApplications } from '../src/apps/index.ts';
import { bundledDataDir, demoPopulation, ensureImported } from '../src/demo/bundled-data.ts';
import { databaseTemplate } from '../src/demo/database-template.ts';
import { DEMO_MAX_CONNECTIONS, DEMO_SHARED_BUFFERS_MB, openDemoNodeStore } from '../src/demo/node-import.ts';
import { DEMO_SEED, demoParticipants } from '../src/demo/scenario.ts';
import { demoPaths } from '../src/demo/trust-setup.ts';
import { openStore } from '../src/store/open-store.ts';

const seconds = (ms: number) => (ms / 1000).toFixed(2);

/** A database as a node's start made it: initdb, the store's migrations, every shipped application's tables. */
async function createDatabase(dir: string): Promise<void> {
  const store = await openStore({ backend: 'pglite', dataDir: dir }, { sharedBuffersMb: DEMO_SHARED_BUFFERS_MB, maxConnections: DEMO_MAX_CONNECTIONS });
  try {
    for (const a of shippedApplications()) if (a.migrations) await store.applications.migrate(a.id, a.migrations);
  } finally {
    await store.close();
  }
}

const base = await mkdtemp(path.join(tmpdir(), 'tsunagu-bench-phases-'));
try {
  console.log(`load average before: ${(await readFile('/proc/loadavg', 'utf8')).trim()}`);
  const paths = demoPaths(path.join(base, 'demo'));
  const population = await demoPopulation(bundledDataDir, DEMO_SEED);
  let t0 = performance.now();
  const template = databaseTemplate(path.join(base, 'template'), createDatabase);
  await template.copyTo(path.join(base, 'first-copy'));
  console.log(`template made once (and copied once): ${seconds(performance.now() - t0)} s`);
  const totals = { created: 0, copied: 0, imported: 0 };
  for (const p of demoParticipants) {
    t0 = performance.now();
    await createDatabase(path.join(base, 'created', p.id));
    const created = performance.now() - t0;
    t0 = performance.now();
    await template.copyTo(paths.nodeDataDir(p.id));
    const store = await openDemoNodeStore({ paths, participant: p, seed: DEMO_SEED, population: async () => population, dataDir: bundledDataDir, lang: 'en' });
    const copied = performance.now() - t0;
    t0 = performance.now();
    try {
      await ensureImported(store, paths, p, DEMO_SEED, async () => population, bundledDataDir, 'en');
    } finally {
      await store.close();
    }
    const imported = performance.now() - t0;
    totals.created += created;
    totals.copied += copied;
    totals.imported += imported;
    console.log(`${p.key}: created (initdb, migrations) ${seconds(created)} s; copied and opened ${seconds(copied)} s; import ${seconds(imported)} s`);
  }
  console.log(`all ${demoParticipants.length}: created ${seconds(totals.created)} s; copied and opened ${seconds(totals.copied)} s; imports ${seconds(totals.imported)} s`);
  console.log(`load average after: ${(await readFile('/proc/loadavg', 'utf8')).trim()}`);
} finally {
  await rm(base, { recursive: true, force: true });
}
