// The faster XML path (tree read from text, one libxml2 parse serving the CAP schema, leaner area walk) must give the
// very records the old path gave: every JMA and CAP sample, the reconstructions and the fixtures, refusals included.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCapFile } from '../../src/adapters/cap/cap-importer.ts';
import { parseJmaFile } from '../../src/adapters/jma/jma-importer.ts';
import type { ParsedFile } from '../../src/adapters/types.ts';
import { canonicalJson } from '../../src/trust/canonical-json.ts';
import { sharedDataPath } from '../support/shared-data.ts';
import golden from '../fixtures/alerts/importer-output-4a7fd47.json' with { type: 'json' };

const ctx = { sourceNode: 'jp-170003-ishikawa-pref', now: '2026-12-06T00:00:00Z' };
const repo = (p: string) => new URL(`../../${p}`, import.meta.url);

function inputs(): { label: string; bytes: Uint8Array; parse: (file: string, bytes: Uint8Array, c: typeof ctx) => ParsedFile }[] {
  const list: ReturnType<typeof inputs> = [];
  const add = (label: string, path: string | URL, parse: (typeof list)[number]['parse']) => list.push({ label, bytes: new Uint8Array(readFileSync(path)), parse });
  for (const f of readdirSync(sharedDataPath('jma')).filter((x) => x.endsWith('.xml')).sort()) add(`shared/jma/${f}`, sharedDataPath('jma', f), parseJmaFile);
  for (const f of readdirSync(sharedDataPath('cap')).filter((x) => /\.(cap|edxlde)$/.test(x)).sort()) add(`shared/cap/${f}`, sharedDataPath('cap', f), parseCapFile);
  for (const f of readdirSync(repo('examples/alerts')).filter((x) => x.endsWith('.xml')).sort()) add(`examples/alerts/${f}`, repo(`examples/alerts/${f}`), parseJmaFile);
  for (const f of readdirSync(repo('test/fixtures/cap')).sort()) add(`test/fixtures/cap/${f}`, repo(`test/fixtures/cap/${f}`), parseCapFile);
  return list;
}

describe('the alert importers', () => {
  it('give, for every sample and fixture, exactly what the importers of commit 4a7fd47 gave', () => {
    const files = inputs();
    expect(files.map((f) => f.label).sort()).toEqual(Object.keys(golden.digests).sort());
    for (const { label, bytes, parse } of files) {
      const parsed = parse(label, bytes, ctx);
      const comparable = { ...parsed, items: parsed.items.map((i) => ({ ...i, merge: i.merge !== undefined })) };
      const digest = createHash('sha256').update(canonicalJson(comparable)).digest('hex');
      expect(digest, label).toBe(golden.digests[label as keyof typeof golden.digests]);
    }
  });
});
