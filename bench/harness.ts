// The benchmark harness: every benchmark measures Tsunagu's path and an honest baseline in the same process and
// reports both figures and their ratio. Benchmarks are never tests; they print, and `bench/run.ts` records JSON.
import { performance } from 'node:perf_hooks';
import { MEMORY_DATA_DIR, type StoreConfig } from '../src/store/config.ts';

export type Scale = 'small' | 'medium' | 'large';

export interface BenchContext {
  scale: Scale;
  /** The storage backends to run store-bound benchmarks on. */
  backends: { name: 'pglite' | 'postgres'; config: () => StoreConfig }[];
  log: (line: string) => void;
}

export interface Figure {
  label: string;
  value: number;
  unit: string;
}

export interface BenchResult {
  benchmark: string;
  backend?: string;
  /** Problem size, e.g. rows imported. */
  size: number;
  tsunagu: Figure;
  baseline?: Figure & { what: string };
  /** tsunagu time ÷ baseline time (for throughputs: baseline rate ÷ tsunagu rate); > 1 means Tsunagu is slower. */
  ratio?: number;
  goal?: string;
  extra?: Figure[];
}

export interface Benchmark {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<BenchResult[]>;
}

/** Size per scale: small runs in seconds for a quick check; large is the national-scale figure. */
export function sized(scale: Scale, sizes: Record<Scale, number>): number {
  return sizes[scale];
}

export async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** Median of `runs` timings after one warm-up run. */
export async function medianMs(runs: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timed(fn)).ms);
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export function percentile(sortedMs: number[], p: number): number {
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor((p / 100) * sortedMs.length))]!;
}

export function rate(count: number, ms: number): number {
  return count / (ms / 1000);
}

export function defaultBackends(env: NodeJS.ProcessEnv): BenchContext['backends'] {
  const url = env.TSUNAGU_BENCH_DATABASE_URL ?? env.TSUNAGU_TEST_DATABASE_URL;
  const list: BenchContext['backends'] = [{ name: 'pglite', config: () => ({ backend: 'pglite', dataDir: MEMORY_DATA_DIR }) }];
  if (url) {
    let n = 0;
    list.push({ name: 'postgres', config: () => ({ backend: 'postgres', url, schema: `tsunagu_bench_${process.pid}_${n++}` }) });
  }
  return list;
}

export function formatFigure(f: Figure): string {
  const v = f.value >= 100 ? Math.round(f.value).toLocaleString('en-US') : f.value.toFixed(f.value >= 10 ? 1 : 2);
  return `${v} ${f.unit}`;
}

export function formatResult(r: BenchResult): string {
  const parts = [`${r.benchmark}${r.backend ? ` [${r.backend}]` : ''} n=${r.size.toLocaleString('en-US')}`, `  tsunagu:  ${r.tsunagu.label} ${formatFigure(r.tsunagu)}`];
  if (r.baseline) parts.push(`  baseline: ${r.baseline.what}: ${formatFigure(r.baseline)}`);
  if (r.ratio !== undefined) parts.push(`  ratio:    ${r.ratio.toFixed(2)}× ${r.ratio > 1 ? '(slower than baseline)' : '(faster than or equal to baseline)'}`);
  for (const e of r.extra ?? []) parts.push(`  ${e.label}: ${formatFigure(e)}`);
  if (r.goal) parts.push(`  goal:     ${r.goal}`);
  return parts.join('\n');
}
