// Alerts in: JMA telegrams and CAP alerts through Tsunagu's importers (decode, hostile-XML screening, libxml2 parse, XSD
// validation against the CAP and JMA schemas, conversion, area mapping) and into the store (one transaction), against fast-xml-parser alone on
// the same bytes in the same process; and how fast hostile documents are refused. Rates are given by wall time and by
// the process's CPU time: on a shared machine the CPU-time rate is the steadier figure for the code itself.
import { loadavg } from 'node:os';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { XmlDocument } from 'libxml2-wasm';
import { applyImport, type InputFile } from '../src/adapters/apply-import.ts';
import { capImporter } from '../src/adapters/cap/cap-importer.ts';
import { jmaImporter, parseJmaFile } from '../src/adapters/jma/jma-importer.ts';
import type { Importer } from '../src/adapters/types.ts';
import { alertDraft } from '../src/adapters/alert-items.ts';
import { jmaAlertRecordId } from '../src/adapters/jma/jma-importer.ts';
import { JMA_SCHEMA, JMA_SCHEMA_DIR } from '../src/adapters/jma/jma-schema.ts';
import { jmaReportToPayload } from '../src/adapters/jma/jma-telegram.ts';
import { readXml, type XmlNode } from '../src/adapters/xml/xml-input.ts';
import { isSchemaLoaded, schemaValidator } from '../src/adapters/xml/xsd.ts';
import { openStore } from '../src/store/open-store.ts';
import { medianMs, rate, sized, type BenchContext, type BenchResult, type Benchmark } from './harness.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const sharedData = process.env.TSUNAGU_SHARED_DATA ?? path.resolve(here, '..', '..', 'shared', 'data');
const ctx = { sourceNode: 'jp-170003-ishikawa-pref', now: '2026-12-06T00:00:00Z' };
const GOAL = 'parse-and-store above 1,000 telegrams/s';

/**
 * `count` telegrams cycling through the samples (those under `maxBytes`), each with its own EventID so every one is a
 * record of its own (`tag` makes another set of records). The published samples lean to the largest kinds (nationwide VXSE53, whole-region VPWW54, up to
 * 0.5 MB); most telegrams on a real feed are a few kilobytes, hence the second, small-telegram set.
 */
function jmaTelegrams(count: number, maxBytes = Infinity, tag = ''): InputFile[] {
  const dir = path.join(sharedData, 'jma');
  const samples = readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .filter((t) => Buffer.byteLength(t) <= maxBytes);
  return Array.from({ length: count }, (_, i) => {
    const text = samples[i % samples.length]!.replace(/<EventID>[^<]*<\/EventID>|<EventID\/>/, `<EventID>bench${tag}-${i}</EventID>`);
    return { name: `t${i}.xml`, bytes: new TextEncoder().encode(text) };
  });
}

/** `count` CAP alerts cycling through the valid examples, each with its own identifier (`tag` makes another set). */
function capAlerts(count: number, tag = ''): InputFile[] {
  const dir = path.join(sharedData, 'cap');
  const samples = ['australia.cap', 'canada.cap', 'earthquake.cap', 'weather.cap', 'no_optional_fields.cap'].map((f) => readFileSync(path.join(dir, f), 'utf8'));
  return Array.from({ length: count }, (_, i) => {
    const text = samples[i % samples.length]!.replace(/<(cap:)?identifier>[^<]*</, `<$1identifier>bench${tag}-${i}<`).replace(/<(cap:)?references>[^<]*<\/(cap:)?references>/, '');
    return { name: `a${i}.cap`, bytes: new TextEncoder().encode(text) };
  });
}

const baselineParser = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true, parseTagValue: false });

/** Wall and CPU milliseconds of one run (CPU: this process, every thread; PGlite runs in it). */
async function measured<T>(fn: () => Promise<T> | T): Promise<{ wallMs: number; cpuMs: number; value: T }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await fn();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000, value };
}

/** Median wall and median CPU milliseconds of `runs` runs after a warm-up. */
async function medianRun(runs: number, fn: () => unknown): Promise<{ wallMs: number; cpuMs: number }> {
  await fn();
  const all: { wallMs: number; cpuMs: number }[] = [];
  for (let i = 0; i < runs; i++) all.push(await measured(fn));
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { wallMs: median(all.map((r) => r.wallMs)), cpuMs: median(all.map((r) => r.cpuMs)) };
}

const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

/**
 * `set(tag)` gives the documents, each `tag` naming records of their own. The store is measured in its steady state:
 * one import of another set first (PGlite compiles its code paths on first use), then the median of three imports,
 * each of new records, into the growing table.
 */
