// Runs a demo scenario's nodes each in a process of its own (both scenarios: process-federation.ts for Noto,
// asean/federation.ts for ASEAN): the node processes' entry (the bundle, or tsx), a short-lived child that imports a
// node's data on its first start, one child per node reporting ready, and the stop of them all — forwarding the stop,
// waiting for each to sign its log and close its database. The scenario prepares its root and says what each launches.
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { buildConsoleBundle, defaultConsolePaths } from '../node/console/console-bundle.ts';
import type { StoreProblem } from '../store/errors.ts';
import { defaultNodeBundle, ensureNodeBundle, stopBundler, type NodeBundleOptions } from './node-bundle.mjs';
import type { CreateDatabase, DemoNodeLaunch, DemoNodeReport, DemoNodeReady } from './node-launch.ts';
import { removeOperatorAccess } from './operator-access.ts';

/**
 * The node process's entry when its bundle cannot be built: heavy packages through Node's loader, then tsx for the
 * sources (node-process.mjs).
 */
const NODE_PROCESS_TSX_ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'node-process.mjs');

/** How node processes run: from the bundle of their sources (node-bundle.ts), or through tsx. */
export type NodeEntry = { kind: 'bundle'; file: string } | { kind: 'tsx'; file: string };

/**
 * The bundle of the node process's sources, built first if any source changed; through tsx when it cannot be built
 * (`onFailed` says why) or when asked for.
 */
export async function nodeProcessEntry(how: 'bundle' | 'tsx', onFailed?: (detail: string) => void, bundle: NodeBundleOptions = defaultNodeBundle): Promise<NodeEntry> {
  if (how === 'tsx') return { kind: 'tsx', file: NODE_PROCESS_TSX_ENTRY };
  try {
    return { kind: 'bundle', file: (await ensureNodeBundle(bundle)).file };
  } catch (e) {
    onFailed?.(e instanceof Error ? e.message : String(e));
    return { kind: 'tsx', file: NODE_PROCESS_TSX_ENTRY };
  }
}

/**
 * V8 flags for each node process unless the caller gives its own, each measured in BENCHMARKS.md (npm start):
 * - a young generation of 1 MB semi-spaces instead of up to 16 MB: a node's garbage is small and short-lived, and the
 *   larger nursery stayed resident in each of eight processes;
 * - WebAssembly compiled by the baseline compiler only (Liftoff), not again by the optimising one: PGlite's PostgreSQL
 *   is large, and its second, optimised copy of machine code cost about 40 MB per process and CPU time at start for
 *   a few MB of data per node.
 */
export const DEMO_NODE_V8_FLAGS: readonly string[] = ['--max-semi-space-size=1', '--liftoff-only'];

/**
 * Environment each node process starts with unless the demo's own environment sets the same variable, measured in
 * BENCHMARKS.md (npm start); glibc's malloc reads them (Linux; other C libraries ignore them):
 * - MALLOC_ARENA_MAX: glibc gives each thread that allocates an arena of its own (up to eight per core), and a node
 *   process has several — its main thread, its database's thread, V8's and libuv's helpers — each arena keeping freed
 *   memory; two arenas held about 15 MB less per process;
 * - MALLOC_MMAP_THRESHOLD_ and MALLOC_TRIM_THRESHOLD_ at glibc's own starting values (128 KiB), fixed: left to glibc,
 *   both rise with the first large block freed (start-up frees many: module sources, the database's start), after
 *   which freed memory stays in the heap; fixed, it goes back to the system (about 5–8 MB per process).
 */
export const DEMO_NODE_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_TRIM_THRESHOLD_: '131072' };

/** Who a node process runs, as far as starting and naming it goes (a participant of either scenario). */
export interface LaunchedParticipant {
  id: string;
  key: string;
  name: { en: string; ja?: string };
}

/** How a node process ended while the demo did not ask it to: by exit code or signal, with its last output. */
export interface DemoNodeExit<P extends LaunchedParticipant = LaunchedParticipant> {
  participant: P;
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The end of what it printed, for the report. */
  tail: string;
}

