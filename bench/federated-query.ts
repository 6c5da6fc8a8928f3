// A federated query over N real nodes on loopback against the raw SQL query of the same rows in ONE database.
// Each node (its own store and audit log) holds persons of Nanao City (10% of them in the queried area) under
// Nanao's real persons policy, with Ishikawa Prefecture's emergency declaration in force. By default each node runs
// in a process of its own (`bench/provider-process.ts`), the consumer in this one; TSUNAGU_BENCH_NODES=thread runs
// them all in this thread instead (the earlier figures), `both` runs the two in turn.
// Ishikawa asks every node at once (`federatedQuery`: signed requests, policy decision, durable audit entry, masked
// and signed answers, verified before use) for the persons in 172022 for life-saving, and follows each node's pages
// (1,000 records each, the API's maximum) until complete. Baseline: every person in one table, `select id, data
// … where area_code = '172022'` on the same backend. Load times are printed separately, and a breakdown of where
// the query's time goes: the providers' served time and CPU, the consumer's CPU, and its verification and shape
// check replayed alone on the answers of one run.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createFederationClient, type FederationClient, type FederationTarget } from '../src/federation/client.ts';
import { federatedQuery, nodeAnswerOf, type FederatedTarget } from '../src/federation/federated-query.ts';
import { requestSignatureOf } from '../src/trust/http-signatures/request-signature.ts';
import { verifyResponse } from '../src/trust/http-signatures/response-signature.ts';
import { MEMORY_DATA_DIR, type StoreConfig } from '../src/store/config.ts';
import { openPgliteDatabase } from '../src/store/pglite-client.ts';
import { openPostgresDatabase } from '../src/store/postgres-client.ts';
import type { SqlDatabase } from '../src/store/sql-client.ts';
import { backendCpuMeter, taggedUrl, type BackendCpuMeter } from './backend-cpu.ts';
import { dropBenchSchema } from './bench-schemas.ts';
import { benchClient, startBenchNode, trust } from './bench-nodes.ts';
import { LOAD_BATCH, loadPersons, personOf, QUERIED_AREA } from './federated-persons.ts';
import { percentile, rate, sized, timed, type BenchContext, type BenchResult, type Benchmark, type Figure } from './harness.ts';
import type { ProviderCommand, ProviderStats } from './provider-process.ts';
import { forkRpc } from './child-process-rpc.ts';

const GOAL = '≤ 1.5× the raw SQL query, p95 < 1 s (20 nodes, 1,000,000 persons, 10% in the area)';
const AREA = QUERIED_AREA;
const PAGE = 1000;

export type NodeMode = 'process' | 'thread';

/** A provider node as the benchmark drives it, wherever it runs. */
interface Provider {
  target: FederationTarget;
  load(n: number, perNode: number): Promise<void>;
  /** Served time so far; `cpuMs` is the node's own process CPU (NaN for a node in this thread). */
  stats(): Promise<ProviderStats>;
  close(): Promise<void>;
}

async function startThreadProvider(config: StoreConfig): Promise<Provider> {
  const node = await startBenchNode(config);
  return {
    target: node.target,
    load: (n, perNode) => loadPersons(node.store, n, perNode),
    stats: async () => ({ served: node.served(), cpuMs: Number.NaN }),
    close: () => node.close(),
  };
}

const PROVIDER_ENTRY = fileURLToPath(new URL('./provider-process.ts', import.meta.url));

async function startProcessProvider(config: StoreConfig): Promise<Provider> {
  const rpc = forkRpc<ProviderCommand>(PROVIDER_ENTRY, 'provider process');
  try {
    const target = await rpc.call<FederationTarget>({ type: 'start', config });
    return {
      target,
      load: (n, perNode) => rpc.call<void>({ type: 'load', node: n, perNode }),
      stats: () => rpc.call<ProviderStats>({ type: 'stats' }),
      close: () => rpc.close(),
    };
  } catch (e) {
    rpc.kill();
    throw e;
  }
}

