// Starts the Noto 2024 demo federation in one process: one Fastify node per participant on consecutive loopback
// ports, each with its own embedded database, audit log and key, holding its own data — real shelter open data for
// the authorities, synthetic persons for the cities, the clinic and the care provider.
import { readdir, readFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { applyImport, type InputFile } from '../adapters/apply-import.ts';
import { gsiSheltersImporter } from '../adapters/gsi-shelters.ts';
import { nanaoOpenSheltersImporter } from '../adapters/nanao-open-shelters.ts';
import { jmaImporter } from '../adapters/jma/jma-importer.ts';
import type { Importer } from '../adapters/types.ts';
import type { AuditLogWriter } from '../audit/index.ts';
import { message, type Lang } from '../i18n/index.ts';
import { areaCode } from '../model/area-code.ts';
import type { AnyRecordDraft } from '../model/index.ts';
import { builtInPolicies, type NodePolicy } from '../node/node-policies.ts';
import { buildNodeServer } from '../node/server.ts';
import { shippedApplications } from '../apps/index.ts';
import { reportedAtDemoStart } from './scenario-clock.ts';
import { freePorts } from '../node/free-ports.ts';
import { startBackgroundWork, type BackgroundWork } from '../node/background-work.ts';
import { removeOperatorAccess, writeOperatorAccess } from './operator-access.ts';
import { createAccessGate } from '../node/access-gate.ts';
import { generateOperatorToken, trustedOperatorContext } from '../node/operator/trusted-context.ts';
import { createFederationClient } from '../federation/client.ts';
import { createDurableReplayGuard } from '../node/request-verification/durable-replay-guard.ts';
import { loadDeclarationBook } from '../node/declaration-book.ts';
import { createLiveTrust, DEFAULT_TRUST_REFRESH_SECONDS, type LiveTrust } from '../node/live-trust.ts';
import { heldTrust } from '../trust/trust-list-update.ts';
import { openStore } from '../store/open-store.ts';
import { claimDataDir, restrictToOwner } from '../store/data-dir.ts';
import type { StoreProblem } from '../store/errors.ts';
import type { Store } from '../store/types.ts';
import { loadLocalities } from '../scenario/localities.ts';
import { demoPersonsPolicy } from './persons-policy.ts';
import { demoLogisticsPolicies } from './logistics-policies.ts';
import { logisticsHoldings } from './logistics-holdings.ts';
import { NOTO_ROADS_FILE, parseNotoRoads } from './noto-roads.ts';
import { DEMO_SEED, demoCities, demoParticipants, type DemoDataset, type DemoParticipant, type DemoParticipantKey } from './scenario.ts';
import { generateSyntheticPersons, type SyntheticPopulation, type SyntheticSizes } from './synthetic-persons.ts';
import { demoPaths, ensureDemoTrust, type DemoPaths, type DemoTrust } from './trust-setup.ts';

export const bundledDataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'data');
/** Bump when what a node imports changes, so existing demo databases import again. */
// 2: home-oxygen reports dated at the first start (scenario-clock.ts); 3: the reconstructed Noto telegrams as
// exercise alerts; 4: the Noto trunk roads, the prefectural depot, the supermarket chain and the logistics firm.
// A store imported by an earlier version imports again.
const DEMO_DATA_VERSION = 4;

/** shared_buffers of each demo node's embedded database (docs/demo.md: memory). */
export const DEMO_SHARED_BUFFERS_MB = 16;

export interface DemoFederationOptions {
  /** Where keys, trust list, credentials and databases live (`.tsunagu/demo` from the CLI). */
  root: string;
  /** First port; nodes take consecutive ports. 0 picks free ports. */
  basePort: number;
  host?: string;
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  seed?: number;
  sizes?: Partial<SyntheticSizes>;
  /** Bundled data directory (tests may point to a smaller one). */
  dataDir?: string;
  lang?: Lang;
  /** Told before each node starts, for a progress line. */
  onNodeStarting?: (participant: DemoParticipant) => void;
  /** Days a dead letter stays in a node's outbox before it is deleted, audited (default 30). */
  deadLetterRetentionDays?: number;
  /** Told when a stale lock of an ended process was taken over (the root's or a node database's). */
  onNotice?: (notice: StoreProblem) => void;
  /** Seconds between fetches of the anchor's trust list by every node (default 30; 0: only at start). */
  trustRefreshSeconds?: number;
  /** Start only these participants' nodes (tests); the trust list still lists every participant. Default: all. */
  only?: readonly DemoParticipantKey[];
}

export interface DemoNodeSummary {
  shelters: number;
  persons: number;
}

