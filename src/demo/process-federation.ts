// `npm start`'s layout: the Noto demo federation with each node in a process of its own, so a heavy request on one
// node (a large polygon, an import) runs on that node's event loop and database only. This parent prepares the root
// once (claim, keys, trust list, credentials) and hands the node processes to process-launcher.ts.
import path from 'node:path';
import type { Lang } from '../i18n/index.ts';
import type { StoreProblem } from '../store/errors.ts';
import { pgliteDatabaseExists } from '../store/pglite-client.ts';
import { anchorPaths } from '../trust/anchor-files.ts';
import { bundledDataDir } from './bundled-data.ts';
import { databaseTemplate, type DatabaseTemplate } from './database-template.ts';
import { preparationPending } from './node-import.ts';
import type { DemoLogLevel, DemoNode } from './demo-node.ts';
import { prepareDemoFederation, type DemoFederationOptions } from './federation.ts';
import type { DemoNodeLaunch } from './node-launch.ts';
import { answeringNode, createDatabaseInProcess, startNodeProcesses, type DemoNodeExit, type NodeProcessEnd, type NodeProcessOptions } from './process-launcher.ts';
import { DEMO_SEED, demoParticipants, type DemoParticipant } from './scenario.ts';
import { anchorOf, type DemoPaths, type DemoTrust } from './trust-setup.ts';

export { DEMO_NODE_V8_FLAGS, DemoNodeStartError, DemoStartAborted, nodeProcessEntry, type DemoNodeExit, type NodeEntry } from './process-launcher.ts';

export interface DemoProcessNode extends DemoNode {
  pid: number;
}

export interface ProcessDemoOptions
  extends Omit<DemoFederationOptions, 'onNotice' | 'logLevel' | 'onNodeStarting'>,
    Omit<NodeProcessOptions<DemoParticipant>, 'onUnexpectedExit'> {
  logLevel?: DemoLogLevel;
  /** Told when a node process ends that was not asked to (after start-up). */
  onUnexpectedExit?: (exit: DemoNodeExit<DemoParticipant>) => void;
}

export interface ProcessDemoFederation {
  paths: DemoPaths;
  trust: DemoTrust;
  /** In the scenario's order, each with its process id. */
  nodes: DemoProcessNode[];
  /** SIGTERM to every node process, wait for each to end (SIGKILL after the stop timeout), release the root. */
  close(): Promise<NodeProcessEnd<DemoParticipant>[]>;
}

export async function startProcessDemoFederation(options: ProcessDemoOptions): Promise<ProcessDemoFederation> {
  // On a first start every database (the anchor's and each node's) is a copy of one made once, in a process that then
  // ends (node-import.ts says why): initdb in each took most of the first start. Removed once the nodes run.
  const template = databaseTemplate(path.join(path.resolve(options.root), 'db-template'), (dir) => createDatabaseInProcess(anchorOf(), dir, options));
  try {
    return await startFromTemplate(options, template);
  } finally {
    await template.remove();
  }
}

async function startFromTemplate(options: ProcessDemoOptions, template: DatabaseTemplate): Promise<ProcessDemoFederation> {
  const lang: Lang = options.lang ?? 'ja';
  const prepared = await prepareDemoFederation({
    root: options.root,
    basePort: options.basePort,
    ...(options.host ? { host: options.host } : {}),
    ...(options.onNotice ? { onNotice: (n: StoreProblem) => options.onNotice?.(n) } : {}),
    // Created before the trust is set up, which opens it in this process (a directory left without a database by an
    // interrupted start is created in a process of its own, as before the template).
    beforeTrust: async (paths) => {
      const anchorDb = anchorPaths(paths.anchorDir).dataDir;
      if (!(await pgliteDatabaseExists(anchorDb)) && !(await template.copyTo(anchorDb))) await createDatabaseInProcess(anchorOf(), anchorDb, options);
    },
  });
  const { paths, trust } = prepared;
  const seed = options.seed ?? DEMO_SEED;
  const launchOf = (p: DemoParticipant): DemoNodeLaunch => ({
    type: 'launch',
    scenario: 'noto',
    root: paths.root,
    participant: p.key,
    host: prepared.host,
    port: prepared.ports.get(p.id)!,
    url: prepared.urls.get(p.id)!,
    lang,
    logLevel: options.logLevel ?? 'warn',
    dataDir: options.dataDir ?? bundledDataDir,
    seed,
    ...(options.sizes ? { sizes: options.sizes as Record<string, number> } : {}),
    ...(options.deadLetterRetentionDays === undefined ? {} : { deadLetterRetentionDays: options.deadLetterRetentionDays }),
    ...(options.trustRefreshSeconds === undefined ? {} : { trustRefreshSeconds: options.trustRefreshSeconds }),
    trust: { anchorId: trust.anchorId, config: trust.config, trustList: trust.trustList, credentials: [...trust.credentials.values()] },
  });
  const running = await startNodeProcesses(
    {
      root: paths.root,
      participants: demoParticipants.filter((p) => !options.only || options.only.includes(p.key)),
      launchOf,
      importPending: (p) => preparationPending(paths, p, seed),
      beforeImport: async (p) => {
        await template.copyTo(paths.nodeDataDir(p.id));
      },
      release: prepared.release,
    },
    options,
  );
  const nodes = running.nodes.map((n) => ({ ...answeringNode(n), summary: { shelters: n.ready.summary.shelters ?? 0, persons: n.ready.summary.persons ?? 0 } }));
  return { paths, trust, nodes, close: running.close };
}
