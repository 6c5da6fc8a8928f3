// Alerts in: JMA telegrams and CAP alerts through Tsunagu's importers (decode, hostile-XML screening, libxml2 parse, XSD
// validation for CAP, conversion, area mapping) and into the store (one transaction), against fast-xml-parser alone on
// the same bytes in the same process; and how fast hostile documents are refused.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { XmlDocument } from 'libxml2-wasm';
import { applyImport, type InputFile } from '../src/adapters/apply-import.ts';
import { capImporter } from '../src/adapters/cap/cap-importer.ts';
import { jmaImporter } from '../src/adapters/jma/jma-importer.ts';
import type { Importer } from '../src/adapters/types.ts';
import { readXml } from '../src/adapters/xml/xml-input.ts';
import { openStore } from '../src/store/open-store.ts';
import { medianMs, rate, sized, timed, type BenchContext, type BenchResult, type Benchmark } from './harness.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const sharedData = process.env.TSUNAGU_SHARED_DATA ?? path.resolve(here, '..', '..', 'shared', 'data');
const ctx = { sourceNode: 'jp-170003-ishikawa-pref', now: '2026-12-06T00:00:00Z' };
const GOAL = 'parse-and-store above 1,000 telegrams/s';

/**
 * `count` telegrams cycling through the samples (those under `maxBytes`), each with its own EventID so every one is a
 * record of its own. The published samples lean to the largest kinds (nationwide VXSE53, whole-region VPWW54, up to
 * 0.5 MB); most telegrams on a real feed are a few kilobytes, hence the second, small-telegram set.
 */
function jmaTelegrams(count: number, maxBytes = Infinity): InputFile[] {
  const dir = path.join(sharedData, 'jma');
  const samples = readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .filter((t) => Buffer.byteLength(t) <= maxBytes);
  return Array.from({ length: count }, (_, i) => {
    const text = samples[i % samples.length]!.replace(/<EventID>[^<]*<\/EventID>|<EventID\/>/, `<EventID>bench-${i}</EventID>`);
    return { name: `t${i}.xml`, bytes: new TextEncoder().encode(text) };
  });
}

/** `count` CAP alerts cycling through the valid examples, each with its own identifier. */
function capAlerts(count: number): InputFile[] {
  const dir = path.join(sharedData, 'cap');
  const samples = ['australia.cap', 'canada.cap', 'earthquake.cap', 'weather.cap', 'no_optional_fields.cap'].map((f) => readFileSync(path.join(dir, f), 'utf8'));
  return Array.from({ length: count }, (_, i) => {
    const text = samples[i % samples.length]!.replace(/<(cap:)?identifier>[^<]*</, `<$1identifier>bench-${i}<`).replace(/<(cap:)?references>[^<]*<\/(cap:)?references>/, '');
    return { name: `a${i}.cap`, bytes: new TextEncoder().encode(text) };
  });
}

const baselineParser = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true, parseTagValue: false });

async function throughput(bench: BenchContext, name: string, importer: Importer, files: InputFile[]): Promise<BenchResult[]> {
  const bytes = files.reduce((n, f) => n + f.bytes.length, 0);
  bench.log(`${name}: ${files.length} documents, ${(bytes / 1e6).toFixed(1)} MB`);
  const baseline = await medianMs(3, () => {
    for (const f of files) baselineParser.parse(new TextDecoder().decode(f.bytes));
  });
  // libxml2 is the parser Tsunagu's path uses; parsing alone with it shows what the rest of the path costs.
  const libxml2Only = await medianMs(3, () => {
    for (const f of files) XmlDocument.fromString(new TextDecoder().decode(f.bytes), { encoding: 'utf-8' }).dispose();
  });
  const parseOnly = await medianMs(3, () => {
    for (const f of files) importer.parse(f.name, f.bytes, ctx);
  });
  const results: BenchResult[] = [];
  for (const backend of bench.backends) {
    const store = await openStore(backend.config());
    try {
      const { ms, value } = await timed(() => applyImport(store, importer, files, ctx));
      if (!value.applied) throw new Error(`${name}: import refused: ${JSON.stringify(value.rejected.slice(0, 3))}`);
      results.push({
        benchmark: name,
        backend: backend.name,
        size: files.length,
        tsunagu: { label: 'parse, validate, convert and store', value: rate(files.length, ms), unit: 'documents/s' },
        baseline: { what: 'fast-xml-parser alone on the same bytes (no screening, validation, conversion or storage)', label: 'parse', value: rate(files.length, baseline), unit: 'documents/s' },
        ratio: ms / baseline,
        extra: [
          { label: 'parse and convert only (no store)', value: rate(files.length, parseOnly), unit: 'documents/s' },
          { label: 'libxml2 parse alone', value: rate(files.length, libxml2Only), unit: 'documents/s' },
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
      ...(await throughput(bench, 'alerts-parse-jma', jmaImporter, jmaTelegrams(n))),
      ...(await throughput(bench, 'alerts-parse-jma-small', jmaImporter, jmaTelegrams(n, 16 * 1024))),
      ...(await throughput(bench, 'alerts-parse-cap', capImporter, capAlerts(n))),
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
