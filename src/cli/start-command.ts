// `tsunagu start` (what `npm start` runs): the Noto 2024 demo federation on the embedded database — the national
// agency as trust anchor, Ishikawa, Nanao and Wajima with the real GSI shelters and Nanao's real evacuee counts, a
// dialysis clinic and a home-care provider with synthetic persons — one node per participant on consecutive ports.
import path from 'node:path';
import type { Command } from 'commander';
import { message } from '../i18n/index.ts';
import { listenConfigFromEnv } from '../node/config.ts';
import { startDemoFederation } from '../demo/federation.ts';
import { renderDemoBanner } from '../demo/render.ts';
import { DEFAULT_DEMO_PORT, DEMO_SEED } from '../demo/scenario.ts';
import { DemoTrustError } from '../demo/trust-setup.ts';
import type { CliContext } from './context.ts';
import { CliConfigError } from './store-from-env.ts';
import { deadLetterRetentionDaysFromEnv } from '../federation/dead-letters.ts';
import { trustRefreshSecondsFromEnv } from '../node/live-trust.ts';
import { runUntilStopped, startAseanFromCli } from './start-asean.ts';

export const DEMO_ROOT = path.join('.tsunagu', 'demo');

/** Where the demo keeps its state: TSUNAGU_DATA_DIR, or .tsunagu/demo. */
export function demoRootFromEnv(env: NodeJS.ProcessEnv): string {
  return path.resolve(env.TSUNAGU_DATA_DIR?.trim() || DEMO_ROOT);
}

export function registerStartCommand(program: Command, ctxFor: () => CliContext): void {
  program
    .command('start')
    .description('デモのフェデレーションを起動 / start the Noto 2024 demo federation (one node per participant)')
    .option('--scenario <name>', 'noto（能登2024、既定）または asean（DELSA の物流） / noto (Noto 2024, default) or asean (DELSA logistics)', 'noto')
    .action(async (opts: { scenario: string }) => {
      const ctx = ctxFor();
      // Request logs would drown the addresses printed below; LOG_LEVEL=info brings them back.
      const listen = listenConfigFromEnv({ LOG_LEVEL: 'warn', ...ctx.env }, { port: DEFAULT_DEMO_PORT });
      const deadLetterDays = deadLetterRetentionDaysFromEnv(ctx.env);
      const refreshSeconds = trustRefreshSecondsFromEnv(ctx.env);
      if (!listen.ok || !deadLetterDays.ok || !refreshSeconds.ok) {
        for (const p of listen.ok ? [] : listen.problems) ctx.io.err(p);
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
      let federation;
      try {
        federation = await startDemoFederation({
          root,
          basePort: listen.value.port,
          host: listen.value.host,
          logLevel: listen.value.logLevel,
          seed: DEMO_SEED,
          lang: ctx.lang,
          deadLetterRetentionDays: deadLetterDays.value,
          onNotice: (n) => ctx.io.err(message(n.code, n.params, ctx.lang)),
          trustRefreshSeconds: refreshSeconds.value,
          onNodeStarting: (p) => ctx.io.out(ja ? `  起動中: ${p.name.ja}（${p.id}）` : `  starting ${p.name.en} (${p.id})`),
        });
      } catch (e) {
        if (e instanceof DemoTrustError) throw new CliConfigError(message(e.problem.code, e.problem.params, ctx.lang));
        throw e;
      }
      for (const line of renderDemoBanner({ root, nodes: federation.nodes, lang: ctx.lang })) ctx.io.out(line);
      await runUntilStopped(ctx, federation);
    });
}
