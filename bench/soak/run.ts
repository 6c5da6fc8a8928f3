// `npm run soak -- --minutes N [--seed S] [--dir D] [--keep] [--rss-bound-mib M]`: the demo federation, one process per
// node, under a mixed load and injected faults for N minutes; prints the figures, writes them as JSON to bench/out/,
// and exits 1 on any lost or duplicated write, unexpected answer, crash, failed audit verification or memory above
// the bound (docs/soak.md).
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatSoakReport } from './report.ts';
import { runSoak } from './soak.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    seed: { type: 'string', default: '20240101' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'rss-bound-mib': { type: 'string', default: '1536' },
    'fault-gap-seconds': { type: 'string' },
    'max-fault-seconds': { type: 'string' },
    'drain-minutes': { type: 'string', default: '6' },
  },
});

function positive(name: string, text: string | undefined): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`--${name} は正の数です / --${name} must be a positive number (got ${text})`);
    process.exit(2);
  }
  return n;
}

const minutes = positive('minutes', values.minutes);
const seed = Math.trunc(positive('seed', values.seed));
// Short runs get shorter, denser faults, so even a CI minute sees kills, partitions and delays heal.
const maxFaultMs = 1000 * (values['max-fault-seconds'] ? positive('max-fault-seconds', values['max-fault-seconds']) : minutes < 5 ? 8 : 20);
const meanGapMs = 1000 * (values['fault-gap-seconds'] ? positive('fault-gap-seconds', values['fault-gap-seconds']) : minutes < 5 ? 10 : 20);
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
console.log(`Tsunagu soak — ${machine}`);
const t0 = Date.now();
const report = await runSoak({
  minutes,
  seed,
  ...(values.dir ? { root: path.resolve(values.dir) } : {}),
  keep: values.keep,
  rssBoundMiB: positive('rss-bound-mib', values['rss-bound-mib']),
  meanGapMs,
  maxFaultMs,
  drainMs: positive('drain-minutes', values['drain-minutes']) * 60_000,
  mix: { operators: 2, federated: 2, public: 1, attackers: 1, declareEveryMs: 60_000 },
  onProgress: (line) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}`),
});
console.log('');
for (const line of formatSoakReport(report)) console.log(line);
const outDir = path.join('bench', 'out');
mkdirSync(outDir, { recursive: true });
const file = path.join(outDir, `soak-${new Date().toISOString().replaceAll(':', '-')}.json`);
writeFileSync(file, `${JSON.stringify({ machine, wallSeconds: (Date.now() - t0) / 1000, ...report }, null, 2)}\n`);
console.log(`figures written to ${file}`);
process.exitCode = report.ok ? 0 : 1;
