// The demo federation for the soak, one `tsunagu serve` process per participant: set up by the demo's own start-up
// (keys, anchor, credentials, bundled data), then each node run as its own process on its data directory, behind a
// link proxy that the trust list names as its address, so a node can be SIGKILLed and started again on the same data
// and one node's load runs on its own event loop.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoFederation } from '../../src/demo/federation.ts';
import { demoPersonsPolicy } from '../../src/demo/persons-policy.ts';
import { demoParticipants, type DemoParticipant } from '../../src/demo/scenario.ts';
import { demoPaths, ensureDemoTrust, type DemoPaths, type DemoTrust } from '../../src/demo/trust-setup.ts';
import { freePorts } from '../../src/node/free-ports.ts';
import { generateOperatorToken } from '../../src/node/operator/trusted-context.ts';
import { startLinkProxy, type LinkProxy } from './link-proxy.ts';

export { residentBytes } from '../../src/demo/process-memory.ts';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'tsunagu.mjs');
const HOST = '127.0.0.1';

/** Why a node process ended: stopped or killed by the harness, or on its own (a crash). */
export interface NodeExit {
  at: string;
  participantId: string;
  by: 'harness-stop' | 'harness-kill' | 'crash';
  code: number | null;
  signal: string | null;
  /** For a stop or kill: milliseconds from the signal to the process's end. */
  afterMs?: number;
  /** The end of its output, for a crash. */
  tail: string;
}

export interface SoakNode {
  participant: DemoParticipant;
  /** The node's own port: what its operator (on the same machine) uses. */
  directUrl: string;
  /** The proxy's address, as the trust list gives it: what peers and federated clients use. */
  url: string;
  proxy: LinkProxy;
  operatorToken: string;
  /** The live process id, or undefined while the node is down. */
  pid(): number | undefined;
  running(): boolean;
  start(): Promise<void>;
  /** SIGKILL: no shutdown, no signed tail; the next start takes the lock over and carries on. */
  kill(): Promise<void>;
  /** SIGTERM: the node stops sending, answering, signs its log's tail and closes its database. */
  stop(): Promise<void>;
}

export interface SoakFederation {
  paths: DemoPaths;
  trust: DemoTrust;
  nodes: SoakNode[];
  byKey(key: DemoParticipant['key']): SoakNode;
  exits: NodeExit[];
  close(): Promise<void>;
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`node at ${url} exited during start (${child.exitCode ?? child.signalCode})`);
    const ok = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`node at ${url} did not answer /health within ${timeoutMs} ms`);
}

/** The per-node files `tsunagu serve` reads: its policies, and its own copy of the trust files (it caches fetches). */
async function writeServeFiles(dir: string, p: DemoParticipant, trust: DemoTrust): Promise<Record<string, string>> {
  const policyDir = path.join(dir, 'policies');
  await mkdir(policyDir, { recursive: true, mode: 0o700 });
  // The same policies the demo's in-process node holds: built-in shelters and alerts, plus the persons list's.
  if (p.datasets.some((d) => d.kind === 'synthetic-persons')) {
    await writeFile(path.join(policyDir, 'persons.json'), `${JSON.stringify(demoPersonsPolicy(p).policy, null, 2)}\n`);
  }
  const configFile = path.join(dir, 'trust-config.json');
  const listFile = path.join(dir, 'trust-list.json');
  await writeFile(configFile, `${JSON.stringify(trust.config, null, 2)}\n`);
  await writeFile(listFile, `${JSON.stringify(trust.trustList, null, 2)}\n`);
  return { TSUNAGU_POLICY_DIR: policyDir, TSUNAGU_TRUST_CONFIG_FILE: configFile, TSUNAGU_TRUST_LIST_FILE: listFile };
}

export interface SoakFederationOptions {
  root: string;
  /** Told of each step of the set-up, for progress lines. */
  onStep?: (line: string) => void;
  /** Told whenever a node process ends. */
  onExit?: (exit: NodeExit) => void;
  startTimeoutMs?: number;
}

