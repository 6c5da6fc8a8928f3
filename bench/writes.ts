// Signed, audited record writes by the owner against plain INSERTs of the same rows. Tsunagu's path is the real
// one: POST /api/v1/datasets/persons/records on a node on loopback, each request signed by Nanao's key and verified,
// every draft validated against the model, one audit entry appended durably per request, then the versioned upsert.
// By default the client (building, serialising and signing the requests, verifying the answers) runs in a process
// of its own (`bench/write-client-process.ts`), as a real client would, so this process does only the node's work
// and its CPU time per 10,000 records is the node's; TSUNAGU_BENCH_WRITE_CLIENT=in-process runs the client in this
// process (the earlier figures), `both` runs the two in turn. TSUNAGU_BENCH_WRITES_PROFILE=DIR writes a CPU profile
// of this process over each HTTP run to DIR. The in-process part of that path (audit append + upsert, no HTTP) is
// measured too, to show where time goes. Baseline: multi-row INSERT … unnest of (id, data jsonb) into a bare table,
// in the same batches and transactions.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditEntryDraft } from '../src/audit/index.ts';
import type { FederationTarget } from '../src/federation/client.ts';
import { backendCpuMeter, taggedUrl, type BackendCpuMeter } from './backend-cpu.ts';
import { benchClient, startBenchNode, trust } from './bench-nodes.ts';
import { dropBenchSchema } from './bench-schemas.ts';
import { rate, sized, timed, type BenchContext, type BenchResult, type Benchmark, type Figure } from './harness.ts';
import type { RecordDraft } from '../src/model/index.ts';
import type { StoreConfig } from '../src/store/config.ts';
import { openPgliteDatabase } from '../src/store/pglite-client.ts';
import { openPostgresDatabase } from '../src/store/postgres-client.ts';
import type { SqlDatabase } from '../src/store/sql-client.ts';
import type { WriteClientCommand } from './write-client-process.ts';
import { forkRpc } from './child-process-rpc.ts';
import { batchesOf, cpuMsOf, inFlight, personDrafts as drafts, sendWrites, type WriteJob, type WriteRun } from './write-client.ts';

const GOAL = '≥ 10,000 signed, audited writes/s on PostgreSQL';
/** Records per request (the route takes up to 1,000) and requests in flight at once. */
const BATCH = 500;
const IN_FLIGHT = 4;
/** First synthetic person of each run, so no run rewrites another's records. */
const WARM_UP_FROM = 10_000_000;

export type WriteClientMode = 'process' | 'in-process';

function clientModes(env: NodeJS.ProcessEnv): WriteClientMode[] {
  const v = env.TSUNAGU_BENCH_WRITE_CLIENT ?? 'process';
  if (v === 'both') return ['process', 'in-process'];
  if (v === 'process' || v === 'in-process') return [v];
  throw new Error(`TSUNAGU_BENCH_WRITE_CLIENT must be process, in-process or both (got ${v})`);
}

/** The owner's client, wherever it runs. */
interface WriteClient {
  send(job: WriteJob): Promise<WriteRun>;
  close(): Promise<void>;
}

function inProcessClient(): WriteClient {
  const client = benchClient('nanao');
  return { send: (job) => sendWrites(client, job), close: async () => undefined };
}

const CLIENT_ENTRY = fileURLToPath(new URL('./write-client-process.ts', import.meta.url));

function processClient(): WriteClient {
  const rpc = forkRpc<WriteClientCommand>(CLIENT_ENTRY, 'write client process');
  return { send: (job) => rpc.call<WriteRun>({ type: 'write', job }), close: () => rpc.close() };
}