export interface DemoNode {
  participant: DemoParticipant;
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:8702 */
  url: string;
  port: number;
  summary: DemoNodeSummary;
  /** The node's operator token for this run (a new one on every start). */
  operatorToken: string;
  /** The console with the token in the fragment (never sent to the server), e.g. http://127.0.0.1:8702/console/#token=… */
  consoleUrl: string;
}

export interface DemoFederation {
  paths: DemoPaths;
  trust: DemoTrust;
  nodes: DemoNode[];
  population: SyntheticPopulation;
  /** Stop answering, make every audit log's tail durable and signed, release every database. */
  close(): Promise<void>;
}

/** What a started demo node holds open, for closing it in order (also the ASEAN scenario's, src/demo/asean). */
export interface RunningNode {
  /** Removes the operator access file the node left for the CLI. */
  forget?: () => Promise<void>;
  live?: LiveTrust;
  app?: FastifyInstance;
  auditLog?: AuditLogWriter;
  store?: Store;
  background?: BackgroundWork;
}

export async function closeNode(n: RunningNode): Promise<void> {
  // Stop sending and sweeping first (both write to the database and the log), then stop answering, then make the
  // log's tail durable and signed, then let the database go.
  await n.forget?.();
  await n.background?.stop();
  await n.live?.stop();
  await n.app?.close().catch(() => undefined);
  await n.auditLog?.close().catch(() => undefined);
  await n.store?.close().catch(() => undefined);
}

async function readInputs(files: readonly string[]): Promise<InputFile[]> {
  return Promise.all(files.map(async (f) => ({ name: path.basename(f), bytes: new Uint8Array(await readFile(f)) })));
}

async function gsiFiles(dataDir: string, cities: 'all' | readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const kind of ['evacuation', 'emergency']) {
    const dir = path.join(dataDir, 'gsi-shelters', 'ishikawa', kind);
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
    for (const n of names) if (cities === 'all' || cities.includes(n.replace(/\.json$/, ''))) out.push(path.join(dir, n));
  }
  return out;
}

/** The reconstructed telegrams of the 2024-01-01 earthquake shipped with the examples (examples/alerts/README.md). */
async function notoAlertFiles(): Promise<string[]> {
  const dir = path.join(bundledDataDir, '..', 'examples', 'alerts');
  return (await readdir(dir)).filter((f) => f.endsWith('.reconstruction.xml')).sort().map((f) => path.join(dir, f));
}

async function nanaoSnapshotFiles(dataDir: string): Promise<string[]> {
  const dir = path.join(dataDir, 'noto-2024-nanao');
  return (await readdir(dir).catch(() => [] as string[]))
    .filter((f) => f.startsWith('open_shelter_Nanao-shi_') && f.endsWith('.csv'))
    .sort()
    .map((f) => path.join(dir, f));
}

async function importFiles(store: Store, participant: DemoParticipant, importer: Importer, files: readonly string[], lang: Lang): Promise<void> {
  if (files.length === 0) return;
  const summary = await applyImport(store, importer, await readInputs(files), { sourceNode: participant.id, now: new Date().toISOString() }, { partial: true });
  if (!summary.applied) {
    const first = summary.rejected[0];
    const detail = first ? message(first.code, first.params, lang) : '-';
    throw new Error(message('DEMO_DATA_IMPORT_FAILED', { node: participant.id, kind: importer.kind, detail }, lang));
  }
}

/** Bundled records written in one transaction: a node holds all of a dataset or none of it. */
async function writeAll(store: Store, drafts: readonly AnyRecordDraft[]): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.upsert(drafts);
  });
}

async function importDataset(store: Store, p: DemoParticipant, d: DemoDataset, population: SyntheticPopulation, dataDir: string, lang: Lang): Promise<void> {
  switch (d.kind) {
    case 'gsi-shelters':
      return importFiles(store, p, gsiSheltersImporter, await gsiFiles(dataDir, d.cities), lang);
    case 'nanao-open-shelters':
      return importFiles(store, p, nanaoOpenSheltersImporter, await nanaoSnapshotFiles(dataDir), lang);
    case 'noto-alerts':
      // As JMA delivers them to the prefecture and the municipalities; 訓練 telegrams stay an exercise picture.
      return importFiles(store, p, jmaImporter, await notoAlertFiles(), lang);
    case 'noto-trunk-roads': {
      const parsed = parseNotoRoads(await readFile(path.join(dataDir, 'logistics', NOTO_ROADS_FILE), 'utf8'));
      if (!parsed.ok) {
        const detail = parsed.problems.slice(0, 3).map((x) => `${x.path}: ${x.message}`).join('; ');
        throw new Error(message('DEMO_DATA_IMPORT_FAILED', { node: p.id, kind: d.kind, detail }, lang));
      }
      const at = new Date().toISOString();
      const drafts = parsed.value.records.map((r) => ({ ...r, lineage: [{ activity: 'import' as const, file: NOTO_ROADS_FILE, adapter: d.kind, at }] }));
      return writeAll(store, drafts);
    }
    case 'logistics-holdings': {
      // Counted at the demo's first start, like the home-oxygen reports: expiry and availability run from then.
      const drafts = logisticsHoldings(d.holder, p, new Date());
      return writeAll(store, drafts);
    }
    case 'synthetic-persons': {
      // Imported once, at the demo's first start: supplies that run down are reported as of then (scenario-clock.ts).
      const drafts = reportedAtDemoStart(population.lists[d.list], new Date());
      return writeAll(store, drafts);
    }
  }
}

