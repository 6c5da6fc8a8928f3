// A demo node's database opened the demo's way, and its first-start import on its own. Kept apart from demo-node.ts so
// that npm start's short-lived import process loads the store and importers only, not the server and applications.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { openStore } from '../store/open-store.ts';
import { pgliteDatabaseExists } from '../store/pglite-client.ts';
import type { Store } from '../store/types.ts';
import { ensureImported, importPending } from './bundled-data.ts';
import type { DemoNodeSetting } from './demo-node.ts';
import type { DemoParticipant } from './scenario.ts';
import type { DemoPaths } from './trust-setup.ts';

/**
 * shared_buffers of each demo node's embedded database (docs/demo.md: memory): PGlite touches all of it at start, and
 * the largest node's hot tables (Ishikawa's records and versions) come to about 6 MB.
 */
export const DEMO_SHARED_BUFFERS_MB = 8;

/** max_connections of each demo node's embedded database: PGlite serves one (pglite-client.ts says why 10). */
export const DEMO_MAX_CONNECTIONS = 10;

export type DemoNodeData = Pick<DemoNodeSetting, 'paths' | 'participant' | 'seed' | 'population' | 'dataDir' | 'lang' | 'onNotice'>;

export async function openDemoNodeStore(s: DemoNodeData): Promise<Store> {
  const { paths, participant: p } = s;
  await mkdir(path.dirname(paths.nodeDataDir(p.id)), { recursive: true, mode: 0o700 });
  // Eight small databases on one machine: PostgreSQL's default 128 MB of shared buffers each would hold over 1 GB
  // between them for data of a few MB per node, and shared memory for 100 connections where PGlite serves one.
  return openStore(
    { backend: 'pglite', dataDir: paths.nodeDataDir(p.id) },
    { sharedBuffersMb: DEMO_SHARED_BUFFERS_MB, maxConnections: DEMO_MAX_CONNECTIONS, ...(s.onNotice ? { onNotice: s.onNotice } : {}) },
  );
}

/**
 * Whether a node's database is still to be created, or its bundled data imported: then `npm start` prepares it in a
 * short-lived process first (importDemoNodeData). Creating the database (initdb and every migration) grows PGlite's
 * WebAssembly memory as an import does: the anchor's node, which imports nothing, kept about 470 MB after creating its own.
 */
export async function preparationPending(paths: Pick<DemoPaths, 'importMarker' | 'nodeDataDir'>, p: DemoParticipant, seed: number): Promise<boolean> {
  return !(await pgliteDatabaseExists(paths.nodeDataDir(p.id))) || (await importPending(paths, p, seed));
}

/**
 * Create a node's database and import its bundled data (whichever is not yet done), and close the database again.
 * `npm start` runs this in a short-lived process of its own before the node's process: PGlite's WebAssembly memory
 * grows during the import and never shrinks, so a node that imported in its own process kept about 150 MB it no
 * longer used.
 */
export async function importDemoNodeData(s: DemoNodeData): Promise<void> {
  const store = await openDemoNodeStore(s);
  try {
    await ensureImported(store, s.paths, s.participant, s.seed, s.population, s.dataDir, s.lang);
  } finally {
    await store.close();
  }
}
