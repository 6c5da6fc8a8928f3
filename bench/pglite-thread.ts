// PGlite on a thread of its own (src/store/pglite-thread-client.ts) against PGlite on the node's thread, in the same
// process: (a) what a statement costs through the thread — a `select 1` round trip, a page of 1,000 whole records, an
// import of N records — and (b) a node's own /health (which reads no database) while it answers six of the heaviest
// polygons it accepts (10,000 positions: a circle, and a zigzag, the ring check's hardest simple shape) at once, over
// the prefecture's GSI shelters, with the area check in slices (the node's way) against the same check at once, each
// request's whole check in one turn of the event loop of its own as before (`areaCheckSliceMs: Infinity`), PGlite on
// its own thread for both. The requests and the /health sampler run on a
// worker thread of their own, so that a blocked node thread delays the node, not the measuring. The node thread's
// largest blocks are read with monitorEventLoopDelay, beside what the area check alone costs.
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { applyImport } from '../src/adapters/apply-import.ts';
import { gsiSheltersImporter } from '../src/adapters/gsi-shelters.ts';
import { areaCode, geometryProblems, MAX_AREA_VERTICES, type AreaGeometry } from '../src/model/index.ts';
import { builtInPolicies } from '../src/node/node-policies.ts';
import { buildNodeServer } from '../src/node/server.ts';
import { MEMORY_DATA_DIR } from '../src/store/config.ts';
import { migrate } from '../src/store/migrations.ts';
import { openPgliteDatabase } from '../src/store/pglite-client.ts';
import { openPgliteThreadDatabase } from '../src/store/pglite-thread-client.ts';
import { recordStore } from '../src/store/record-store.ts';
import type { SqlDatabase } from '../src/store/sql-client.ts';
import type { Store } from '../src/store/types.ts';
import { createSigner, generateKeyPair } from '../src/trust/keys.ts';
import { medianMs, percentile, rate, sized, timed, type Benchmark, type BenchContext, type BenchResult } from './harness.ts';
import { loadPersons } from './polygon.ts';
import { spreadPerson } from './spread-persons.ts';

const NANAO = 'jp-172022-nanao-city';
const ISHIKAWA = 'jp-170003-ishikawa-pref';
const here = path.dirname(fileURLToPath(import.meta.url));
const sharedData = process.env.TSUNAGU_SHARED_DATA ?? path.resolve(here, '..', '..', 'shared', 'data');
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

type Placement = 'thread' | 'direct';
const open = (where: Placement): Promise<SqlDatabase> => (where === 'thread' ? openPgliteThreadDatabase(MEMORY_DATA_DIR) : openPgliteDatabase(MEMORY_DATA_DIR));

async function openBenchStore(where: Placement): Promise<{ db: SqlDatabase; store: Store }> {
  const db = await open(where);
  const { schemaVersion } = await migrate(db);
  return { db, store: recordStore(db, { backend: 'pglite', postgis: false, schemaVersion }) };
}

interface StatementCosts {
  /** Open an in-memory database and migrate it (a test's store, a node's start). */
  openMs: number;
  roundTripUs: number;
  pageMs: number;
  importPerSecond: number;
}