/** Ishikawa's query over every node, each node's pages followed until it has none left; the records received. */
async function queryAll(targets: readonly FederatedTarget[], deadlineMs: number, client: FederationClient = ishikawa): Promise<{ rows: number; requests: number }> {
  const params = { purpose: 'life-saving', area: [AREA], limit: PAGE };
  const first = await federatedQuery({ client, targets, dataset: 'persons', params, deadlineMs });
  if (!first.complete) throw new Error(`nodes missing: ${JSON.stringify(first.missing.slice(0, 3))}`);
  let rows = 0;
  let requests = targets.length;
  await Promise.all(
    first.results.map(async (r) => {
      rows += r.value.items.length;
      let next = r.value.next;
      while (next !== undefined) {
        const page = await federatedQuery({ client, targets: [r.target], dataset: 'persons', params: { ...params, after: next }, deadlineMs });
        const answer = page.results[0];
        if (!page.complete || answer === undefined) throw new Error(`a page went missing: ${JSON.stringify(page.missing)}`);
        requests++;
        rows += answer.value.items.length;
        next = answer.value.next;
      }
    }),
  );
  return { rows, requests };
}

const ishikawa = benchClient('ishikawa');

/** One exchange as the consumer saw it: its request signature and the answer's bytes, kept to replay the checks. */
interface Exchange {
  provider: string;
  requestSignature: string;
  status: number;
  headers: Headers;
  bytes: Uint8Array;
  /** From sending the request to the answer's last byte. */
  fetchMs: number;
}

/** Ishikawa's client with a fetch that keeps every exchange (used for one extra run, never for the timed ones). */
function recordingClient(exchanges: Exchange[]): FederationClient {
  const recordingFetch: typeof fetch = async (input, init) => {
    const started = performance.now();
    const response = await fetch(input, init);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const fetchMs = performance.now() - started;
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const provider = response.headers.get('tsunagu-responder') ?? '';
    exchanges.push({ provider, requestSignature: requestSignatureOf(headers) ?? '', status: response.status, headers: response.headers, bytes, fetchMs });
    return new Response(bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return createFederationClient({ signer: trust.signers.ishikawa, credential: trust.credentials.ishikawa, registry: trust.registry, fetch: recordingFetch });
}

/** The consumer's checks of the recorded answers, replayed alone: signature verification, JSON parse, shape check. */
function replayChecks(exchanges: readonly Exchange[]): { verifyMs: number; parseMs: number; validateMs: number } {
  let verifyMs = 0;
  let parseMs = 0;
  let validateMs = 0;
  const now = new Date();
  for (const x of exchanges) {
    let t = performance.now();
    const verified = verifyResponse({ status: x.status, headers: x.headers, body: x.bytes }, { requestSignature: x.requestSignature, provider: x.provider, registry: trust.registry, now });
    verifyMs += performance.now() - t;
    if (!verified.ok) throw new Error(`a recorded answer did not verify: ${JSON.stringify(verified.problems[0])}`);
    t = performance.now();
    const body: unknown = JSON.parse(new TextDecoder().decode(x.bytes));
    parseMs += performance.now() - t;
    t = performance.now();
    nodeAnswerOf({ ok: true, status: x.status, body, headers: x.headers, verified: verified.value }, 'life-saving');
    validateMs += performance.now() - t;
  }
  return { verifyMs, parseMs, validateMs };
}

/** CPU busy time of the whole machine so far (Linux /proc/stat; NaN elsewhere), in milliseconds. */
function machineBusyMs(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const all = fields.slice(0, 8).reduce((x, y) => x + y, 0);
    return ((all - idle) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return Number.NaN;
  }
}

function cpuMsOf(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1000;
}

/** The baseline: all persons in one plain table with an area index, loaded with the same payloads. */
async function baselineDatabase(config: StoreConfig, nodes: number, perNode: number): Promise<{ db: SqlDatabase; loadMs: number }> {
  const db = config.backend === 'pglite' ? await openPgliteDatabase(config.dataDir) : await openPostgresDatabase(config);
  await db.exec('create table plain_persons (id text primary key, area_code text not null, data jsonb not null); create index plain_persons_area on plain_persons (area_code)');
  const { ms } = await timed(async () => {
    for (let n = 0; n < nodes; n++) {
      for (let start = 0; start < perNode; start += LOAD_BATCH) {
        const batch = Array.from({ length: Math.min(LOAD_BATCH, perNode - start) }, (_, k) => personOf(n, start + k, perNode));
        const rows = JSON.stringify(batch.map((d) => ({ id: d.id, area_code: d.data.areaCode, data: d.data })));
        await db.query('insert into plain_persons (id, area_code, data) select * from jsonb_to_recordset($1::jsonb) as r(id text, area_code text, data jsonb)', [rows]);
      }
    }
  });
  await db.exec('analyze plain_persons');
  return { db, loadMs: ms };
}

async function series(runs: number, fn: () => Promise<number>, warmUp = true): Promise<{ p50: number; p95: number; rows: number }> {
  let rows = warmUp ? await fn() : 0;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await timed(fn);
    times.push(r.ms);
    rows = r.value;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), rows };
}