/** Import a node's bundled data once; a marker names the data version and seed it was imported with. */
async function ensureImported(store: Store, paths: DemoPaths, p: DemoParticipant, population: SyntheticPopulation, dataDir: string, lang: Lang): Promise<void> {
  if (p.datasets.length === 0) return;
  const marker = paths.importMarker(p.id);
  const wanted = { version: DEMO_DATA_VERSION, seed: population.seed };
  const existing = await readFile(marker, 'utf8').then((t) => JSON.parse(t) as unknown, () => undefined);
  if (JSON.stringify(existing) === JSON.stringify(wanted)) return;
  for (const d of p.datasets) await importDataset(store, p, d, population, dataDir, lang);
  await writeFile(marker, `${JSON.stringify(wanted)}\n`);
}

function policiesFor(p: DemoParticipant): NodePolicy[] {
  const holdsPersons = p.datasets.some((d) => d.kind === 'synthetic-persons');
  return [...builtInPolicies(p.id), ...(holdsPersons ? [demoPersonsPolicy(p)] : []), ...demoLogisticsPolicies(p)];
}

/** Generate the synthetic persons of the scenario from the bundled GSI data's localities. */
export async function demoPopulation(dataDir: string, seed: number, sizes?: Partial<SyntheticSizes>): Promise<SyntheticPopulation> {
  const gsiDir = path.join(dataDir, 'gsi-shelters', 'ishikawa');
  const localities = {
    '172022': await loadLocalities(gsiDir, '172022', demoCities['172022'].ja),
    '172049': await loadLocalities(gsiDir, '172049', demoCities['172049'].ja),
  };
  return generateSyntheticPersons({ seed, localities, ...(sizes ? { sizes } : {}) });
}

