// `tsunagu start` (what `npm start` runs): the Noto 2024 demo federation on the embedded database — the national
// agency as trust anchor, Ishikawa, Nanao and Wajima with the real GSI shelters and Nanao's real evacuee counts, a
// dialysis clinic and a home-care provider with synthetic persons — one node per participant on consecutive ports,
// each in a process of its own (src/demo/process-federation.ts).
import path from 'node:path';
import type { Command } from 'commander';
import { message } from '../i18n/index.ts';
import { listenConfigFromEnv } from '../node/config.ts';
import { startProcessDemoFederation } from '../demo/process-federation.ts';
import { renderDemoBanner } from '../demo/render.ts';
import { DEFAULT_DEMO_PORT, DEMO_SEED } from '../demo/scenario.ts';
import type { CliContext } from './context.ts';
import { runDemoProcesses } from './demo-process-run.ts';
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
        return startAseanFromCli(ctx, { port, host, logLevel, deadLetterDays: deadLetterDays.value, refreshSeconds: refreshSeconds.value, nodeEntry: nodeEntry.value });
      }
      const root = demoRootFromEnv(ctx.env);
      ctx.io.out(ctx.lang === 'ja' ? `デモのフェデレーションを準備しています（${root}）…` : `Preparing the demo federation (${root})…`);
      await runDemoProcesses(ctx, {
        nodeEntry: nodeEntry.value,
        start: (hooks) =>
          startProcessDemoFederation({
            ...hooks,
            root,
            basePort: listen.value.port,
            host: listen.value.host,
            logLevel: listen.value.logLevel,
            seed: DEMO_SEED,
            lang: ctx.lang,
            deadLetterRetentionDays: deadLetterDays.value,
            trustRefreshSeconds: refreshSeconds.value,
          }),
        banner: (nodes) => renderDemoBanner({ root, nodes, lang: ctx.lang }),
      });
    });
}
