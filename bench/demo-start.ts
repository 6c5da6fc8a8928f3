// `npm start` measured as its user meets it: the time from the command to the banner on a fresh data directory and on
// a later start, the memory of all its processes (RSS, and PSS, which divides shared pages among their sharers) at
// the banner and a minute later, and how long one node's /health waits while another node answers the heaviest
// polygons it accepts. Each process is listed as `script RSS/PSS` in MB; each progress line of the start with its time
// (the parent's preparation, then each node as a worker reaches it), and the load average before and after. Run: npx tsx bench/demo-start.ts
// [--wait-seconds 60] (figures in BENCHMARKS.md); TSUNAGU_DEMO_NODE_ENTRY=tsx measures node processes run through tsx.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { proportionalBytes, residentBytes } from '../src/demo/process-memory.ts';
import { MAX_AREA_VERTICES } from '../src/model/geo.ts';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'tsunagu.mjs');
const waitSeconds = Number(process.argv[process.argv.indexOf('--wait-seconds') + 1] ?? 60) || 60;
const MB = 1024 * 1024;

interface Started {
  child: ChildProcess;
  ms: number;
  urls: Map<string, string>;
  /** Each progress line with the seconds since the command: where the start's time goes (template, each node). */
  timeline: string[];
}

async function startDemo(root: string): Promise<Started> {
  const t0 = performance.now();
  // As `npm start` runs it (package.json): the parent with the node processes' V8 flags too.
  const child = spawn(process.execPath, ['--max-semi-space-size=1', '--liftoff-only', CLI, 'start', '--lang', 'en'], {
    env: { ...process.env, TSUNAGU_DATA_DIR: root, TSUNAGU_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const timeline: string[] = [];
  child.stderr?.on('data', (c: Buffer) => process.stderr.write(c));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      const s = ((performance.now() - t0) / 1000).toFixed(1);
      for (const line of c.toString('utf8').split('\n')) if (/^(Preparing|\s+starting)/.test(line)) timeline.push(`${s} ${line.trim()}`);
      out += c.toString('utf8');
      if (out.includes('Stop with Ctrl+C')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`npm start ended before its banner (${code}):\n${out}`)));
  });
  const urls = new Map([...out.matchAll(/^\s+(http:\/\/[^\s]+)\s+(jp-[a-z0-9-]+)$/gm)].map((m) => [m[2]!, m[1]!]));
  return { child, ms: performance.now() - t0, urls, timeline };
}

async function treePids(pid: number): Promise<number[]> {
  const kids = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '')).trim().split(/\s+/).filter(Boolean).map(Number);
  return [pid, ...(await Promise.all(kids.map(treePids))).flat()];
}

/** What a process runs, shortly: the script's file name (a node process's bundle, node-process.mjs, the CLI). */
async function commandOf(pid: number): Promise<string> {
  const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0').filter(Boolean);
  const script = args.slice(1).find((a) => !a.startsWith('-'));
  return script ? path.basename(script) : path.basename(args[0] ?? '?');
}

async function memory(pid: number): Promise<{ processes: number; rssMb: number; pssMb: number; each: string[] }> {
  // Every process of the tree (tsx's esbuild service, a helper of the CLI's parent, is small but listed apart).
  const pids = await treePids(pid);
  let rss = 0;
  let pss = 0;
  const each: string[] = [];
  for (const p of pids) {
    const r = (await residentBytes(p)) ?? 0;
    const s = (await proportionalBytes(p)) ?? 0;
    rss += r;
    pss += s;
    each.push(`${await commandOf(p)} ${Math.round(r / MB)}/${Math.round(s / MB)}`);
  }
  return { processes: pids.length, rssMb: Math.round(rss / MB), pssMb: Math.round(pss / MB), each };
}

async function stopDemo(child: ChildProcess): Promise<number> {
  const t0 = performance.now();
  const ended = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await ended;
  return performance.now() - t0;
}

