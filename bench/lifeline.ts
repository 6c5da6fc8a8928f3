
// The lives-to-save list over 20 real nodes on loopback, against the raw SQL query of the same rows in one database.
// Twenty participants of one trust list (Nanao City and 19 clinics and care providers, each its own store, audit log
// and key, in this process) hold N person records of Nanao City between them; a fifth of the records are a second
// register's record of a person already on another node (written with full-width digits, the given name in kana).
// Nanao's lifeline service runs the list for its emergency declaration: catalogs, signed paged queries for
// life-saving to every node (decided, audited, masked, signed, verified, copies kept under the terms), entity
// resolution and priority. Baseline: every record in one plain table, `select id, data … where area_code = …`.
import { mkdtempSync, rmSync } from 'node:fs';
import { freePorts } from '../src/node/free-ports.ts';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gatherPersons } from '../src/apps/lifeline/gather.ts';
import { DEFAULT_PRIORITY_WEIGHTS, prioritize, resolvePersons } from '../src/apps/lifeline/index.ts';
import { createLifelineService } from '../src/apps/lifeline/service.ts';
import { createFederationClient, type FederationClient } from '../src/federation/client.ts';
import { discoverNodes } from '../src/federation/discovery.ts';
import { createMemoryReplayGuard } from '../src/node/request-verification/replay-guard.ts';
import { areaCode, type AreaCode, type Participant, type ParticipantRole, type RecordDraft } from '../src/model/index.ts';
import { lifelineApplication } from '../src/apps/lifeline/application.ts';
import { standaloneApplicationContext } from '../src/node/application/standalone-context.ts';
import { builtInPolicies } from '../src/node/node-policies.ts';
import { buildNodeServer } from '../src/node/server.ts';
import { nanaoPersonsPolicyDocument, parsePolicy } from '../src/policy/index.ts';
import { MEMORY_DATA_DIR, type StoreConfig } from '../src/store/config.ts';
import { openStore } from '../src/store/open-store.ts';
import { openPgliteDatabase } from '../src/store/pglite-client.ts';
import { openPostgresDatabase } from '../src/store/postgres-client.ts';
import type { SqlDatabase } from '../src/store/sql-client.ts';
import { credentialFor, signCredential } from '../src/trust/credential.ts';
import { signDeclaration, verifyDeclaration } from '../src/trust/declaration.ts';
import { createSigner, type NodeSigner } from '../src/trust/keys.ts';
import { testKeys } from '../src/trust/test-fixtures.ts';
import { signTrustList } from '../src/trust/trust-list.ts';
import { createTrustRegistry } from '../src/trust/trust-registry.ts';
import type { VerifiedDeclaration } from '../src/trust/verified.ts';
import { percentile, rate, sized, timed, type BenchContext, type BenchResult, type Benchmark } from './harness.ts';
import { syntheticPersonPayload, syntheticPersonRecord } from './person-records.ts';
import { unit, SPREAD } from './spread-persons.ts';

export const NODES = 20;
export const AREA = '172022';
const DAY = 86_400_000;
const LOAD_BATCH = 5_000;
/** Records beyond which PGlite databases live on disk. */
const ON_DISK_ABOVE = 200_000;
const GOAL = 'a run over 20 nodes and 100,000 persons (query + resolution + priority) in < 30 s on a laptop';

interface BenchParticipant {
  id: string;
  role: ParticipantRole;
  name: { ja: string; en: string };
  signer: NodeSigner;
  participant: Participant;
}

/** Person `p` as register `variant` writes them: the second register writes digits full-width and the given name in kana. */
function personRecord(p: number, recordId: string, owner: string, variant: boolean): RecordDraft<'person'> {
  const base = syntheticPersonRecord(p);
  // Spread over the peninsula rather than around one town centre, so the resolver's spatial blocks stay small.
  const lon = SPREAD.west + unit(p, 1) * (SPREAD.east - SPREAD.west);
  const lat = SPREAD.south + unit(p, 2) * (SPREAD.north - SPREAD.south);
  const { version: _v, recordedAt: _r, ...draft } = base;
  return {
    ...draft,
    id: recordId,
    sourceNode: owner,
    data: {
      ...syntheticPersonPayload(p, variant ? ['full-width', 'kana-given-name'] : []),
      safety: base.data.safety,
      location: { type: 'Point', coordinates: [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6] },
    },
  };
}