async function backendResults(
  ctx: BenchContext,
  backend: BenchContext['backends'][number],
  sizes: { nodes: number; total: number; runs: number },
  mode: NodeMode,
): Promise<BenchResult> {
  const perNode = Math.floor(sizes.total / sizes.nodes);
  const total = perNode * sizes.nodes;
  const dirs: string[] = [];
  const configs: StoreConfig[] = [];
  // PostgreSQL backends are named by role, so their CPU is measured rather than inferred from the machine's.
  const tag = (role: 'node' | 'raw') => `tsunagu-fedq-${process.pid}-${role}`;
  // PGlite on disk at large scale: twenty in-memory databases of 50,000 persons each would hold gigabytes of
  // WebAssembly heap. Smaller runs stay in memory, which starts much faster.
  const onDisk = total > 200_000;
  const configOf = (role: 'node' | 'raw' = 'node'): StoreConfig => {
    // A few connections per node: twenty nodes with the default pool of ten would exceed max_connections (100).
    if (backend.name !== 'pglite') {
      const given = backend.config() as Extract<StoreConfig, { backend: 'postgres' }>;
      const config: StoreConfig = { ...given, url: taggedUrl(given.url, tag(role)), maxConnections: 4 };
      configs.push(config);
      return config;
    }
    if (!onDisk) return { backend: 'pglite', dataDir: MEMORY_DATA_DIR };
    const dir = mkdtempSync(path.join(tmpdir(), 'tsunagu-fedq-bench-'));
    dirs.push(dir);
    return { backend: 'pglite', dataDir: dir };
  };
  const nodes: Provider[] = [];
  let baseline: SqlDatabase | undefined;
  let admin: SqlDatabase | undefined;
  const where = mode === 'process' ? 'one process per node' : 'all nodes in the consumer thread';
  try {
    const started = await timed(async () => {
      if (mode === 'thread') {
        for (let n = 0; n < sizes.nodes; n++) nodes.push(await startThreadProvider(configOf()));
        return;
      }
      // Started four at a time: each child compiles and opens its store, and there are only two cores.
      const pending = Array.from({ length: sizes.nodes }, () => configOf());
      const slots: (Provider | undefined)[] = [];
      let next = 0;
      await Promise.all(Array.from({ length: 4 }, async () => {
        while (next < pending.length) {
          const n = next++;
          slots[n] = await startProcessProvider(pending[n]!);
        }
      })).finally(() => nodes.push(...slots.filter((x): x is Provider => x !== undefined)));
    });
    const loaded = await timed(async () => {
      // Two nodes load at a time (one per core); PGlite in this thread runs one at a time anyway.
      const parallel = backend.name === 'pglite' && mode === 'thread' ? 1 : 2;
      let next = 0;
      await Promise.all(Array.from({ length: parallel }, async () => {
        while (next < nodes.length) {
          const n = next++;
          await nodes[n]!.load(n, perNode);
        }
      }));
    });
    ctx.log(`${backend.name}, ${where}: ${sizes.nodes} nodes started in ${(started.ms / 1000).toFixed(1)} s; ${total.toLocaleString('en-US')} persons loaded through store.upsert in ${(loaded.ms / 1000).toFixed(1)} s (${Math.round(rate(total, loaded.ms)).toLocaleString('en-US')}/s)`);
    const base = await baselineDatabase(configOf('raw'), sizes.nodes, perNode);
    baseline = base.db;
    ctx.log(`${backend.name}: baseline table of ${total.toLocaleString('en-US')} persons loaded in ${(base.loadMs / 1000).toFixed(1)} s`);

    let nodesDb: BackendCpuMeter | undefined;
    let rawDb: BackendCpuMeter | undefined;
    if (backend.name === 'postgres') {
      const { schema: _, ...server } = backend.config() as Extract<StoreConfig, { backend: 'postgres' }>;
      admin = await openPostgresDatabase({ ...server, maxConnections: 1 });
      nodesDb = backendCpuMeter(admin, tag('node'));
      rawDb = backendCpuMeter(admin, tag('raw'));
    }
    const targets: FederatedTarget[] = nodes.map((n) => ({ participantId: n.target.participantId, nodeUrl: n.target.url }));
    let requests = 0;
    // The warm-up run is not timed, so the served time and CPU are taken around the timed runs only.
    await queryAll(targets, 60_000);
    const before = await Promise.all(nodes.map((n) => n.stats()));
    await nodesDb?.start();
    const consumerBefore = process.cpuUsage();
    const machineBefore = machineBusyMs();
    const loadBefore = loadavg()[0]!;
    const ours = await series(sizes.runs, async () => {
      const r = await queryAll(targets, 60_000);
      requests = r.requests;
      return r.rows;
    }, false);
    const consumerCpuMs = cpuMsOf(process.cpuUsage(consumerBefore)) / sizes.runs;
    const machineCpuMs = (machineBusyMs() - machineBefore) / sizes.runs;
    const nodesDbCpuMs = nodesDb ? (await nodesDb.stop()) / sizes.runs : Number.NaN;
    ctx.log(`load average (1 min) ${loadBefore.toFixed(1)} before the timed runs, ${loadavg()[0]!.toFixed(1)} after`);
    const after = await Promise.all(nodes.map((n) => n.stats()));
    const servedPerNode = after.map((a, i) => (a.served.ms - before[i]!.served.ms) / sizes.runs);
    const providersCpuMs = after.reduce((sum, a, i) => sum + (a.cpuMs - before[i]!.cpuMs), 0) / sizes.runs;
    const servedMs = servedPerNode.reduce((x, y) => x + y, 0);
    const slowestNodeMs = Math.max(...servedPerNode);

    // One more run through a recording client: what the transfer took, and the consumer's checks replayed alone.
    const exchanges: Exchange[] = [];
    await queryAll(targets, 60_000, recordingClient(exchanges));
    const fetchMs = exchanges.reduce((sum, x) => sum + x.fetchMs, 0);
    const checks = replayChecks(exchanges);

    const db = baseline;
    const rawQuery = async () => (await db.query<unknown>('select id, data from plain_persons where area_code = $1', [AREA])).rows.length;
    await rawQuery(); // warm-up, outside the CPU figures
    await rawDb?.start();
    const rawClientBefore = process.cpuUsage();
    const raw = await series(sizes.runs, rawQuery, false);
    const rawClientCpuMs = cpuMsOf(process.cpuUsage(rawClientBefore)) / sizes.runs;
    const rawDbCpuMs = rawDb ? (await rawDb.stop()) / sizes.runs : Number.NaN;
    if (raw.rows !== ours.rows) throw new Error(`rows differ: federated ${ours.rows}, raw SQL ${raw.rows}`);
    const breakdown: Figure[] = [
      { label: 'providers: served time, all nodes summed, per query', value: servedMs, unit: 'ms' },
      { label: 'providers: served time of the busiest node, per query', value: slowestNodeMs, unit: 'ms' },
      ...(mode === 'process' ? [{ label: 'providers: CPU of their processes, summed, per query', value: providersCpuMs, unit: 'ms' }] : []),
      { label: `consumer: CPU of this process${mode === 'thread' ? ' (providers included)' : ''}, per query`, value: consumerCpuMs, unit: 'ms' },
      ...(nodesDb ? [{ label: "providers: their PostgreSQL backends' CPU, summed, per query", value: nodesDbCpuMs, unit: 'ms' }] : []),
      { label: 'machine: CPU busy, all processes (PostgreSQL and other work included), per query', value: machineCpuMs, unit: 'ms' },
      { label: 'consumer: request sent → last byte received, summed over requests (overlapping)', value: fetchMs, unit: 'ms' },
      { label: 'consumer: response signature verification, replayed', value: checks.verifyMs, unit: 'ms' },
      { label: 'consumer: JSON parse of the answers, replayed', value: checks.parseMs, unit: 'ms' },
      { label: 'consumer: shape and terms check (nodeAnswerOf), replayed', value: checks.validateMs, unit: 'ms' },
      ...(rawDb ? [{ label: "raw SQL: its PostgreSQL backend's CPU, per query", value: rawDbCpuMs, unit: 'ms' }] : []),
      { label: 'raw SQL: CPU of this process (node-postgres reading the rows), per query', value: rawClientCpuMs, unit: 'ms' },
    ];
    for (const f of breakdown) ctx.log(`  ${f.label}: ${f.value.toFixed(0)} ${f.unit}`);
    return {
      benchmark: 'federated-query',
      backend: `${backend.name === 'pglite' ? `pglite (${onDisk ? 'disk' : 'memory'}, one database per node)` : `${backend.name} (one schema per node)`}, ${where}`,
      size: total,
      tsunagu: { label: `${sizes.nodes} nodes, ${ours.rows.toLocaleString('en-US')} records in ${requests} signed pages, p50`, value: ours.p50, unit: 'ms' },
      baseline: { what: 'raw SQL in one database (select id, data where area_code = …), p50', label: 'raw', value: raw.p50, unit: 'ms' },
      ratio: ours.p50 / raw.p50,
      goal: GOAL,
      extra: [
        { label: 'tsunagu p95', value: ours.p95, unit: 'ms' },
        { label: 'raw SQL p95', value: raw.p95, unit: 'ms' },
        { label: 'ratio at p95', value: ours.p95 / raw.p95, unit: '×' },
        { label: 'records received', value: ours.rows / (ours.p50 / 1000), unit: 'records/s' },
        ...breakdown,
        { label: 'load through store.upsert (all nodes)', value: rate(total, loaded.ms), unit: 'persons/s' },
        { label: 'baseline load (plain INSERT … jsonb_to_recordset)', value: rate(total, base.loadMs), unit: 'rows/s' },
      ],
    };
  } finally {
    await Promise.all(nodes.map((n) => n.close().catch(() => undefined)));
    await baseline?.close().catch(() => undefined);
    await admin?.close().catch(() => undefined);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    for (const c of configs) await dropBenchSchema(c).catch(() => undefined);
  }
}

/** Where the nodes run: TSUNAGU_BENCH_NODES=process (default), thread, or both in turn. */
function nodeModes(env: NodeJS.ProcessEnv): NodeMode[] {
  const v = env.TSUNAGU_BENCH_NODES ?? 'process';
  if (v === 'both') return ['process', 'thread'];
  if (v === 'process' || v === 'thread') return [v];
  throw new Error(`TSUNAGU_BENCH_NODES must be process, thread or both (got ${v})`);
}

export const federatedQueryBenchmark: Benchmark = {
  name: 'federated-query',
  description: 'fan-out query over N real nodes (signed, decided, audited, paged) vs raw SQL on the same rows in one database',
  async run(ctx) {
    const sizes = {
      nodes: sized(ctx.scale, { small: 4, medium: 10, large: 20 }),
      total: sized(ctx.scale, { small: 100_000, medium: 200_000, large: 1_000_000 }),
      runs: sized(ctx.scale, { small: 5, medium: 5, large: 5 }),
    };
    const results: BenchResult[] = [];
    for (const backend of ctx.backends) {
      for (const mode of nodeModes(process.env)) results.push(await backendResults(ctx, backend, sizes, mode));
    }
    return results;
  },
};
