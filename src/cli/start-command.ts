// `tsunagu start` (what `npm start` runs): the Noto 2024 demo federation on the embedded database — the national
// agency as trust anchor, Ishikawa, Nanao and Wajima with the real GSI shelters and Nanao's real evacuee counts, a
// dialysis clinic and a home-care provider with synthetic persons — one node per participant on consecutive ports,
// each in a process of its own (src/demo/process-federation.ts).
import path from 'node:path';
import type { Command } from 'commander';
import { message } from '../i18n/index.ts';
import { listenConfigFromEnv } from '../node/config.ts';
import { DemoNodeStartError, DemoStartAborted, startProcessDemoFederation, type ProcessDemoFederation } from '../demo/process-federation.ts';
import { renderDemoBanner } from '../demo/render.ts';
import { DEFAULT_DEMO_PORT, DEMO_SEED, type DemoParticipant } from '../demo/scenario.ts';
import { DemoTrustError } from '../demo/trust-setup.ts';
import type { CliContext } from './context.ts';
import { CliConfigError } from './store-from-env.ts';
import { deadLetterRetentionDaysFromEnv } from '../federation/dead-letters.ts';
import { trustRefreshSecondsFromEnv } from '../node/live-trust.ts';
import { startAseanFromCli } from './start-asean.ts';

export const DEMO_ROOT = path.join('.tsunagu', 'demo');

/** Where the demo keeps its state: TSUNAGU_DATA_DIR, or .tsunagu/demo. */
export function demoRootFromEnv(env: NodeJS.ProcessEnv): string {
  return path.resolve(env.TSUNAGU_DATA_DIR?.trim() || DEMO_ROOT);
}

/** How the demo's node processes run: TSUNAGU_DEMO_NODE_ENTRY, `bundle` (default) or `tsx` (for comparison). */
export function demoNodeEntryFromEnv(env: NodeJS.ProcessEnv): { ok: true; value: 'bundle' | 'tsx' } | { ok: false; value: string } {
  const value = env.TSUNAGU_DEMO_NODE_ENTRY?.trim() || 'bundle';
  return value === 'bundle' || value === 'tsx' ? { ok: true, value } : { ok: false, value };
}

export function registerStartCommand(program: Command, ctxFor: () => CliContext): void {
  program
    .command('start')
    .description('デモのフェデレーションを起動 / start the Noto 2024 demo federation (one node process per participant)')
    .option('--scenario <name>', 'noto（能登2024、既定）または asean（DELSA の物流） / noto (Noto 2024, default) or asean (DELSA logistics)', 'noto')
    .action(async (opts: { scenario: string }) => {
      const ctx = ctxFor();
      // Request logs would drown the addresses printed below; LOG_LEVEL=info brings them back.
      const listen = listenConfigFromEnv({ LOG_LEVEL: 'warn', ...ctx.env }, { port: DEFAULT_DEMO_PORT });
      const deadLetterDays = deadLetterRetentionDaysFromEnv(ctx.env);
      const refreshSeconds = trustRefreshSecondsFromEnv(ctx.env);
      const nodeEntry = demoNodeEntryFromEnv(ctx.env);
      if (!listen.ok || !deadLetterDays.ok || !refreshSeconds.ok || !nodeEntry.ok) {
        for (const p of listen.ok ? [] : listen.problems) ctx.io.err(p);
        if (!nodeEntry.ok) ctx.io.err(message('DEMO_NODE_ENTRY_INVALID', { value: nodeEntry.value }, ctx.lang));
        if (!deadLetterDays.ok) ctx.io.err(deadLetterDays.problem);
        if (!refreshSeconds.ok) ctx.io.err(message(refreshSeconds.problem.code, refreshSeconds.problem.params, ctx.lang));
        ctx.setExitCode(2);
        return;
      }
      if (opts.scenario !== 'noto' && opts.scenario !== 'asean') {
        ctx.io.err(message('DEMO_SCENARIO_UNKNOWN', { scenario: opts.scenario, known: 'noto, asean' }, ctx.lang));
        ctx.setExitCode(2);
        return;
      }
      if (opts.scenario === 'asean') {
        const { port, host, logLevel } = listen.value;
        return startAseanFromCli(ctx, { port, host, logLevel, deadLetterDays: deadLetterDays.value, refreshSeconds: refreshSeconds.value });
      }
      const root = demoRootFromEnv(ctx.env);
      const ja = ctx.lang === 'ja';
      ctx.io.out(ja ? `デモのフェデレーションを準備しています（${root}）…` : `Preparing the demo federation (${root})…`);
      const nameOf = (p: DemoParticipant) => p.name[ctx.lang];
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
      let federation: ProcessDemoFederation;
      try {
        federation = await startProcessDemoFederation({
          root,
          basePort: listen.value.port,
          host: listen.value.host,
          logLevel: listen.value.logLevel,
          seed: DEMO_SEED,
          lang: ctx.lang,
          deadLetterRetentionDays: deadLetterDays.value,
          trustRefreshSeconds: refreshSeconds.value,
          signal: stopping.signal,
          onNotice: (n, p) => ctx.io.err(`${p ? `[${p.key}] ` : ''}${message(n.code, n.params, ctx.lang)}`),
          onNodeStarting: (p) => ctx.io.out(ja ? `  起動中: ${p.name.ja}（${p.id}）` : `  starting ${p.name.en} (${p.id})`),
          onOutput: (p, line) => ctx.io.err(`[${p.key}] ${line}`),
          nodeEntry: nodeEntry.value,
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
      for (const line of renderDemoBanner({ root, nodes: federation.nodes, lang: ctx.lang })) ctx.io.out(line);
      const running = federation;
      const why = await Promise.race([stopRequested, crash.then(() => 'crash' as const)]);
      if (why === 'stop') ctx.io.out(ja ? '\n停止しています…' : '\nStopping…');
      const ends = await running.close();
      for (const end of ends) {
        if (end.killed) ctx.io.err(message('DEMO_NODE_KILLED_ON_STOP', { name: nameOf(end.participant), node: end.participant.id }, ctx.lang));
      }
      if (why === 'crash' || ends.some((x) => x.killed)) ctx.setExitCode(1);
    });
}