export async function startDemoFederation(options: DemoFederationOptions): Promise<DemoFederation> {
  const host = options.host ?? '127.0.0.1';
  const lang = options.lang ?? 'ja';
  const dataDir = options.dataDir ?? bundledDataDir;
  const paths = demoPaths(options.root);
  const ports =
    options.basePort === 0 ? await freePorts(host, demoParticipants.length) : demoParticipants.map((p) => options.basePort + p.portOffset);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const urls = new Map(demoParticipants.map((p, i) => [p.id, `http://${urlHost}:${ports[i]}`]));
  // The root holds every node's keys and database: private to its owner, and one demo per root at a time.
  const rootClaim = claimDataDir(paths.root);
  if (rootClaim.notice) options.onNotice?.(rootClaim.notice);
  let trust: DemoTrust;
  let population: SyntheticPopulation;
  try {
    trust = await ensureDemoTrust(paths.root, new Map([...urls].map(([id, u]) => [id, `${u}/`])));
    restrictToOwner(paths.root);
    population = await demoPopulation(dataDir, options.seed ?? DEMO_SEED, options.sizes);
  } catch (e) {
    rootClaim.release();
    throw e;
  }

  const credentialsById = new Map([...trust.credentials.values()].map((c) => [c.payload.id, c]));
  const running: RunningNode[] = [];
  const nodes: DemoNode[] = [];
  const closeAll = async () => {
    for (const n of running.reverse()) await closeNode(n);
    running.length = 0;
    rootClaim.release();
  };
  const demoAuditKeeperOf = (p: DemoParticipant): string =>
    demoParticipants.find((q) => q.key === (p.key === 'ishikawa' ? 'nanao' : 'ishikawa'))!.id;
  const startNode = async (p: DemoParticipant, i: number, node: RunningNode): Promise<DemoNode> => {
    options.onNodeStarting?.(p);
    await mkdir(path.dirname(paths.nodeDataDir(p.id)), { recursive: true, mode: 0o700 });
    // Eight small databases in one process: PostgreSQL's default 128 MB of shared buffers each would hold over 1 GB
    // between them for data of a few MB per node.
    const store = await openStore(
      { backend: 'pglite', dataDir: paths.nodeDataDir(p.id) },
      { sharedBuffersMb: DEMO_SHARED_BUFFERS_MB, ...(options.onNotice ? { onNotice: options.onNotice } : {}) },
    );
    node.store = store;
    await ensureImported(store, paths, p, population, dataDir, lang);
    const signer = trust.signers.get(p.id)!;
    const opened = await store.audit.open({ signer });
    if (!opened.ok) throw new Error(opened.problems.map((x) => message(x.code, x.params, lang)).join('; '));
    node.auditLog = opened.log;
    // Each node keeps the anchor's list current on its own (fetched from the anchor's node, verified, audited), so a
    // participant added or revoked with `tsunagu trust` counts at the next fetch; everything below decides by it.
    const live = createLiveTrust({
      participantId: p.id,
      held: heldTrust(trust.config, [trust.trustList], new Date()),
      auditLog: opened.log,
    });
    node.live = live;
    const registry = live.registry;
    // Declarations kept from earlier runs, verified again against today's trust list, weigh in as before the restart.
    const declarations = await loadDeclarationBook({ storage: store.declarations, registry, auditLog: opened.log });
    // One client signs this node's requests: outbox deliveries and what its operator asks through the console.
    const client = createFederationClient({ signer, credential: trust.credentials.get(p.id)!, registry });
    const operatorToken = generateOperatorToken();
    const app = await buildNodeServer({
      applications: shippedApplications(),
      store,
      participantId: p.id,
      auditLog: opened.log,
      policies: policiesFor(p),
      dataAreas: p.jurisdiction.map((a) => areaCode(a)),
      logger: { level: options.logLevel ?? 'warn' },
      // Signed requests, answers signed with the node's key, and received declarations, all checked against the
      // demo's trust list.
      federation: {
        registry,
        replayGuard: createDurableReplayGuard(store.replayNonces),
        signer,
        credentialById: (id) => credentialsById.get(id),
      },
      declarationBook: declarations.book,
      operator: {
        token: operatorToken,
        context: trustedOperatorContext({
          participantId: p.id,
          store,
          auditLog: opened.log,
          client,
          registry,
          declarations: () => declarations.book.active(new Date()),
          trustLists: live.states,
          refreshTrust: live.refresh,
        }),
      },
      trustLists: live.states,
      // The anchor's node serves the list its operator publishes and takes join requests sent online.
      ...(p.id === trust.anchorId ? { trustPublication: { anchorDir: paths.anchorDir } } : {}),
    });
    for (const d of declarations.dropped) app.log.warn({ declaration: d.declarationId, issuer: d.issuer, problems: d.problems.map((x) => x.code) }, 'kept declaration left out');
    node.app = app;
    await app.listen({ host, port: ports[i]! });
    live.start(options.trustRefreshSeconds ?? DEFAULT_TRUST_REFRESH_SECONDS);
    // Messages for peers are signed per delivery and sent until each peer has them, however long it was away; copies
    // received from peers are deleted (and the deletion audited) once their retention runs out.
    node.background = startBackgroundWork({
      store,
      auditLog: opened.log,
      client,
      log: app.log,
      // Notifications to subscribers are decided by the node's own policies and declarations when they leave.
      notifications: {
        decide: createAccessGate({
          policies: policiesFor(p).map((x) => x.policy),
          auditLog: opened.log,
          declarations: () => declarations.book.active(new Date()),
          dataAreas: p.jurisdiction.map((a) => areaCode(a)),
        }).decide,
        registry,
        signer,
        credential: trust.credentials.get(p.id)!,
        dataAreas: p.jurisdiction.map((a) => areaCode(a)),
      },
      ...(options.deadLetterRetentionDays === undefined ? {} : { deadLetterRetentionDays: options.deadLetterRetentionDays }),
      // Each node's checkpoints go to the anchor's node and to one peer it chose: the prefecture, or Nanao for it.
      anchoring: { participantId: p.id, registry, keepers: [demoAuditKeeperOf(p)] },
    });
    const shelters = await store.count({ type: 'shelter' });
    const persons = await store.count({ type: 'person' });
    const url = urls.get(p.id)!;
    await writeOperatorAccess(paths.root, { participantId: p.id, url: `${url}/`, token: operatorToken });
    node.forget = () => removeOperatorAccess(paths.root, p.id);
    return { participant: p, url, port: ports[i]!, summary: { shelters, persons }, operatorToken, consoleUrl: `${url}/console/#token=${operatorToken}` };
  };
  try {
    // One node after another: start-up is CPU-bound (database set-up, import), so running them side by side gains nothing.
    for (const [i, p] of demoParticipants.entries()) {
      if (options.only && !options.only.includes(p.key)) continue;
      const node: RunningNode = {};
      running.push(node);
      nodes.push(await startNode(p, i, node));
    }
  } catch (e) {
    await closeAll();
    throw e;
  }
  return { paths, trust, nodes, population, close: closeAll };
}
