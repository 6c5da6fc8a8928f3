// The demo federation's set-up and, for tests and the soak's set-up, all of its nodes in this one process. The root
// (keys, trust list, credentials, one database per node) is claimed and prepared once by `prepareDemoFederation`; each
// node is then started by `startDemoNode`, here in-process, or by `npm start` in a process of its own.
import type { Lang } from '../i18n/index.ts';
import { freePorts } from '../node/free-ports.ts';
import { claimDataDir, restrictToOwner, type DataDirClaim } from '../store/data-dir.ts';
import type { StoreProblem } from '../store/errors.ts';
import { bundledDataDir, demoPopulation } from './bundled-data.ts';
import { startDemoNode, type DemoLogLevel, type DemoNode, type StartedDemoNode } from './demo-node.ts';
import { DEMO_SEED, demoParticipants, type DemoParticipant, type DemoParticipantKey } from './scenario.ts';
import type { SyntheticPopulation, SyntheticSizes } from './synthetic-persons.ts';
import { demoPaths, ensureDemoTrust, type DemoPaths, type DemoTrust } from './trust-setup.ts';

export { bundledDataDir, demoPopulation } from './bundled-data.ts';
export { DEMO_SHARED_BUFFERS_MB, type DemoNode, type DemoNodeSummary } from './demo-node.ts';

export interface DemoFederationOptions {
  /** Where keys, trust list, credentials and databases live (`.tsunagu/demo` from the CLI). */
  root: string;
  /** First port; nodes take consecutive ports. 0 picks free ports. */
  basePort: number;
  host?: string;
  logLevel?: DemoLogLevel;
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

/** The root claimed and its trust in place: where each node listens, ready for its nodes to start. */
export interface PreparedDemo {
  paths: DemoPaths;
  trust: DemoTrust;
  host: string;
  /** Each participant's port and base URL (no trailing slash), by participant id. */
  ports: ReadonlyMap<string, number>;
  urls: ReadonlyMap<string, string>;
  /** Lets the root go (one demo per root at a time). */
  release(): void;
}

export interface DemoFederation {
  paths: DemoPaths;
  trust: DemoTrust;
  nodes: DemoNode[];
  population: SyntheticPopulation;
  /** Stop answering, make every audit log's tail durable and signed, release every database. */
  close(): Promise<void>;
}

/**
 * Claim the root (private to its owner, one demo at a time: a lock file with this process's pid), choose the ports,
 * and make sure keys, the anchor, the trust list and credentials describe the federation at those ports.
 */
export async function prepareDemoFederation(
  options: Pick<DemoFederationOptions, 'root' | 'basePort' | 'host' | 'onNotice'> & {
    /** Run once the root is claimed, before the trust is set up (npm start: the anchor's database created elsewhere). */
    beforeTrust?: (paths: DemoPaths) => Promise<void>;
  },
): Promise<PreparedDemo> {
  const host = options.host ?? '127.0.0.1';
  const paths = demoPaths(options.root);
  const chosen =
    options.basePort === 0 ? await freePorts(host, demoParticipants.length) : demoParticipants.map((p) => options.basePort + p.portOffset);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const ports = new Map(demoParticipants.map((p, i) => [p.id, chosen[i]!]));
  const urls = new Map(demoParticipants.map((p, i) => [p.id, `http://${urlHost}:${chosen[i]}`]));
  // The root holds every node's keys and database: private to its owner, and one demo per root at a time.
  const rootClaim: DataDirClaim = claimDataDir(paths.root);
  if (rootClaim.notice) options.onNotice?.(rootClaim.notice);
  try {
    await options.beforeTrust?.(paths);
    const trust = await ensureDemoTrust(paths.root, new Map([...urls].map(([id, u]) => [id, `${u}/`])));
    restrictToOwner(paths.root);
    return { paths, trust, host, ports, urls, release: () => rootClaim.release() };
  } catch (e) {
    rootClaim.release();
    throw e;
  }
}

/** Every node of the demo in this process (tests; `npm start` gives each node its own process instead). */
export async function startDemoFederation(options: DemoFederationOptions): Promise<DemoFederation> {
  const lang = options.lang ?? 'ja';
  const dataDir = options.dataDir ?? bundledDataDir;
  const seed = options.seed ?? DEMO_SEED;
  const prepared = await prepareDemoFederation(options);
  const { paths, trust } = prepared;
  let population: SyntheticPopulation;
  try {
    population = await demoPopulation(dataDir, seed, options.sizes);
  } catch (e) {
    prepared.release();
    throw e;
  }
  const started: StartedDemoNode[] = [];
  const closeAll = async () => {
    for (const n of started.reverse()) await n.close();
    started.length = 0;
    prepared.release();
  };
  try {
    // One node after another: start-up is CPU-bound (database set-up, import), so running them side by side gains nothing.
    for (const p of demoParticipants) {
      if (options.only && !options.only.includes(p.key)) continue;
      options.onNodeStarting?.(p);
      started.push(
        await startDemoNode({
          paths,
          participant: p,
          host: prepared.host,
          port: prepared.ports.get(p.id)!,
          url: prepared.urls.get(p.id)!,
          trust,
          signer: trust.signers.get(p.id)!,
          lang,
          ...(options.logLevel ? { logLevel: options.logLevel } : {}),
          dataDir,
          seed,
          population: async () => population,
          ...(options.deadLetterRetentionDays === undefined ? {} : { deadLetterRetentionDays: options.deadLetterRetentionDays }),
          ...(options.trustRefreshSeconds === undefined ? {} : { trustRefreshSeconds: options.trustRefreshSeconds }),
          ...(options.onNotice ? { onNotice: options.onNotice } : {}),
        }),
      );
    }
  } catch (e) {
    await closeAll();
    throw e;
  }
  return { paths, trust, nodes: started.map((s) => s.node), population, close: closeAll };
}