function circle(n: number): number[][] {
  const ring = Array.from({ length: n - 1 }, (_, i) => {
    const a = (2 * Math.PI * i) / (n - 1);
    return [136.9 + 0.6 * Math.cos(a), 37.0 + 0.5 * Math.sin(a)];
  });
  return [...ring, ring[0]!];
}

async function healthMs(url: string): Promise<number> {
  const t0 = performance.now();
  await fetch(`${url}/health`, { signal: AbortSignal.timeout(30_000) });
  return performance.now() - t0;
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

/** /health of `other` and of `busy` sampled while `busy` answers six of the heaviest polygons it accepts at once. */
async function isolation(busy: string, other: string) {
  const idle: number[] = [];
  for (let i = 0; i < 20; i++) idle.push(await healthMs(other));
  const body = JSON.stringify({ purpose: 'evacuation-support', within: { type: 'Polygon', coordinates: [circle(MAX_AREA_VERTICES)] } });
  const samples = { other: [] as number[], busy: [] as number[] };
  let running = true;
  // Each node sampled on its own: the busy node's slow answers must not thin out the other node's samples.
  const sample = async (url: string, into: number[]) => {
    while (running) {
      into.push(await healthMs(url));
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const sampler = Promise.all([sample(other, samples.other), sample(busy, samples.busy)]);
  const t0 = performance.now();
  const statuses = await Promise.all(
    Array.from({ length: 6 }, () => fetch(`${busy}/api/v1/datasets/shelters/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.status)),
  );
  const loadMs = performance.now() - t0;
  running = false;
  await sampler;
  const idleMedian = percentile(idle, 50);
  return {
    polygons: { count: 6, positions: MAX_AREA_VERTICES, statuses, ms: Math.round(loadMs) },
    idleHealthMedianMs: Math.round(idleMedian),
    otherNode: { samples: samples.other.length, p95Ms: Math.round(percentile(samples.other, 95)), maxMs: Math.round(Math.max(...samples.other)), maxDelayMs: Math.round(Math.max(...samples.other) - idleMedian) },
    busyNode: { samples: samples.busy.length, p95Ms: Math.round(percentile(samples.busy, 95)), maxMs: Math.round(Math.max(...samples.busy)) },
  };
}

const base = await mkdtemp(path.join(tmpdir(), 'tsunagu-bench-start-'));
const root = path.join(base, 'demo');
try {
  console.log(`load average before: ${(await readFile('/proc/loadavg', 'utf8')).trim()}`);
  const first = await startDemo(root);
  console.log(`first start, progress (s since the command): ${first.timeline.join(' | ')}`);
  const firstAtBanner = await memory(first.child.pid!);
  console.log(`first start: ${(first.ms / 1000).toFixed(1)} s to the banner; at the banner ${JSON.stringify(firstAtBanner)}`);
  await new Promise((r) => setTimeout(r, waitSeconds * 1000));
  const firstLater = await memory(first.child.pid!);
  console.log(`first start, ${waitSeconds} s after the banner: ${JSON.stringify(firstLater)}`);
  const busy = first.urls.get('jp-170003-ishikawa-pref')!;
  const other = first.urls.get('jp-172049-wajima-city')!;
  console.log(`isolation (Ishikawa busy, Wajima's /health): ${JSON.stringify(await isolation(busy, other))}`);
  console.log(`stop: ${((await stopDemo(first.child)) / 1000).toFixed(1)} s`);
  const later = await startDemo(root);
  console.log(`later start, progress (s since the command): ${later.timeline.join(' | ')}`);
  const laterAtBanner = await memory(later.child.pid!);
  console.log(`later start: ${(later.ms / 1000).toFixed(1)} s to the banner; at the banner ${JSON.stringify(laterAtBanner)}`);
  await new Promise((r) => setTimeout(r, waitSeconds * 1000));
  console.log(`later start, ${waitSeconds} s after the banner: ${JSON.stringify(await memory(later.child.pid!))}`);
  console.log(`stop: ${((await stopDemo(later.child)) / 1000).toFixed(1)} s`);
  console.log(`load average after: ${(await readFile('/proc/loadavg', 'utf8')).trim()}`);
} finally {
  await rm(base, { recursive: true, force: true });
}
