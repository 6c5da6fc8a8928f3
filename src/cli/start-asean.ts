// `tsunagu start --scenario asean`: the ASEAN logistics demo (docs/demo.md, "ASEAN scenario") — the AHA Centre with the
// DELSA warehouses, the Philippines' Office of Civil Defense and DSWD Field Office VIII on two trust lists — kept in
// its own state directory so it never mixes with the Noto demo's.
import path from 'node:path';
import { message } from '../i18n/index.ts';
import { startAseanFederation } from '../demo/asean/federation.ts';
import { renderAseanBanner } from '../demo/asean/render.ts';
import { DemoTrustError } from '../demo/trust-setup.ts';
import type { CliContext } from './context.ts';
import { CliConfigError } from './store-from-env.ts';

export const ASEAN_DEMO_ROOT = path.join('.tsunagu', 'demo-asean');

/** Where the ASEAN demo keeps its state: TSUNAGU_DATA_DIR, or .tsunagu/demo-asean. */
export function aseanRootFromEnv(env: NodeJS.ProcessEnv): string {
  return path.resolve(env.TSUNAGU_DATA_DIR?.trim() || ASEAN_DEMO_ROOT);
}

export interface AseanStartSettings {
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  deadLetterDays: number;
  refreshSeconds: number;
}

/** Start the ASEAN demo, print where it answers, and run until SIGINT or SIGTERM. */
export async function startAseanFromCli(ctx: CliContext, s: AseanStartSettings): Promise<void> {
  const root = aseanRootFromEnv(ctx.env);
  // The scenario's participants work in English; the progress lines follow --lang.
  const ja = ctx.lang === 'ja';
  ctx.io.out(ja ? `ASEAN のデモを準備しています（${root}）…` : `Preparing the ASEAN demo (${root})…`);
  let federation;
  try {
    federation = await startAseanFederation({
      root, basePort: s.port, host: s.host, logLevel: s.logLevel, lang: ctx.lang, deadLetterRetentionDays: s.deadLetterDays, trustRefreshSeconds: s.refreshSeconds,
      onNotice: (n) => ctx.io.err(message(n.code, n.params, ctx.lang)),
      onNodeStarting: (p) => ctx.io.out(`  starting ${p.name.en} (${p.id})`),
    });
  } catch (e) {
    if (e instanceof DemoTrustError) throw new CliConfigError(message(e.problem.code, e.problem.params, ctx.lang));
    throw e;
  }
  for (const line of renderAseanBanner({ root, nodes: federation.nodes })) ctx.io.out(line);
  await runUntilStopped(ctx, federation);
}

/** Runs until SIGINT or SIGTERM, then closes what was started (each node signs its log's tail) and returns. */
export function runUntilStopped(ctx: CliContext, running: { close(): Promise<void> }): Promise<void> {
  return new Promise<void>((resolve) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      ctx.io.out(ctx.lang === 'ja' ? '\n停止しています…' : '\nStopping…');
      void running.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