/** A CPU profile of this process (the node's) while `fn` runs, written to `dir` when one is given. */
async function profiled<T>(dir: string | undefined, name: string, fn: () => Promise<T>): Promise<T> {
  if (dir === undefined || dir === '') return fn();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

interface HttpRun {
  mode: WriteClientMode;
  ms: number;
  /** CPU of this process (the node, plus the client when it runs here) over the run. */
  nodeCpuMs: number;
  clientCpuMs: number;
  /** CPU of the node's PostgreSQL backends over the run; NaN where it cannot be read (PGlite, a remote server). */
  databaseCpuMs: number;
}

/**
 * Signed HTTP writes of `count` fresh persons from `from`, after uncounted warm-up requests (JIT of both processes,
 * the connection pool, prepared plans): as many as are in flight, of a full batch each.
 */
async function httpRun(
  mode: WriteClientMode,
  target: FederationTarget,
  from: number,
  count: number,
  warmFrom: number,
  database: BackendCpuMeter | undefined,
): Promise<HttpRun> {
  const client = mode === 'process' ? processClient() : inProcessClient();
  try {
    await client.send({ target, from: warmFrom, count: BATCH * IN_FLIGHT, batch: BATCH, inFlight: IN_FLIGHT });
    await database?.start();
    const cpu = process.cpuUsage();
    const run = await profiled(process.env.TSUNAGU_BENCH_WRITES_PROFILE, `writes-node-${mode}-${process.pid}`, () =>
      client.send({ target, from, count, batch: BATCH, inFlight: IN_FLIGHT }),
    );
    const nodeCpuMs = cpuMsOf(process.cpuUsage(cpu));
    const databaseCpuMs = database ? await database.stop() : Number.NaN;
    return { mode, ms: run.ms, nodeCpuMs, clientCpuMs: run.cpuMs, databaseCpuMs };
  } finally {
    await client.close();
  }
}

/** The entry the record-writes route appends for one request. */
function writeEntry(records: readonly RecordDraft<'person'>[], requestId: string): AuditEntryDraft {
  return {
    kind: 'access-decision',
    requester: trust.participants.nanao.id,
    purpose: 'record-maintenance',
    action: 'write',
    dataset: 'persons',
    fields: ['*'],
    recordCount: records.length,
    recordIds: records.map((r) => r.id),
    decision: 'allow',
    reasons: [{ code: 'NODE_RECORDS_WRITTEN', params: { count: records.length } }],
    requestId,
  };
}

async function rawDatabase(config: StoreConfig): Promise<SqlDatabase> {
  return config.backend === 'pglite' ? openPgliteDatabase(config.dataDir) : openPostgresDatabase(config);
}

/** CPU ms per 10,000 records. */
function per10k(ms: number, count: number): number {
  return (ms / count) * 10_000;
}

async function backendResults(
  ctx: BenchContext,
  backend: BenchContext['backends'][number],
  count: number,
  modes: readonly WriteClientMode[],
): Promise<BenchResult[]> {
  // The node's PostgreSQL backends are named, so their CPU is measured rather than guessed from the machine's.
  const tag = `tsunagu-writes-${process.pid}-node`;
  const given = backend.config();
  const config: StoreConfig = given.backend === 'postgres' ? { ...given, url: taggedUrl(given.url, tag) } : given;
  const node = await startBenchNode(config);
  let admin: SqlDatabase | undefined;
  try {
    let database: BackendCpuMeter | undefined;
    if (config.backend === 'postgres') {
      const { schema: _, ...server } = given as Extract<StoreConfig, { backend: 'postgres' }>;
      admin = await openPostgresDatabase({ ...server, maxConnections: 1 });
      database = backendCpuMeter(admin, tag);
    }
    // ——— signed HTTP writes, the client in another process and/or in this one ———
    const runs: HttpRun[] = [];
    for (const [k, mode] of modes.entries()) {
      runs.push(await httpRun(mode, node.target, (4 + k) * count, count, WARM_UP_FROM + k * BATCH * IN_FLIGHT, database));
    }
    const load = loadavg().map((l) => l.toFixed(2)).join(' ');

    // ——— the same path in process: one audit entry per batch, then the upsert ———
    const local = drafts(count, count);
    await database?.start();
    const inProcessCpu = process.cpuUsage();
    const inProcess = await timed(() =>
      inFlight(batchesOf(local, BATCH), IN_FLIGHT, async (records) => {
        const a = await node.log.append([writeEntry(records, `in-process-${records[0]!.id}`)]);
        if (!a.ok) throw new Error(JSON.stringify(a.problems));
        await node.store.upsert(records);
      }),
    );
    const inProcessCpuMs = cpuMsOf(process.cpuUsage(inProcessCpu));
    const inProcessDatabaseCpuMs = database ? await database.stop() : Number.NaN;
    const upsertOnly = drafts(2 * count, count);
    const upsertAlone = await timed(() => inFlight(batchesOf(upsertOnly, BATCH), IN_FLIGHT, async (records) => void (await node.store.upsert(records))));

    // ——— baseline: plain multi-row INSERTs of the same rows (PGlite is one connection: a second in-memory database) ———
    const plainConfig = backend.config();
    const plain = await rawDatabase(plainConfig);
    let baselineMs: number;
    try {
      await plain.exec('create table plain_persons (id text primary key, data jsonb not null)');
      const rows = drafts(3 * count, count);
      baselineMs = (
        await timed(() =>
          inFlight(batchesOf(rows, BATCH), IN_FLIGHT, async (b) => {
            await plain.transaction((tx) =>
              tx.query('insert into plain_persons (id, data) select * from unnest($1::text[], $2::jsonb[])', [b.map((d) => d.id), b.map((d) => JSON.stringify(d))]),
            );
          }),
        )
      ).ms;
      await plain.exec('drop table plain_persons');
    } finally {
      await plain.close();
      await dropBenchSchema(plainConfig).catch(() => undefined);
    }
    ctx.log(`${backend.name}: ${count.toLocaleString('en-US')} records in requests of ${BATCH}, ${IN_FLIGHT} in flight; load average ${load}`);
    const inProcessFigures: Figure[] = [
      { label: 'in process: audit append + upsert', value: rate(count, inProcess.ms), unit: 'records/s' },
      { label: 'in process: audit append + upsert, CPU per 10,000 records', value: per10k(inProcessCpuMs, count), unit: 'ms' },
      ...(Number.isNaN(inProcessDatabaseCpuMs)
        ? []
        : [{ label: 'in process: database backends CPU per 10,000 records', value: per10k(inProcessDatabaseCpuMs, count), unit: 'ms' }]),
      { label: 'in process: upsert alone', value: rate(count, upsertAlone.ms), unit: 'records/s' },
    ];
    return runs.map((run, k) => {
      const where = run.mode === 'process' ? 'client in another process' : 'client in the node process';
      const cpuLabel = run.mode === 'process' ? 'node process CPU per 10,000 records' : 'node + client process CPU per 10,000 records';
      return {
        benchmark: 'writes',
        backend: backend.name,
        size: count,
        tsunagu: { label: `signed HTTP write + validate + audit + versioned upsert (${where})`, value: rate(count, run.ms), unit: 'records/s' },
        baseline: { what: `plain INSERT … unnest (id, jsonb), ${BATCH} rows per transaction`, label: 'insert', value: rate(count, baselineMs), unit: 'rows/s' },
        ratio: run.ms / baselineMs,
        goal: GOAL,
        extra: [
          { label: cpuLabel, value: per10k(run.nodeCpuMs, count), unit: 'ms' },
          ...(run.mode === 'process' ? [{ label: 'client process CPU per 10,000 records', value: per10k(run.clientCpuMs, count), unit: 'ms' }] : []),
          ...(Number.isNaN(run.databaseCpuMs) ? [] : [{ label: 'database backends CPU per 10,000 records', value: per10k(run.databaseCpuMs, count), unit: 'ms' }]),
          { label: 'signed requests', value: rate(count / BATCH, run.ms), unit: 'requests/s' },
          ...(k === 0 ? inProcessFigures : []),
        ],
      };
    });
  } finally {
    await admin?.close().catch(() => undefined);
    await node.close();
    await dropBenchSchema(config).catch(() => undefined);
  }
}

export const writesBenchmark: Benchmark = {
  name: 'writes',
  description: 'signed, audited record writes by the owner vs plain INSERTs of the same rows',
  async run(ctx) {
    const count = sized(ctx.scale, { small: 5_000, medium: 50_000, large: 200_000 });
    const modes = clientModes(process.env);
    const results: BenchResult[] = [];
    for (const backend of ctx.backends) results.push(...(await backendResults(ctx, backend, count, modes)));
    return results;
  },
};