/** The median of what `measure` returns over `rounds` rounds, taking the placements in turn within each round. */
async function alternating(rounds: number, measure: (where: Placement) => Promise<number>): Promise<Record<Placement, number>> {
  const times: Record<Placement, number[]> = { direct: [], thread: [] };
  for (let round = 0; round <= rounds; round++) {
    for (const where of ['direct', 'thread'] as const) {
      const ms = await measure(where);
      if (round > 0) times[where].push(ms); // round 0 warms up
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { direct: median(times.direct), thread: median(times.thread) };
}

/**
 * (a) A statement's cost: `select 1`, a page of 1,000 whole records, an import of `count` persons. Both databases are
 * open at once and measured in turn, so that the machine's changing load falls on both alike.
 */
async function statementCosts(count: number): Promise<Record<Placement, StatementCosts>> {
  const openedIn = { direct: await timed(() => openBenchStore('direct')), thread: await timed(() => openBenchStore('thread')) };
  const opened = { direct: openedIn.direct.value, thread: openedIn.thread.value };
  try {
    const imported: Partial<Record<Placement, number>> = {};
    for (const where of ['direct', 'thread'] as const) {
      imported[where] = await loadPersons(opened[where].store, count, (i) => spreadPerson(i, { id: `jp-172022-person-${String(i).padStart(8, '0')}`, sourceNode: NANAO, areaCode: areaCode('172022') }));
    }
    const trips = 2_000;
    const roundTrip = await alternating(5, async (where) => {
      const { ms } = await timed(async () => {
        for (let i = 0; i < trips; i++) await opened[where].db.query('select 1');
      });
      return ms;
    });
    const page = await alternating(9, async (where) => {
      const { ms, value } = await timed(() => opened[where].store.query({ type: 'person', limit: 1_000 }));
      if (value.length !== Math.min(1_000, count)) throw new Error(`a page of ${value.length} records`);
      return ms;
    });
    const costs = (where: Placement): StatementCosts => ({
      openMs: openedIn[where].ms,
      roundTripUs: (roundTrip[where] / trips) * 1000,
      pageMs: page[where],
      importPerSecond: rate(count, imported[where]!),
    });
    return { direct: costs('direct'), thread: costs('thread') };
  } finally {
    await Promise.all([opened.direct.store.close(), opened.thread.store.close()]);
  }
}

/** The requests and the /health sampler, on a thread of their own (plain JavaScript, evaluated). */
const SAMPLER = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, body, intervalMs, idleSamples } = workerData;
const health = async () => {
  const t = performance.now();
  const r = await fetch(url + '/health');
  await r.arrayBuffer();
  if (r.status !== 200) throw new Error('/health answered ' + r.status);
  return performance.now() - t;
};
(async () => {
  const idle = [];
  for (let i = 0; i < idleSamples; i++) idle.push(await health());
  const busy = [];
  let done = false;
  const sampler = (async () => {
    while (!done) {
      busy.push(await health());
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  const t0 = performance.now();
  const statuses = await Promise.all(Array.from({ length: 6 }, async () => {
    const r = await fetch(url + '/api/v1/datasets/shelters/query', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await r.arrayBuffer();
    return r.status;
  }));
  const polygonsMs = performance.now() - t0;
  done = true;
  await sampler;
  parentPort.postMessage({ idle, busy, polygonsMs, statuses });
})().catch((e) => parentPort.postMessage({ error: String(e) }));
`;

interface HealthUnderLoad {
  idleP50: number;
  busyP50: number;
  busyMax: number;
  samples: number;
  polygonsMs: number;
  /** The node thread's longest block while the polygons were answered (event-loop delay, max). */
  longestBlockMs: number;
  shelters: number;
}

/** A closed ring of `n` positions around Nanao (a circle), as the node-processes test sends. */
function circle(n: number): AreaGeometry {
  const ring = Array.from({ length: n - 1 }, (_, i) => {
    const a = (2 * Math.PI * i) / (n - 1);
    return [Number((136.95 + 0.2 * Math.cos(a)).toFixed(6)), Number((37.05 + 0.15 * Math.sin(a)).toFixed(6))] as [number, number];
  });
  return { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
}

/** Zigzag of `n` positions across Nanao, closed along its west side: every segment spans the others in the sweep. */
function zigzag(n: number): AreaGeometry {
  const m = n - 3;
  const step = 0.3 / m;
  const ring = Array.from({ length: m }, (_, i) => [i % 2 === 0 ? 136.8 : 137.1, Number((36.9 + i * step).toFixed(7))] as [number, number]);
  ring.push([136.79, Number((36.9 + m * step).toFixed(7))], [136.79, 36.89]);
  return { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
}

type Check = 'in slices' | 'at once';
const shapes = { circle, zigzag } as const;
type Shape = keyof typeof shapes;

/** (b) The node's own /health while it answers six 10,000-position polygons at once. */
async function healthUnderPolygons(check: Check, shape: Shape): Promise<HealthUnderLoad> {
  const { store } = await openBenchStore('thread');
  const signer = createSigner(ISHIKAWA, generateKeyPair(`${ISHIKAWA}-bench`));
  const opened = await store.audit.open({ signer });
  if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
  const app = await buildNodeServer({
    participantId: ISHIKAWA,
    store,
    auditLog: opened.log,
    policies: builtInPolicies(ISHIKAWA),
    ...(check === 'at once' ? { areaCheckSliceMs: Infinity } : {}),
  });
  try {
    const files = ['evacuation', 'emergency'].flatMap((layout) =>
      readdirSync(path.join(sharedData, 'gsi-shelters', 'ishikawa', layout)).map((name) => ({
        name: `${layout}-${name}`,
        bytes: new Uint8Array(readFileSync(path.join(sharedData, 'gsi-shelters', 'ishikawa', layout, name))),
      })),
    );
    await applyImport(store, gsiSheltersImporter, files, { sourceNode: ISHIKAWA, now: new Date().toISOString() });
    const shelters = await store.count({ type: 'shelter' });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const body = JSON.stringify({ purpose: 'evacuation-support', within: shapes[shape](MAX_AREA_VERTICES) });
    const delay = monitorEventLoopDelay({ resolution: 10 });
    const sampler = new Worker(SAMPLER, { eval: true, workerData: { url, body, intervalMs: 20, idleSamples: 20 } });
    delay.enable();
    const result = await new Promise<{ idle: number[]; busy: number[]; polygonsMs: number; statuses: number[]; error?: string }>((resolve, reject) => {
      sampler.once('message', resolve);
      sampler.once('error', reject);
    });
    delay.disable();
    await sampler.terminate();
    if (result.error) throw new Error(result.error);
    if (result.statuses.some((s) => s !== 200)) throw new Error(`polygon answers ${result.statuses.join(', ')}`);
    const idle = [...result.idle].sort((a, b) => a - b);
    const busy = [...result.busy].sort((a, b) => a - b);
    return {
      idleP50: percentile(idle, 50),
      busyP50: percentile(busy, 50),
      busyMax: busy[busy.length - 1] ?? Number.NaN,
      samples: busy.length,
      polygonsMs: result.polygonsMs,
      longestBlockMs: delay.max / 1e6,
      shelters,
    };
  } finally {
    await app.close();
    await opened.log.close().catch(() => undefined);
    await store.close();
  }
}

export const pgliteThreadBenchmark: Benchmark = {
  name: 'pglite-thread',
  description:
    "PGlite on its own thread against the node's thread: a statement's cost; the node's own /health while it answers six 10,000-position polygons, area check in slices against at once",
  async run(ctx: BenchContext): Promise<BenchResult[]> {
    if (!ctx.backends.some((b) => b.name === 'pglite')) return [];
    const count = sized(ctx.scale, { small: 5_000, medium: 20_000, large: 100_000 });
    ctx.log(`statement costs (both placements in turn) at load average ${load()}`);
    const costs = await statementCosts(count);
    const health: { shape: Shape; sliced: HealthUnderLoad; atOnce: HealthUnderLoad }[] = [];
    for (const shape of ['circle', 'zigzag'] as const) {
      ctx.log(`${shape}: /health under six polygons, check in slices, at load average ${load()}`);
      const sliced = await healthUnderPolygons('in slices', shape);
      ctx.log(`${shape}: /health under six polygons, check at once, at load average ${load()}`);
      const atOnce = await healthUnderPolygons('at once', shape);
      health.push({ shape, sliced, atOnce });
    }
    const areaCheckMs = await medianMs(9, () => geometryProblems(circle(MAX_AREA_VERTICES)));
    const zigzagCheckMs = await medianMs(9, () => geometryProblems(zigzag(MAX_AREA_VERTICES)));
    ctx.log(`load average after: ${load()}`);
    const t = costs.thread;
    const d = costs.direct;
    ctx.log(`GSI shelters on the node: ${health[0]!.sliced.shelters.toLocaleString('en-US')}; the area check of one 10,000-position ring alone (node thread): circle ${areaCheckMs.toFixed(1)} ms, zigzag ${zigzagCheckMs.toFixed(1)} ms`);
    const row = (label: string, thread: number, direct: number, unit: string, what: string): BenchResult => ({
      benchmark: 'pglite-thread',
      backend: 'pglite (memory)',
      size: count,
      tsunagu: { label: `${label}, PGlite on its own thread`, value: thread, unit },
      baseline: { what: `${what}, PGlite on the node's thread`, label: 'direct', value: direct, unit },
      ratio: unit === 'records/s' ? direct / thread : thread / direct,
    });
    return [
      row('open and migrate an in-memory database (the first open compiles PGlite)', t.openMs, d.openMs, 'ms', 'open and migrate'),
      row('select 1 round trip', t.roundTripUs, d.roundTripUs, 'µs', 'select 1 round trip'),
      row('page of 1,000 whole records (store.query)', t.pageMs, d.pageMs, 'ms', 'page of 1,000 whole records'),
      row(`import of ${count.toLocaleString('en-US')} persons (store.upsert)`, t.importPerSecond, d.importPerSecond, 'records/s', 'import'),
      ...health.map(({ shape, sliced: hs, atOnce: ha }): BenchResult => ({
        benchmark: 'pglite-thread',
        backend: 'pglite (memory)',
        size: hs.shelters,
        tsunagu: { label: `node's own /health while it answers six 10,000-position ${shape}s, max (area check in slices)`, value: hs.busyMax, unit: 'ms' },
        baseline: { what: 'the same, area check at once', label: 'at once', value: ha.busyMax, unit: 'ms' },
        ratio: hs.busyMax / ha.busyMax,
        goal: '/health ≤ 200 ms meanwhile (issue 14)',
        extra: [
          { label: '/health p50 while busy, in slices', value: hs.busyP50, unit: 'ms' },
          { label: '/health p50 while busy, at once', value: ha.busyP50, unit: 'ms' },
          { label: '/health samples while busy, in slices', value: hs.samples, unit: '' },
          { label: '/health samples while busy, at once', value: ha.samples, unit: '' },
          { label: '/health p50 idle, in slices', value: hs.idleP50, unit: 'ms' },
          { label: '/health p50 idle, at once', value: ha.idleP50, unit: 'ms' },
          { label: 'six polygons answered, in slices', value: hs.polygonsMs, unit: 'ms' },
          { label: 'six polygons answered, at once', value: ha.polygonsMs, unit: 'ms' },
          { label: "node thread's longest block meanwhile, in slices", value: hs.longestBlockMs, unit: 'ms' },
          { label: "node thread's longest block meanwhile, at once", value: ha.longestBlockMs, unit: 'ms' },
          { label: `area check of one 10,000-position ${shape} (node thread)`, value: shape === 'circle' ? areaCheckMs : zigzagCheckMs, unit: 'ms' },
        ],
      })),
    ];
  },
};
