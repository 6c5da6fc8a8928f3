// Starts the ASEAN logistics demo the way `npm start` runs the Noto demo, each node in a process of its own
// (process-launcher.ts): the AHA Centre (ASEAN trust anchor, the DELSA warehouses, the logistics planner), the
// Philippines' Office of Civil Defense (the Philippine anchor; declares, requests) and DSWD Field Office VIII (receives
// in Leyte), each with its own embedded database, audit log, key and policies, on consecutive loopback ports, every
// node trusting both lists. This parent claims the root and prepares keys, both anchors and credentials once.
import type { Lang } from '../../i18n/index.ts';
import { freePorts } from '../../node/free-ports.ts';
import { claimDataDir, restrictToOwner } from '../../store/data-dir.ts';
import type { StoreProblem } from '../../store/errors.ts';
import { bundledDataDir } from '../bundled-data.ts';
import type { AseanNodeLaunch } from '../node-launch.ts';
import { answeringNode, startNodeProcesses, type DemoNodeExit, type NodeProcessEnd, type NodeProcessOptions } from '../process-launcher.ts';
import type { DemoLogLevel } from '../served-node.ts';
import { aseanImportPending } from './node.ts';
import { aseanParticipants, type AseanParticipant, type AseanParticipantKey } from './scenario.ts';
import { aseanPaths, ensureAseanTrust, type AseanPaths, type AseanTrust } from './trust.ts';

export interface AseanFederationOptions extends Omit<NodeProcessOptions<AseanParticipant>, 'onNotice' | 'onUnexpectedExit'> {
  /** Where keys, anchors, credentials and databases live (`.tsunagu/demo-asean` from the CLI). */
  root: string;
  /** First port; nodes take consecutive ports. 0 picks free ports. */
  basePort: number;
  host?: string;
  logLevel?: DemoLogLevel;
  dataDir?: string;
  lang?: Lang;
  /** Told of a notice from the parent or a node (a stale lock taken over). */
  onNotice?: (notice: StoreProblem, participant?: AseanParticipant) => void;
  /** Told when a node process ends that was not asked to (after start-up). */
  onUnexpectedExit?: (exit: DemoNodeExit<AseanParticipant>) => void;
  /** Seconds between fetches of both anchors' lists by every node (default 30; 0: only at start). */
  trustRefreshSeconds?: number;
  deadLetterRetentionDays?: number;
}

export interface AseanNode {
  participant: AseanParticipant;
  url: string;
  port: number;
  operatorToken: string;
  consoleUrl: string;
  /** Records the node imported from data/asean (facilities and stock). */
  records: number;
  pid: number;
}

export interface AseanFederation {
  paths: AseanPaths;
  trust: AseanTrust;
  nodes: AseanNode[];
  /** SIGTERM to every node process, wait for each to end (SIGKILL after the stop timeout), release the root. */
  close(): Promise<NodeProcessEnd<AseanParticipant>[]>;
}

export async function startAseanFederation(options: AseanFederationOptions): Promise<AseanFederation> {
  const host = options.host ?? '127.0.0.1';
  const lang = options.lang ?? 'en';
  const paths = aseanPaths(options.root);
  const ports = options.basePort === 0 ? await freePorts(host, aseanParticipants.length) : aseanParticipants.map((p) => options.basePort + p.portOffset);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const portOf = new Map(aseanParticipants.map((p, i) => [p.id, ports[i]!]));
  const urls = new Map(aseanParticipants.map((p, i) => [p.id, `http://${urlHost}:${ports[i]}`]));
  const rootClaim = claimDataDir(paths.root);
  if (rootClaim.notice) options.onNotice?.(rootClaim.notice);
  let trust: AseanTrust;
  try {
    trust = await ensureAseanTrust(paths.root, new Map([...urls].map(([id, u]) => [id, `${u}/`])));
    restrictToOwner(paths.root);
  } catch (e) {
    rootClaim.release();
    throw e;
  }
  const launchOf = (p: AseanParticipant): AseanNodeLaunch => ({
    type: 'launch',
    scenario: 'asean',
    root: paths.root,
    participant: p.key,
    host,
    port: portOf.get(p.id)!,
    url: urls.get(p.id)!,
    lang,
    logLevel: options.logLevel ?? 'warn',
    dataDir: options.dataDir ?? bundledDataDir,
    ...(options.deadLetterRetentionDays === undefined ? {} : { deadLetterRetentionDays: options.deadLetterRetentionDays }),
    ...(options.trustRefreshSeconds === undefined ? {} : { trustRefreshSeconds: options.trustRefreshSeconds }),
    trust: { config: trust.config, trustLists: [...trust.lists.values()], credentials: [...trust.credentials.values()] },
  });
  const running = await startNodeProcesses(
    { root: paths.root, participants: aseanParticipants, launchOf, importPending: (p) => aseanImportPending(paths, p), release: () => rootClaim.release() },
    options,
  );
  const nodes = running.nodes.map((n) => ({ ...answeringNode(n), records: n.ready.summary.records ?? 0 }));
  return { paths, trust, nodes, close: running.close };
}

export type { AseanParticipantKey };
