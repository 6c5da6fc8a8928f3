// `tsunagu start --scenario asean`: the ASEAN logistics demo (docs/demo.md, "ASEAN scenario") — the AHA Centre with the
// DELSA warehouses, the Philippines' Office of Civil Defense and DSWD Field Office VIII on two trust lists — kept in
// its own state directory so it never mixes with the Noto demo's, each node in a process of its own as for Noto.
import path from 'node:path';
import { startAseanFederation } from '../demo/asean/federation.ts';
import { renderAseanBanner } from '../demo/asean/render.ts';
import type { CliContext } from './context.ts';
import { runDemoProcesses } from './demo-process-run.ts';

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
  /** How node processes run (TSUNAGU_DEMO_NODE_ENTRY). */
  nodeEntry: 'bundle' | 'tsx';
}

/** Start the ASEAN demo, each node in a process of its own, print where it answers, and run until SIGINT or SIGTERM. */
export async function startAseanFromCli(ctx: CliContext, s: AseanStartSettings): Promise<void> {
  const root = aseanRootFromEnv(ctx.env);
  // The scenario's participants work in English; the progress lines follow --lang.
  ctx.io.out(ctx.lang === 'ja' ? `ASEAN のデモを準備しています（${root}）…` : `Preparing the ASEAN demo (${root})…`);
  await runDemoProcesses(ctx, {
    nodeEntry: s.nodeEntry,
    start: (hooks) =>
      startAseanFederation({
        ...hooks,
        root,
        basePort: s.port,
        host: s.host,
        logLevel: s.logLevel,
        lang: ctx.lang,
        deadLetterRetentionDays: s.deadLetterDays,
        trustRefreshSeconds: s.refreshSeconds,
      }),
    banner: (nodes) => renderAseanBanner({ root, nodes }),
  });
}
