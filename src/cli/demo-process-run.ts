// How `tsunagu start` runs either scenario's node processes in the terminal: progress lines, each node's output under
// its name, a stop asked for during start-up (Ctrl+C) honoured, a node that fails to start or dies later named with
// its last lines, and an orderly stop that says which node had to be killed.
import { message } from '../i18n/index.ts';
import type { StoreProblem } from '../store/errors.ts';
import { DemoTrustError } from '../demo/demo-anchor.ts';
import { DemoNodeStartError, DemoStartAborted, type LaunchedParticipant, type NodeProcessEnd, type NodeProcessOptions } from '../demo/process-launcher.ts';
import type { CliContext } from './context.ts';
import { CliConfigError } from './store-from-env.ts';

/** The scenario's start, given the terminal's hooks, and its banner once every node runs. */
export interface DemoProcessRun<P extends LaunchedParticipant, N> {
  start(hooks: NodeProcessOptions<P>): Promise<{ nodes: N[]; close(): Promise<NodeProcessEnd<P>[]> }>;
  banner(nodes: N[]): string[];
  nodeEntry: 'bundle' | 'tsx';
}

export async function runDemoProcesses<P extends LaunchedParticipant, N>(ctx: CliContext, run: DemoProcessRun<P, N>): Promise<void> {
  const ja = ctx.lang === 'ja';
  const nameOf = (p: LaunchedParticipant) => p.name[ctx.lang] ?? p.name.en;
  const how = (e: { code: number | null; signal: string | null }) => (e.signal ? `signal ${e.signal}` : `exit code ${e.code}`);
  // Set when a node process ends on its own after start-up: the demo stops and exits 1 rather than carry on without
  // a participant (queries to it would only report it missing), and rather than restart it in a loop that hides
  // the cause. Its last lines were already printed under its name.
  let crashed: (() => void) | undefined;
  const crash = new Promise<void>((resolve) => (crashed = resolve));
  // Listened for from the start: a stop asked for while the nodes start stops them once started (or failed), and the
  // root's lock is released rather than left to the next start to take over.
  const stopping = new AbortController();
  const stopRequested = new Promise<'stop'>((resolve) => {
    const stop = () => {
      stopping.abort();
      resolve('stop');
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  let running: Awaited<ReturnType<DemoProcessRun<P, N>['start']>>;
  try {
    running = await run.start({
      signal: stopping.signal,
      nodeEntry: run.nodeEntry,
      onNotice: (n: StoreProblem, p?: P) => ctx.io.err(`${p ? `[${p.key}] ` : ''}${message(n.code, n.params, ctx.lang)}`),
      onNodeStarting: (p) => ctx.io.out(ja ? `  起動中: ${nameOf(p)}（${p.id}）` : `  starting ${p.name.en} (${p.id})`),
      onOutput: (p, line) => ctx.io.err(`[${p.key}] ${line}`),
      onBundleFailed: (detail) => ctx.io.err(message('DEMO_NODE_BUNDLE_FAILED', { detail }, ctx.lang)),
      onConsoleBuildFailed: (detail) => ctx.io.err(message('DEMO_CONSOLE_BUILD_FAILED', { detail }, ctx.lang)),
      onUnexpectedExit: (e) => {
        ctx.io.err(message('DEMO_NODE_EXITED', { name: nameOf(e.participant), node: e.participant.id, pid: e.pid, how: how(e) }, ctx.lang));
        crashed?.();
      },
    });
  } catch (e) {
    if (e instanceof DemoStartAborted || stopping.signal.aborted) {
      ctx.io.out(ja ? '\n停止しました' : '\nStopped');
      return;
    }
    if (e instanceof DemoTrustError) throw new CliConfigError(message(e.problem.code, e.problem.params, ctx.lang));
    if (e instanceof DemoNodeStartError) {
      ctx.io.err(message('DEMO_NODE_START_FAILED', { name: nameOf(e.exit.participant), node: e.exit.participant.id, how: how(e.exit) }, ctx.lang));
      for (const line of e.exit.tail.trimEnd().split('\n').slice(-20)) ctx.io.err(`  [${e.exit.participant.key}] ${line}`);
      ctx.setExitCode(1);
      return;
    }
    throw e;
  }
  for (const line of run.banner(running.nodes)) ctx.io.out(line);
  const why = await Promise.race([stopRequested, crash.then(() => 'crash' as const)]);
  if (why === 'stop') ctx.io.out(ja ? '\n停止しています…' : '\nStopping…');
  const ends = await running.close();
  for (const end of ends) {
    if (end.killed) ctx.io.err(message('DEMO_NODE_KILLED_ON_STOP', { name: nameOf(end.participant), node: end.participant.id }, ctx.lang));
  }
  if (why === 'crash' || ends.some((x) => x.killed)) ctx.setExitCode(1);
}
