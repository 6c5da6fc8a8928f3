// `tsunagu scenario generate`: write a synthetic national-disaster scenario (persons requiring care, facilities,
// depots and their stock, the truth of who is on several lists) as NDJSON per node, for benchmarks, drills and demos.
import { readdir, readFile, rm, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import {
  isScaleName,
  prepareScenario,
  readDrafts,
  scaleNames,
  scenarioFiles,
  SCENARIO_FORMAT,
  SCENARIO_MARKER_FILE,
  writeScenario,
  type ScenarioManifest,
  type ScenarioPlan,
  type WriteProgress,
} from '../scenario/index.ts';
import { message, type MessageCode, type MessageParams } from '../i18n/index.ts';
import type { AnyRecordDraft } from '../model/record.ts';
import type { Store } from '../store/types.ts';
import type { CliContext } from './context.ts';
import { openStoreFromEnv } from './store-from-env.ts';

export const MAX_SCENARIO_PERSONS = 50_000_000;

export interface ScenarioGenerateOptions {
  scale?: string;
  seed?: string;
  out?: string;
  persons?: string;
  force?: boolean;
  dataDir?: string;
}

type Checked<T> = { ok: true; value: T } | { ok: false; code: MessageCode; params: MessageParams };

function parseWhole(text: string | undefined, max: number): number | undefined {
  if (text === undefined || !/^[0-9]+$/.test(text.trim())) return undefined;
  const n = Number(text.trim());
  return Number.isSafeInteger(n) && n <= max ? n : undefined;
}

function checkArguments(o: ScenarioGenerateOptions): Checked<{ scale: (typeof scaleNames)[number]; seed: number; persons?: number; out: string }> {
  const scale = o.scale ?? '';
  if (!isScaleName(scale)) return { ok: false, code: 'SCENARIO_UNKNOWN_SCALE', params: { scale, scales: scaleNames.join(', ') } };
  const seed = parseWhole(o.seed ?? '1', 0xffffffff);
  if (seed === undefined) return { ok: false, code: 'SCENARIO_BAD_SEED', params: { seed: o.seed } };
  let persons: number | undefined;
  if (o.persons !== undefined) {
    persons = parseWhole(o.persons, MAX_SCENARIO_PERSONS);
    if (persons === undefined || persons < 1) return { ok: false, code: 'SCENARIO_BAD_PERSONS', params: { persons: o.persons, max: MAX_SCENARIO_PERSONS } };
  }
  return { ok: true, value: { scale, seed, ...(persons !== undefined ? { persons } : {}), out: path.resolve(o.out ?? '') } };
}

/** Make `dir` an empty folder: create it, accept it empty, or (with --force) clear an earlier scenario there. */
async function prepareOutDir(dir: string, force: boolean): Promise<Checked<true>> {
  const s = await stat(dir).catch(() => undefined);
  if (s === undefined) {
    await mkdir(dir, { recursive: true });
    return { ok: true, value: true };
  }
  if (!s.isDirectory()) return { ok: false, code: 'SCENARIO_OUT_NOT_DIRECTORY', params: { dir } };
  const entries = await readdir(dir);
  if (entries.length === 0) return { ok: true, value: true };
  if (!force) return { ok: false, code: 'SCENARIO_OUT_NOT_EMPTY', params: { dir } };
  // Only a folder that holds a scenario we wrote (complete, or cut short) is ever cleared, never an arbitrary one.
  const marker = await readFile(path.join(dir, SCENARIO_MARKER_FILE), 'utf8').catch(() => undefined);
  if (marker?.trim() !== SCENARIO_FORMAT) return { ok: false, code: 'SCENARIO_OUT_NOT_SCENARIO', params: { dir } };
  for (const e of entries) await rm(path.join(dir, e), { recursive: true, force: true });
  return { ok: true, value: true };
}

function progressBar(ctx: CliContext, label: MessageCode = 'SCENARIO_PROGRESS_LABEL'): { onProgress: (p: WriteProgress) => void; stop: () => void } {
  if (!ctx.io.interactive) return { onProgress: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: ` ${message(label, {}, ctx.lang)} [{bar}] {percentage}% {value}/{total} {node}`, stream: process.stderr, clearOnComplete: true, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    onProgress: (p) => {
      if (!started) {
        bar.start(p.expected, 0, { node: '' });
        started = true;
      }
      bar.setTotal(Math.max(p.expected, p.rows));
      bar.update(p.rows, { node: p.node });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

/** Run `scenario generate`; returns the exit code (0 written, 1 write failed, 2 bad arguments or data). */
export async function runScenarioGenerate(options: ScenarioGenerateOptions, ctx: CliContext): Promise<number> {
  const fail = (code: MessageCode, params: MessageParams, exit: number) => {
    ctx.io.err(`tsunagu: ${message(code, params, ctx.lang)}`);
    return exit;
  };
  const args = checkArguments(options);
  if (!args.ok) return fail(args.code, args.params, 2);
  const { scale, seed, persons, out } = args.value;

  let plan: ScenarioPlan;
  try {
    plan = await prepareScenario({ scale, seed, ...(persons !== undefined ? { persons } : {}), ...(options.dataDir ? { gsiDir: options.dataDir } : {}) });
  } catch (e) {
    return fail('SCENARIO_DATA_MISSING', { dir: options.dataDir ?? 'data/gsi-shelters', detail: (e as Error).message }, 2);
  }

  let outDir: Checked<true>;
  try {
    outDir = await prepareOutDir(out, options.force ?? false);
  } catch (e) {
    return fail('SCENARIO_WRITE_FAILED', { dir: out, detail: (e as Error).message }, 1);
  }
  if (!outDir.ok) return fail(outDir.code, outDir.params, 2);

  ctx.io.out(
    message('SCENARIO_PLAN', { scale, seed, municipalities: plan.municipalities.length, nodes: plan.nodes.length, persons: plan.expectedPersons }, ctx.lang),
  );
  const progress = progressBar(ctx);
  const started = performance.now();
  try {
    const manifest = await writeScenario(plan, out, { onProgress: progress.onProgress });
    progress.stop();
    const seconds = (performance.now() - started) / 1000;
    const rows = manifest.totals.persons + manifest.totals.facilities + manifest.totals.depots + manifest.totals.stock;
    ctx.io.out(
      message(
        'SCENARIO_SUMMARY',
        { dir: out, ...manifest.totals, seconds: seconds.toFixed(1), rate: Math.round(rows / Math.max(seconds, 0.001)) },
        ctx.lang,
      ),
    );
    ctx.io.out(message('SCENARIO_SYNTHETIC_NOTICE', {}, ctx.lang));
    return 0;
  } catch (e) {
    progress.stop();
    return fail('SCENARIO_WRITE_FAILED', { dir: out, detail: (e as Error).message }, 1);
  }
}

const LOAD_CHUNK = 1000;

export interface ScenarioLoadOptions {
  dir?: string;
  node?: string;
}

export interface LoadTarget {
  dir: string;
  node: ScenarioManifest['nodes'][number];
}

/** Find the scenario and the node to load before any store is opened, so a mistake costs nothing. */
export async function resolveLoadTarget(options: ScenarioLoadOptions, ctx: CliContext): Promise<Checked<LoadTarget>> {
  const dir = path.resolve(options.dir ?? '');
  let manifest: ScenarioManifest | undefined;
  try {
    manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as ScenarioManifest;
  } catch {
    manifest = undefined;
  }
  if (manifest?.format !== SCENARIO_FORMAT) return { ok: false, code: 'SCENARIO_LOAD_NOT_SCENARIO', params: { dir } };
  const nodeId = options.node ?? ctx.env.TSUNAGU_NODE_ID ?? '';
  const node = manifest.nodes.find((n) => n.id === nodeId);
  if (!node) return { ok: false, code: 'SCENARIO_LOAD_UNKNOWN_NODE', params: { node: nodeId, dir } };
  return { ok: true, value: { dir, node } };
}

/** Run `scenario load` against an open store: one node's files, in chunks; returns the exit code. */
export async function runScenarioLoad(store: Store, target: LoadTarget, ctx: CliContext): Promise<number> {
  const { dir, node } = target;
  const expected = scenarioFiles.reduce((s, f) => s + (node.counts[f] ?? 0), 0);
  const progress = progressBar(ctx, 'SCENARIO_LOAD_PROGRESS_LABEL');
  const totals = { rows: 0, created: 0, updated: 0, unchanged: 0 };
  const started = performance.now();
  const flush = async (chunk: AnyRecordDraft[]) => {
    if (chunk.length === 0) return;
    for (const o of await store.upsert(chunk)) totals[o.kind]++;
    totals.rows += chunk.length;
    progress.onProgress({ rows: totals.rows, expected, node: node.id });
  };
  let broken: MessageParams | undefined;
  try {
    for (const file of scenarioFiles) {
      if (!node.counts[file] || broken) continue;
      const name = path.join(node.id, `${file}.ndjson`);
      let chunk: AnyRecordDraft[] = [];
      for await (const line of readDrafts(path.join(dir, name))) {
        if (!line.ok) {
          broken = { file: name, line: line.line, detail: line.detail };
          break;
        }
        chunk.push(line.draft);
        if (chunk.length >= LOAD_CHUNK) {
          await flush(chunk);
          chunk = [];
        }
      }
      // The valid lines before a broken one are saved; the report says where it stopped.
      await flush(chunk);
    }
  } finally {
    progress.stop();
  }
  if (broken) {
    ctx.io.err(`tsunagu: ${message('SCENARIO_LOAD_INVALID', broken, ctx.lang)}`);
    return 1;
  }
  const seconds = (performance.now() - started) / 1000;
  ctx.io.out(
    message('SCENARIO_LOAD_SUMMARY', { node: node.id, ...totals, seconds: seconds.toFixed(1), rate: Math.round(totals.rows / Math.max(seconds, 0.001)) }, ctx.lang),
  );
  return 0;
}

export function registerScenarioCommand(program: Command, ctxFor: () => CliContext): void {
  const scenario = program.command('scenario').description('合成シナリオ / synthetic scenarios for benchmarks and drills (docs/scenario.md)');
  scenario
    .command('generate')
    .description('合成シナリオを生成 / generate a synthetic scenario as NDJSON per node')
    .requiredOption('--scale <scale>', scaleNames.join(' | '))
    .requiredOption('--out <dir>', 'output folder (created; must be empty unless --force)')
    .option('--seed <n>', 'seed, an integer 0–4294967295 (same seed and scale, same bytes)', '1')
    .option('--persons <n>', 'person records in all (default: town 5000, prefecture 100000, national 10000000)')
    .option('--force', 'replace a scenario generated earlier in --out')
    .option('--data-dir <dir>', 'GSI shelter data folder with code-to-city.json (default: the bundled data/gsi-shelters)')
    .action(async (options: ScenarioGenerateOptions) => {
      const ctx = ctxFor();
      ctx.setExitCode(await runScenarioGenerate(options, ctx));
    });
  scenario
    .command('load')
    .description("生成したシナリオの1ノード分を保存 / save one node's part of a generated scenario into this node's store")
    .requiredOption('--dir <dir>', 'a folder written by scenario generate')
    .option('--node <id>', 'which node (default: TSUNAGU_NODE_ID)')
    .action(async (options: ScenarioLoadOptions) => {
      const ctx = ctxFor();
      const target = await resolveLoadTarget(options, ctx);
      if (!target.ok) {
        ctx.io.err(`tsunagu: ${message(target.code, target.params, ctx.lang)}`);
        ctx.setExitCode(2);
        return;
      }
      const store = await openStoreFromEnv(ctx);
      try {
        ctx.setExitCode(await runScenarioLoad(store, target.value, ctx));
        // On PGlite nothing vacuums after a load; index-only area answers need it (store.maintain).
        await store.maintain();
      } finally {
        await store.close();
      }
    });
}