/** Record r of N: the first 80% are persons of their own, the rest a second register's record of one of them. */
function recordOf(r: number, total: number, ids: readonly string[]): { node: number; draft: RecordDraft<'person'> } {
  const unique = Math.floor(total * 0.8);
  if (r < unique) {
    const node = r % NODES;
    return { node, draft: personRecord(r, `rec-${String(r).padStart(7, '0')}`, ids[node]!, false) };
  }
  const p = Math.floor(unit(r, 9) * unique);
  const node = (p % NODES + 1 + (r % (NODES - 1))) % NODES;
  return { node, draft: personRecord(p, `rec-${String(r).padStart(7, '0')}`, ids[node]!, true) };
}

/** A trust list of the 20 participants at these ports, signed by a national anchor that also declares. */
function benchTrust(ports: readonly number[], now: Date) {
  const party = (id: string, role: ParticipantRole, name: { ja: string; en: string }, jurisdiction: string[], url?: string): BenchParticipant => {
    const keys = testKeys(id);
    const participant: Participant = {
      id,
      name,
      role,
      jurisdiction: jurisdiction as Participant['jurisdiction'],
      ...(url ? { nodeUrl: url } : {}),
      keys: [{ kid: keys.kid, alg: 'Ed25519', publicKey: keys.publicKey }],
    };
    return { id, role, name, signer: createSigner(id, keys), participant };
  };
  const anchor = party('jp-bench-anchor', 'national-agency', { ja: 'ベンチマーク用アンカー', en: 'Benchmark anchor' }, ['JP']);
  const nodes = ports.map((port, i) =>
    i === 0
      ? party('jp-172022-nanao-city', 'municipality', { ja: '七尾市', en: 'Nanao City' }, [AREA], `http://127.0.0.1:${port}/`)
      : party(`jp-172022-bench-provider-${String(i).padStart(2, '0')}`, i % 2 === 0 ? 'care-provider' : 'dialysis-clinic', { ja: `事業者${i}（架空）`, en: `Provider ${i} (fictional)` }, [AREA], `http://127.0.0.1:${port}/`),
  );
  const iso = (delta: number) => new Date(now.getTime() + delta).toISOString();
  const list = signTrustList(
    {
      id: 'jp-bench-trust-list',
      anchor: anchor.participant,
      issuedAt: iso(-DAY),
      nextUpdate: iso(30 * DAY),
      entries: [anchor, ...nodes].map((p) => ({ participant: p.participant, status: 'active' as const, validFrom: iso(-DAY), validUntil: iso(365 * DAY) })),
    },
    anchor.signer,
    new Date(now.getTime() - DAY),
  );
  const build = createTrustRegistry({ anchors: [{ anchorId: anchor.id, trustListId: 'jp-bench-trust-list', keys: anchor.participant.keys }] }, [list], now);
  const credentials = new Map(
    nodes.map((p) => [p.id, signCredential(credentialFor(p.participant, anchor.id, { id: `cred-${p.id}`, issuedAt: iso(-DAY), expiresAt: iso(180 * DAY) }), anchor.signer, new Date(now.getTime() - DAY))]),
  );
  const signed = signDeclaration(
    { id: 'decl-bench-noto', issuer: anchor.id, hazard: 'earthquake', phase: 'emergency', areas: [areaCode(AREA)], title: { ja: '能登半島地震（ベンチマーク）', en: 'Noto earthquake (benchmark)' }, issuedAt: iso(-3_600_000), expiresAt: iso(7 * DAY) },
    anchor.signer,
    new Date(now.getTime() - 3_600_000),
  );
  const declaration = verifyDeclaration(signed, build.registry, now);
  if (!declaration.ok) throw new Error(`bench declaration: ${JSON.stringify(declaration.problems)}`);
  return { registry: build.registry, nodes, credentials, declaration: declaration.value };
}

function personsPolicy(owner: BenchParticipant) {
  const doc = JSON.parse(JSON.stringify(nanaoPersonsPolicyDocument)) as { id: string; owner: string };
  doc.id = `${owner.id}-persons`;
  doc.owner = owner.id;
  const parsed = parsePolicy(doc);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return { policy: parsed.value, source: 'bench' };
}

async function startNode(config: StoreConfig, p: BenchParticipant, port: number, trust: ReturnType<typeof benchTrust>, emergency: VerifiedDeclaration) {
  const store = await openStore(config);
  const opened = await store.audit.open({ signer: p.signer });
  if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
  const app = await buildNodeServer({
    store,
    participantId: p.id,
    auditLog: opened.log,
    policies: [personsPolicy(p), ...builtInPolicies(p.id)],
    declarations: () => [emergency],
    dataAreas: [areaCode(AREA)],
    federation: { registry: trust.registry, replayGuard: createMemoryReplayGuard({ maxEntries: 1_000_000 }), signer: p.signer, credentialById: (id) => trust.credentials.get(id) },
  });
  await app.listen({ port, host: '127.0.0.1' });
  return {
    store,
    log: opened.log,
    async close() {
      await app.close();
      await opened.log.close().catch(() => undefined);
      await store.close();
    },
  };
}

