// `npm run bench [-- --scale small|medium|large] [--only name[,name]] [--backend pglite|postgres]`:
// run the benchmarks, print each figure with its baseline and ratio, and write the results as JSON to bench/out/.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchmarks } from './index.ts';
import { defaultBackends, formatResult, type BenchResult, type Scale } from './harness.ts';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'small' },
    only: { type: 'string' },
    backend: { type: 'string' },
    list: { type: 'boolean', default: false },
  },
});

if (values.list) {
  for (const b of benchmarks) console.log(`${b.name.padEnd(24)} ${b.description}`);
  process.exit(0);
}
const scale = values.scale as Scale;
if (!['small', 'medium', 'large'].includes(scale)) {
  console.error(`--scale must be small, medium or large (got ${values.scale})`);
  process.exit(2);
}
const only = values.only?.split(',').map((s) => s.trim());
const unknown = only?.filter((n) => !benchmarks.some((b) => b.name === n)) ?? [];
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; see --list`);
  process.exit(2);
}
const backends = defaultBackends(process.env).filter((b) => !values.backend || b.name === values.backend);
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
console.log(`Tsunagu benchmarks — scale ${scale} — ${machine}`);
console.log(`backends: ${backends.map((b) => b.name).join(', ')}${backends.some((b) => b.name === 'postgres') ? '' : ' (set TSUNAGU_BENCH_DATABASE_URL for PostgreSQL)'}\n`);

const results: BenchResult[] = [];
for (const b of benchmarks.filter((x) => !only || only.includes(x.name))) {
  console.log(`— ${b.name}: ${b.description}`);
  for (const r of await b.run({ scale, backends, log: (l) => console.log(`  ${l}`) })) {
    results.push(r);
    console.log(formatResult(r));
  }
  console.log('');
}
const outDir = path.join('bench', 'out');
mkdirSync(outDir, { recursive: true });
const file = path.join(outDir, `results-${new Date().toISOString().replaceAll(':', '-')}.json`);
writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), scale, machine, results }, null, 2)}\n`);
console.log(`results written to ${file}`);