/** A node process that ended before it was ready. */
export class DemoNodeStartError extends Error {
  constructor(readonly exit: DemoNodeExit) {
    super(`demo node ${exit.participant.id} ended during start (${exit.code ?? exit.signal})`);
  }
}

/** The start was stopped on request before every node ran; every node started was stopped again. */
export class DemoStartAborted extends Error {
  constructor() {
    super('demo start stopped on request');
  }
}

export interface NodeProcessOptions<P extends LaunchedParticipant> {
  /** Told before each node starts, for a progress line. */
  onNodeStarting?: (participant: P) => void;
  /** Told of a notice from a node (a stale lock taken over). */
  onNotice?: (notice: StoreProblem, participant?: P) => void;
  /** Each line a node process prints (its warnings and errors), with who printed it. */
  onOutput?: (participant: P, line: string) => void;
  /** Told when a node process ends that was not asked to (after start-up). */
  onUnexpectedExit?: (exit: DemoNodeExit<P>) => void;
  /** Node processes started side by side (default: the machine's cores; start-up is CPU-bound). */
  concurrency?: number;
  /** Options for each node process's `node` (V8 flags; DEMO_NODE_V8_FLAGS when absent). */
  nodeArgs?: readonly string[];
  /** Milliseconds a node may take from spawn to ready, and its first start's import from spawn to end (default 180 s each). */
  startTimeoutMs?: number;
  /** How node processes run (default: from the bundle, built when needed; tsx when it cannot be built). */
  nodeEntry?: 'bundle' | 'tsx';
  /** Told when the node processes' bundle could not be built (they run through tsx instead). */
  onBundleFailed?: (detail: string) => void;
  /** Told when the console could not be built before the nodes started (each node tries again on request). */
  onConsoleBuildFailed?: (detail: string) => void;
  /** Aborted (a stop asked for during start-up): no further node is started, and those started are stopped. */
  signal?: AbortSignal;
  /** Milliseconds a node may take to stop before it is killed (default 60 s). */
  stopTimeoutMs?: number;
}

/** What the scenario has prepared: its root (claimed), who runs, and what each node process is told. */
export interface NodeProcessPlan<P extends LaunchedParticipant> {
  /** The scenario's root, where nodes leave their operator access files. */
  root: string;
  /** In the order they start. */
  participants: readonly P[];
  launchOf(p: P): DemoNodeLaunch;
  /**
   * Whether the node's database is still to be created or its data imported (its first start): then a short-lived
   * process does that first.
   */
  importPending(p: P): Promise<boolean>;
  /** Run before that short-lived process starts (npm start: the node's database copied from the demo's template). */
  beforeImport?(p: P): Promise<void>;
  /** Lets the root go, once every node process has ended. */
  release(): void;
}

export interface ProcessNode<P extends LaunchedParticipant> {
  participant: P;
  pid: number;
  ready: DemoNodeReady;
}

/** Where a started node process answers, as both scenarios show it (each adds what its nodes hold). */
export function answeringNode<P extends LaunchedParticipant>({ participant, pid, ready: r }: ProcessNode<P>) {
  return { participant, pid, url: r.url, port: r.port, operatorToken: r.operatorToken, consoleUrl: r.consoleUrl };
}

export interface NodeProcessEnd<P extends LaunchedParticipant> {
  participant: P;
  code: number | null;
  signal: NodeJS.Signals | null;
  killed: boolean;
}

export interface RunningNodeProcesses<P extends LaunchedParticipant> {
  /** In the plan's order. */
  nodes: ProcessNode<P>[];
  /** SIGTERM to every node process, wait for each to end (SIGKILL after the stop timeout), release the root. */
  close(): Promise<NodeProcessEnd<P>[]>;
}