/** The baseline: every record in one plain table indexed by area code, as a single database would hold them. */
async function loadPlainPersons(db: SqlDatabase, byNode: readonly RecordDraft<'person'>[][]): Promise<void> {
  await db.exec('create table plain_persons (id text primary key, area_code text not null, data jsonb not null); create index plain_persons_area on plain_persons (area_code)');
  for (const drafts of byNode) {
    for (let s = 0; s < drafts.length; s += LOAD_BATCH) {
      const batch = drafts.slice(s, s + LOAD_BATCH);
      await db.query('insert into plain_persons (id, area_code, data) select * from unnest($1::text[], $2::text[], $3::jsonb[])', [
        batch.map((d) => `${d.sourceNode}/${d.id}`),
        batch.map((d) => d.data.areaCode),
        batch.map((d) => JSON.stringify(d.data)),
      ]);
    }
  }
  await db.exec('analyze plain_persons');
}

export async function series<T>(runs: number, fn: () => Promise<T>): Promise<{ p50: number; p95: number; last: T }> {
  let last: T = await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await timed(fn);
    times.push(r.ms);
    last = r.value as T;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), last };
}

/** Twenty nodes started and loaded with `total` person records, and the baseline database holding the same rows. */
export interface BenchFederation {
  trust: ReturnType<typeof benchTrust>;
  nodes: Awaited<ReturnType<typeof startNode>>[];
  /** The baseline: the same records in one plain table (`plain_persons`). */
  db: SqlDatabase;
  /** Nanao City's federation client (the first node, the one that asks). */
  client: FederationClient;
}