async function throughput(bench: BenchContext, name: string, importer: Importer, set: (tag: string) => InputFile[]): Promise<BenchResult[]> {
  const files = set('');
  const bytes = files.reduce((n, f) => n + f.bytes.length, 0);
  bench.log(`${name}: ${files.length} documents, ${(bytes / 1e6).toFixed(1)} MB; load average ${load()}`);
  const baseline = await medianRun(3, () => {
    for (const f of files) baselineParser.parse(new TextDecoder().decode(f.bytes));
  });
  // libxml2 is the parser Tsunagu's path uses (given the UTF-8 bytes, as readXml does); alone it shows what the rest costs.
  const libxml2Only = await medianRun(3, () => {
    for (const f of files) XmlDocument.fromBuffer(f.bytes, { encoding: 'utf-8' }).dispose();
  });
  const parseOnly = await medianRun(3, () => {
    for (const f of files) importer.parse(f.name, f.bytes, ctx);
  });
  const results: BenchResult[] = [];
  for (const backend of bench.backends) {
    const store = await openStore(backend.config());
    try {
      const runs: { wallMs: number; cpuMs: number }[] = [];
      for (const tag of ['-warm-up', '', '-2', '-3']) {
        const batch = tag === '' ? files : set(tag);
        const run = await measured(() => applyImport(store, importer, batch, ctx));
        if (!run.value.applied) throw new Error(`${name}: import refused: ${JSON.stringify(run.value.rejected.slice(0, 3))}`);
        bench.log(`${name} [${backend.name}]${tag === '-warm-up' ? ' warm-up' : ''}: stored in ${Math.round(run.wallMs)} ms wall, ${Math.round(run.cpuMs)} ms CPU; load average ${load()}`);
        if (tag !== '-warm-up') runs.push(run);
      }
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[1]!;
      const wallMs = median(runs.map((r) => r.wallMs));
      const cpuMs = median(runs.map((r) => r.cpuMs));
      const perSecond = (ms: number) => rate(files.length, ms);
      results.push({
        benchmark: name,
        backend: backend.name,
        size: files.length,
        tsunagu: { label: 'parse, validate, convert and store (wall time)', value: perSecond(wallMs), unit: 'documents/s' },
        baseline: { what: 'fast-xml-parser alone on the same bytes (no screening, validation, conversion or storage), wall time', label: 'parse', value: perSecond(baseline.wallMs), unit: 'documents/s' },
        ratio: wallMs / baseline.wallMs,
        extra: [
          { label: 'parse, validate, convert and store (CPU time)', value: perSecond(cpuMs), unit: 'documents/s' },
          { label: 'parse and convert only (wall time)', value: perSecond(parseOnly.wallMs), unit: 'documents/s' },
          { label: 'parse and convert only (CPU time)', value: perSecond(parseOnly.cpuMs), unit: 'documents/s' },
          { label: 'libxml2 parse alone (wall / CPU time)', value: perSecond(libxml2Only.wallMs), unit: `documents/s / ${Math.round(perSecond(libxml2Only.cpuMs)).toLocaleString('en-US')}/s` },
          { label: 'baseline fast-xml-parser (CPU time)', value: perSecond(baseline.cpuMs), unit: 'documents/s' },
          { label: 'ratio store ÷ baseline (CPU time)', value: cpuMs / baseline.cpuMs, unit: '×' },
        ],
        goal: GOAL,
      });
    } finally {
      await store.close();
    }
  }
  return results;
}