interface Child<P extends LaunchedParticipant> {
  participant: P;
  process: ChildProcess;
  tail: string;
  stopping: boolean;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function spawnNode<P extends LaunchedParticipant>(p: P, entry: NodeEntry, options: NodeProcessOptions<P>): Child<P> {
  const proc = spawn(process.execPath, [...(options.nodeArgs ?? DEMO_NODE_V8_FLAGS), entry.file], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...DEMO_NODE_ENV, ...process.env },
    // Its own process group: a Ctrl+C in the terminal reaches the parent only, which stops every node in order (a
    // node that took the SIGINT itself would look like one that died). A killed parent still stops them: each sees its
    // IPC channel close.
    detached: true,
  });
  const child: Child<P> = {
    participant: p,
    process: proc,
    tail: '',
    stopping: false,
    exited: new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal }))),
  };
  for (const stream of [proc.stdout, proc.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      child.tail = `${child.tail}${line}\n`.slice(-4_000);
      options.onOutput?.(p, line);
    });
  }
  return child;
}

async function healthy(url: string): Promise<boolean> {
  return fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) }).then(
    (r) => r.ok,
    () => false,
  );
}

/** Launch one node process and wait for its ready report and a healthy /health. */
async function startChild<P extends LaunchedParticipant>(child: Child<P>, launch: DemoNodeLaunch, timeoutMs: number): Promise<ProcessNode<P>> {
  const proc = child.process;
  const exitError = (r: { code: number | null; signal: NodeJS.Signals | null }) =>
    new DemoNodeStartError({ participant: child.participant, pid: proc.pid ?? 0, code: r.code, signal: r.signal, tail: child.tail });
  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<DemoNodeReady>((resolve, reject) => {
    proc.on('message', (m: DemoNodeReport) => {
      if (m.type === 'ready') resolve(m);
    });
    void child.exited.then((r) => reject(exitError(r)));
    timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`demo node ${child.participant.id} was not ready within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  proc.send(launch);
  try {
    const r = await ready;
    if (!(await healthy(r.url))) throw new Error(`demo node ${child.participant.id} reported ready but ${r.url}/health did not answer 200`);
    return { participant: child.participant, pid: proc.pid!, ready: r };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Tell a short-lived process what to prepare (a first start's import, a database to create) and wait for it to end (0:
 * done, database closed).
 */
async function preparedInChild<P extends LaunchedParticipant>(child: Child<P>, told: DemoNodeLaunch | CreateDatabase, timeoutMs: number): Promise<void> {
  const proc = child.process;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`demo node ${child.participant.id} did not prepare its database within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  proc.send(told);
  try {
    const r = await Promise.race([child.exited, timedOut]);
    if (r.code !== 0) throw new DemoNodeStartError({ participant: child.participant, pid: proc.pid ?? 0, code: r.code, signal: r.signal, tail: child.tail });
  } finally {
    clearTimeout(timer);
  }
}

async function stopChild<P extends LaunchedParticipant>(child: Child<P>, timeoutMs: number): Promise<NodeProcessEnd<P>> {
  child.stopping = true;
  const proc = child.process;
  let killed = false;
  if (proc.exitCode === null && proc.signalCode === null) {
    proc.kill('SIGTERM');
    const late = setTimeout(() => {
      killed = true;
      proc.kill('SIGKILL');
    }, timeoutMs);
    await child.exited;
    clearTimeout(late);
  }
  const r = await child.exited;
  return { participant: child.participant, code: r.code, signal: r.signal, killed };
}

/**
 * Create a store's database in `dataDir` in a short-lived process (run as a node process is, told `create-database`),
 * and wait for it to end: the caller then opens an existing database, without the memory that creating one (initdb,
 * migrations) leaves in a process. `p` names the process in errors and output. Throws DemoNodeStartError when it fails.
 */
export async function createDatabaseInProcess<P extends LaunchedParticipant>(
  p: P,
  dataDir: string,
  options: Pick<NodeProcessOptions<P>, 'nodeArgs' | 'nodeEntry' | 'onOutput' | 'startTimeoutMs'>,
): Promise<void> {
  // A bundle that cannot be built is reported by the node processes' start that follows.
  const entry = await nodeProcessEntry(options.nodeEntry ?? 'bundle');
  await preparedInChild(spawnNode(p, entry, options), { type: 'create-database', dataDir }, options.startTimeoutMs ?? 180_000);
}

/** Start every node of `plan` in a process of its own; on any failure, stop those started and release the root. */
export async function startNodeProcesses<P extends LaunchedParticipant>(plan: NodeProcessPlan<P>, options: NodeProcessOptions<P>): Promise<RunningNodeProcesses<P>> {
  const children: Child<P>[] = [];
  const nodes = new Map<string, ProcessNode<P>>();
  const stopTimeoutMs = options.stopTimeoutMs ?? 60_000;
  let closing: Promise<NodeProcessEnd<P>[]> | undefined;
  const close = () => (closing ??= Promise.all(children.map((c) => stopChild(c, stopTimeoutMs))).finally(() => plan.release()));
  const watch = (child: Child<P>) => {
    child.process.on('message', (m: DemoNodeReport) => {
      if (m.type === 'notice') options.onNotice?.({ code: m.code, params: m.params } as StoreProblem, child.participant);
    });
    void child.exited.then(({ code, signal }) => {
      // Only after start-up: an end during start fails the start instead.
      if (child.stopping || !nodes.has(child.participant.id)) return;
      // A node killed outright could not remove the file that tells the CLI where it runs.
      void removeOperatorAccess(plan.root, child.participant.id);
      options.onUnexpectedExit?.({ participant: child.participant, pid: child.process.pid ?? 0, code, signal, tail: child.tail });
    });
  };
  // The console is built once here rather than by each node at its first /console/ request: node processes building
  // into the same directory at once could serve each other's half-written files. A failed build is only reported:
  // each node builds again on request and answers 503 while it cannot. Not through the per-process cache the nodes
  // serve from: this process serves no console, and the cache would keep the console's files (about 13 MB) in it.
  const consoleBuilt = buildConsoleBundle(defaultConsolePaths).then(
    () => undefined,
    (e: unknown) => options.onConsoleBuildFailed?.(e instanceof Error ? e.message : String(e)),
  );
  try {
    const entry = await nodeProcessEntry(options.nodeEntry ?? 'bundle', options.onBundleFailed);
    // A few at a time: start-up is CPU-bound (module loading, database set-up, the first import), and more processes
    // than cores only share the same cores.
    const width = Math.max(1, options.concurrency ?? availableParallelism());
    const queue = [...plan.participants];
    const timeoutMs = options.startTimeoutMs ?? 180_000;
    const worker = async () => {
      for (let p = queue.shift(); p && !options.signal?.aborted; p = queue.shift()) {
        options.onNodeStarting?.(p);
        try {
          // The first start imports in a process that then ends, so the node's process starts without the memory
          // the import made PGlite's WebAssembly heap grow to (it never shrinks). Measured in BENCHMARKS.md.
          let pending = await plan.importPending(p);
          if (pending && plan.beforeImport) {
            await plan.beforeImport(p);
            // Asked again: a node with nothing to import needed only its database, which is now there.
            pending = await plan.importPending(p);
          }
          if (pending) {
            const importer = spawnNode(p, entry, options);
            children.push(importer);
            watch(importer);
            await preparedInChild(importer, { ...plan.launchOf(p), importOnly: true }, timeoutMs);
            if (options.signal?.aborted) break;
          }
          const child = spawnNode(p, entry, options);
          children.push(child);
          watch(child);
          nodes.set(p.id, await startChild(child, plan.launchOf(p), timeoutMs));
        } catch (e) {
          queue.length = 0; // the others finish the node they are starting, and start no more
          throw e;
        }
      }
    };
    const workers = Array.from({ length: Math.min(width, queue.length) }, worker);
    const outcomes = await Promise.allSettled(workers);
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
    if (options.signal?.aborted) throw new DemoStartAborted();
    await consoleBuilt;
  } catch (e) {
    await consoleBuilt;
    await stopBundler();
    // Nothing half-started stays: every node process is stopped and the root let go.
    nodes.clear();
    await close();
    throw e;
  }
  // The bundles and the console are built: esbuild's service process would only sit beside the nodes.
  await stopBundler();
  return { nodes: plan.participants.map((p) => nodes.get(p.id)!), close };
}