/** Start the federation for one backend, run `fn` on it, and close everything whatever happens. */
export async function withBenchFederation<T>(ctx: BenchContext, backend: BenchContext['backends'][number], total: number, fn: (f: BenchFederation) => Promise<T>): Promise<T> {
  const dirs: string[] = [];
  // PGlite in memory (twenty databases start in seconds; 100,000 records fit), on disk beyond 200,000 records.
  const configOf = (): StoreConfig => {
    if (backend.name !== 'pglite') return backend.config();
    if (total <= ON_DISK_ABOVE) return { backend: 'pglite', dataDir: MEMORY_DATA_DIR };
    const dir = mkdtempSync(path.join(tmpdir(), 'tsunagu-lifeline-bench-'));
    dirs.push(dir);
    return { backend: 'pglite', dataDir: dir };
  };
  const ports = await freePorts('127.0.0.1', NODES);
  const now = new Date();
  const trust = benchTrust(ports, now);
  const ids = trust.nodes.map((n) => n.id);
  const nodes: Awaited<ReturnType<typeof startNode>>[] = [];
  let baseline: SqlDatabase | undefined;
  try {
    const started = await timed(async () => {
      for (const [i, p] of trust.nodes.entries()) nodes.push(await startNode(configOf(), p, ports[i]!, trust, trust.declaration));
    });
    const byNode: RecordDraft<'person'>[][] = Array.from({ length: NODES }, () => []);
    for (let r = 0; r < total; r++) {
      const { node, draft } = recordOf(r, total, ids);
      byNode[node]!.push(draft);
    }
    const loaded = await timed(async () => {
      for (const [i, drafts] of byNode.entries()) for (let s = 0; s < drafts.length; s += LOAD_BATCH) await nodes[i]!.store.upsert(drafts.slice(s, s + LOAD_BATCH));
    });
    ctx.log(`${backend.name}: ${NODES} nodes started in ${(started.ms / 1000).toFixed(1)} s; ${total.toLocaleString('en-US')} records loaded in ${(loaded.ms / 1000).toFixed(1)} s`);

    const baseConfig = configOf();
    const db = baseConfig.backend === 'pglite' ? await openPgliteDatabase(baseConfig.dataDir) : await openPostgresDatabase(baseConfig);
    baseline = db;
    await loadPlainPersons(db, byNode);

    const nanao = trust.nodes[0]!;
    const client = createFederationClient({ signer: nanao.signer, credential: trust.credentials.get(nanao.id)!, registry: trust.registry });
    return await fn({ trust, nodes, db, client });
  } finally {
    for (const n of nodes) await n.close().catch(() => undefined);
    await baseline?.close().catch(() => undefined);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

async function backendResults(ctx: BenchContext, backend: BenchContext['backends'][number], total: number, runs: number): Promise<BenchResult> {
  return withBenchFederation(ctx, backend, total, async ({ trust, nodes, db, client }) => {
    const nanao = trust.nodes[0]!;
    const context = await standaloneApplicationContext(lifelineApplication(), {
      participantId: nanao.id,
      name: nanao.name,
      store: nodes[0]!.store,
      auditLog: nodes[0]!.log,
      client,
      peers: () => discoverNodes(trust.registry, { now: new Date() }),
      declarations: () => [trust.declaration],
    });
    const service = createLifelineService(context, { deadlineMs: 600_000, runCapacity: 2 });
    const ours = await series(runs, async () => {
      const r = await service.startRun({ declarationId: 'decl-bench-noto' });
      if (!r.ok) throw new Error(JSON.stringify(r.problem));
      if (r.value.missing.length > 0) throw new Error(`nodes missing: ${JSON.stringify(r.value.missing.slice(0, 3))}`);
      return r.value;
    });
    const run = ours.last;
    if (run.records.length !== total) throw new Error(`records differ: run ${run.records.length}, loaded ${total}`);
    const raw = await series(runs, async () => (await db.query('select id, data from plain_persons where area_code = $1', [AREA])).rows.length);
    if (raw.last !== total) throw new Error(`raw SQL rows ${raw.last}, loaded ${total}`);

    const withoutCopies = createLifelineService(context, { deadlineMs: 600_000, runCapacity: 1, keepCopies: false });
    const lean = await timed(() => withoutCopies.startRun({ declarationId: 'decl-bench-noto' }));
    // The parts of one run, timed apart: gathering alone (no copies kept), resolution, priority.
    const gathered = await timed(() =>
      gatherPersons({ federation: context.federation, peers: context.peers(), keepCopies: false, area: { areas: [areaCode(AREA) as AreaCode] }, deadlineMs: 600_000, now: () => new Date() }),
    );
    const resolved = await timed(() => resolvePersons(gathered.value.persons, []));
    const prioritised = await timed(() => {
      for (const p of resolved.value.persons) prioritize(p, { now: new Date(), declarationStart: trust.declaration.declaration.issuedAt, weights: DEFAULT_PRIORITY_WEIGHTS });
    });
    const truePersons = Math.floor(total * 0.8);
    return {
      benchmark: 'lifeline',
      backend: backend.name === 'pglite' ? `pglite (${total <= ON_DISK_ABOVE ? 'memory' : 'disk'})` : backend.name,
      size: total,
      tsunagu: { label: `run over ${NODES} nodes (catalogs, signed paged queries, copies, resolution, priority) → ${run.persons.length.toLocaleString('en-US')} persons, p50`, value: ours.p50, unit: 'ms' },
      baseline: { what: 'raw SQL in one database (select id, data where area_code = …), p50', label: 'raw', value: raw.p50, unit: 'ms' },
      ratio: ours.p50 / raw.p50,
      goal: GOAL,
      extra: [
        { label: 'run p95', value: ours.p95, unit: 'ms' },
        { label: 'run without keeping copies', value: lean.ms, unit: 'ms' },
        { label: 'gathering only (no copies kept)', value: gathered.ms, unit: 'ms' },
        { label: 'resolution', value: resolved.ms, unit: 'ms' },
        { label: 'priority', value: prioritised.ms, unit: 'ms' },
        { label: `persons found (true persons ${truePersons.toLocaleString('en-US')})`, value: run.persons.length, unit: 'persons' },
        { label: 'pairs left for review', value: run.review.length, unit: 'pairs' },
        { label: 'comparisons', value: resolved.value.stats?.comparisons ?? 0, unit: 'pairs' },
        { label: 'records per second through the whole run', value: rate(total, ours.p50), unit: 'records/s' },
      ],
    };
  });
}

export const lifelineBenchmark: Benchmark = {
  name: 'lifeline',
  description: 'lives-to-save run over 20 real nodes (query + resolution + priority) vs raw SQL on the same rows in one database',
  async run(ctx) {
    const total = sized(ctx.scale, { small: 5_000, medium: 20_000, large: 100_000 });
    const runs = sized(ctx.scale, { small: 3, medium: 3, large: 1 });
    const results: BenchResult[] = [];
    for (const backend of ctx.backends) results.push(await backendResults(ctx, backend, total, runs));
    return results;
  },
};