function hostileDocuments(): { name: string; xml: string }[] {
  const laughs = Array.from({ length: 10 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
  return [
    { name: 'billion laughs', xml: `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${laughs}]><alert>&lol10;</alert>` },
    { name: 'external entity (file)', xml: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><alert>&x;</alert>' },
    { name: 'remote DTD', xml: '<?xml version="1.0"?><!DOCTYPE alert SYSTEM "http://192.0.2.1/cap.dtd"><alert/>' },
    { name: 'XInclude', xml: '<alert xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="http://192.0.2.1/x"/></alert>' },
    { name: 'oversized (5 MB)', xml: `<alert>${'x'.repeat(5 * 1024 * 1024)}</alert>` },
  ];
}

export const alertsParseBenchmark: Benchmark = {
  name: 'alerts-parse',
  description: 'JMA telegrams and CAP alerts: parse-and-store rate vs fast-xml-parser alone; hostile XML refusal times',
  async run(bench) {
    const n = sized(bench.scale, { small: 400, medium: 2_000, large: 10_000 });
    const results = [
      ...(await throughput(bench, 'alerts-parse-jma', jmaImporter, (tag) => jmaTelegrams(n, Infinity, tag))),
      ...(await throughput(bench, 'alerts-parse-jma-small', jmaImporter, (tag) => jmaTelegrams(n, 16 * 1024, tag))),
      ...(await throughput(bench, 'alerts-parse-cap', capImporter, (tag) => capAlerts(n, tag))),
    ];
    const benign = new TextEncoder().encode(readFileSync(path.join(sharedData, 'cap', 'weather.cap'), 'utf8'));
    const benignMs = await medianMs(200, () => readXml(benign));
    for (const doc of hostileDocuments()) {
      const bytes = new TextEncoder().encode(doc.xml);
      const ms = await medianMs(200, () => capImporter.parse('hostile.xml', bytes, ctx));
      results.push({
        benchmark: `alerts-hostile: ${doc.name}`,
        size: bytes.length,
        tsunagu: { label: 'refused in', value: ms, unit: 'ms' },
        baseline: { what: 'screening and parsing a benign 2.6 kB CAP alert', label: 'read', value: benignMs, unit: 'ms' },
        ratio: ms / benignMs,
        goal: 'refused in under 10 ms',
      });
    }
    return results;
  },
};

/**
 * The JMA import as it was before telegrams were validated against JMA's schemas (screen and parse, read, convert):
 * the baseline that shows what the validation costs. Not an import path of Tsunagu's: only this benchmark runs it.
 */
function importWithoutSchema(file: string, bytes: Uint8Array): number {
  const read = readXml(bytes);
  if (!read.ok) throw new Error(`${file}: ${read.problem.code}`);
  const converted = jmaReportToPayload(read.root.Report as XmlNode);
  if (!converted.ok) throw new Error(`${file}: ${converted.problems[0]?.code}`);
  return alertDraft(jmaAlertRecordId(converted.alert), converted.alert, file, `jma-${converted.telegram.code}`, ctx).id.length;
}

const MB = (bytes: number) => bytes / 1e6;

/** Time and memory of parsing JMA's schemas once; measured before anything else in the process has loaded them. */
function schemaLoad(): BenchResult[] {
  if (isSchemaLoaded(JMA_SCHEMA)) return [];
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage();
  const start = performance.now();
  schemaValidator(JMA_SCHEMA, JMA_SCHEMA_DIR);
  const ms = performance.now() - start;
  (globalThis as { gc?: () => void }).gc?.();
  const after = process.memoryUsage();
  return [{
    benchmark: 'alerts-jma-schema: loading JMA\'s schemas (first telegram only)',
    size: 1,
    tsunagu: { label: 'parse jmx.xsd and its imports', value: ms, unit: 'ms' },
    extra: [
      { label: 'resident memory added (RSS, libxml2\'s WebAssembly memory included)', value: MB(after.rss - before.rss), unit: 'MB' },
      { label: 'JavaScript heap added', value: MB(after.heapUsed - before.heapUsed), unit: 'MB' },
    ],
  }];
}

export const alertsJmaSchemaBenchmark: Benchmark = {
  name: 'alerts-jma-schema',
  description: 'JMA telegrams: import of one telegram with and without validation against JMA\'s XML Schemas, in the same process; memory of the loaded schemas',
  async run(bench) {
    const results = schemaLoad();
    const runs = sized(bench.scale, { small: 100, medium: 300, large: 1_000 });
    for (const name of ['32-35_01_01_100806_VXSE51.xml', '32-35_01_03_240613_VXSE53.xml', '15_11_01_150916_VPWW54.xml']) {
      const bytes = new Uint8Array(readFileSync(path.join(sharedData, 'jma', name)));
      const check = parseJmaFile(name, bytes, ctx);
      if (check.rejected.length > 0) throw new Error(`${name}: ${JSON.stringify(check.rejected[0])}`);
      const without = await medianMs(runs, () => importWithoutSchema(name, bytes));
      const withSchema = await medianMs(runs, () => parseJmaFile(name, bytes, ctx));
      bench.log(`alerts-jma-schema ${name}: ${withSchema.toFixed(2)} ms with, ${without.toFixed(2)} ms without; load average ${load()}`);
      results.push({
        benchmark: `alerts-jma-schema: one telegram, ${name} (${(bytes.length / 1024).toFixed(0)} kB)`,
        size: 1,
        tsunagu: { label: 'screen, parse, validate against JMA\'s schemas, convert (median)', value: withSchema, unit: 'ms' },
        baseline: { what: 'the same import without the schema validation', label: 'screen, parse, convert (median)', value: without, unit: 'ms' },
        ratio: withSchema / without,
        extra: [{ label: 'schema validation adds', value: withSchema - without, unit: 'ms' }],
      });
    }
    return results;
  },
};