export async function startSoakFederation(options: SoakFederationOptions): Promise<SoakFederation> {
  const step = options.onStep ?? (() => undefined);
  const root = path.resolve(options.root);
  // The demo's start-up makes keys, the anchor, credentials and databases with their data (once per root).
  step('demo set-up (keys, trust list, data import) …');
  const demo = await startDemoFederation({ root, basePort: 0, logLevel: 'silent', lang: 'en', trustRefreshSeconds: 0 });
  await demo.close();
  const paths = demoPaths(root);
  const nodePorts = await freePorts(HOST, demoParticipants.length);
  const proxies = await Promise.all(nodePorts.map((port) => startLinkProxy(port, HOST)));
  // Every participant is listed at its proxy: a link fault is a fault between that node and everyone else.
  const trust = await ensureDemoTrust(root, new Map(demoParticipants.map((p, i) => [p.id, `http://${HOST}:${proxies[i]!.port}/`])));
  const exits: NodeExit[] = [];
  const nodes: SoakNode[] = [];
  for (const [i, p] of demoParticipants.entries()) {
    const dir = path.join(root, 'soak', p.id);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const files = await writeServeFiles(dir, p, trust);
    const operatorToken = generateOperatorToken();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TSUNAGU_NODE_ID: p.id,
      TSUNAGU_HOST: HOST,
      TSUNAGU_PORT: String(nodePorts[i]),
      LOG_LEVEL: 'warn',
      TSUNAGU_LANG: 'en',
      TSUNAGU_DATA_DIR: paths.nodeDataDir(p.id),
      TSUNAGU_KEY_FILE: paths.keyFile(p.id),
      TSUNAGU_CREDENTIAL_FILE: paths.credentialFile(p.id),
      TSUNAGU_OPERATOR_TOKEN: operatorToken,
      ...files,
      ...(p.id === trust.anchorId ? { TSUNAGU_ANCHOR_DIR: paths.anchorDir } : {}),
    };
    delete env.TSUNAGU_DATABASE_URL;
    const logFile = path.join(dir, 'node.log');
    let log: WriteStream | undefined;
    let child: ChildProcess | undefined;
    let ending: NodeExit['by'] | undefined;
    let signalledAt = 0;
    let tail = '';
    const directUrl = `http://${HOST}:${nodePorts[i]}`;
    const end = async (by: NodeExit['by'], signal: NodeJS.Signals, killAfterMs?: number): Promise<void> => {
      const c = child;
      if (!c) return;
      ending = by;
      signalledAt = Date.now();
      const gone = new Promise((resolve) => c.once('exit', resolve));
      c.kill(signal);
      const late = killAfterMs === undefined ? undefined : setTimeout(() => c.kill('SIGKILL'), killAfterMs);
      await gone;
      clearTimeout(late);
    };
    const node: SoakNode = {
      participant: p,
      directUrl,
      url: `http://${HOST}:${proxies[i]!.port}`,
      proxy: proxies[i]!,
      operatorToken,
      pid: () => child?.pid,
      running: () => child !== undefined,
      async start() {
        if (child) return;
        log ??= createWriteStream(logFile, { flags: 'a' });
        ending = undefined;
        const c = spawn(process.execPath, [CLI, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        child = c;
        const keep = (chunk: Buffer) => {
          log?.write(chunk);
          tail = (tail + chunk.toString('utf8')).slice(-2_000);
        };
        c.stdout?.on('data', keep);
        c.stderr?.on('data', keep);
        c.on('exit', (code, signal) => {
          const exit: NodeExit = {
            at: new Date().toISOString(),
            participantId: p.id,
            by: ending ?? 'crash',
            code,
            signal,
            ...(ending ? { afterMs: Date.now() - signalledAt } : {}),
            tail: ending ? '' : tail,
          };
          exits.push(exit);
          options.onExit?.(exit);
          if (child === c) child = undefined;
        });
        await waitHealthy(directUrl, c, options.startTimeoutMs ?? 180_000);
      },
      kill: () => end('harness-kill', 'SIGKILL'),
      // A node that does not stop within a minute is a finding (its exit is not 0); it is killed so the run can end.
      stop: () => end('harness-stop', 'SIGTERM', 60_000),
    };
    nodes.push(node);
  }
  const close = async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await Promise.all(proxies.map((x) => x.close()));
  };
  try {
    // The anchor's node first (it serves the list the others fetch at start), then the rest side by side.
    // One after another, the anchor's node first (it serves the list the others fetch at start): start-up is
    // CPU-bound, and side by side on two shared cores they took longer in all.
    const anchor = nodes.find((n) => n.participant.id === trust.anchorId)!;
    for (const n of [anchor, ...nodes.filter((x) => x !== anchor)]) {
      step(`start ${n.participant.id} …`);
      await n.start();
    }
  } catch (e) {
    await close();
    throw e;
  }
  return { paths, trust, nodes, byKey: (key) => nodes.find((n) => n.participant.key === key)!, exits, close };
}
