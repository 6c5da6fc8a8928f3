import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SCENARIO_FORMAT, type ScenarioManifest } from './manifest.ts';
import { writeScenario } from './writer.ts';
import { testPlan } from './test-support.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'tsunagu-scenario-'));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Every file under `dir` with its sha-256, sorted by path. */
function treeDigest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of readdirSync(dir, { recursive: true }) as string[]) {
    const full = path.join(dir, rel);
    if (statSync(full).isFile()) out[rel] = createHash('sha256').update(readFileSync(full)).digest('hex');
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function lineCount(file: string): number {
  const text = readFileSync(file, 'utf8');
  return text === '' ? 0 : text.trimEnd().split('\n').length;
}

describe('writing a scenario', () => {
  it('writes byte-identical files for the same seed and scale', async () => {
    const plan = await testPlan('prefecture', 3, 4000);
    const a = tempDir();
    const b = tempDir();
    await writeScenario(plan, a);
    await writeScenario(await testPlan('prefecture', 3, 4000), b);
    const digestA = treeDigest(a);
    expect(Object.keys(digestA).length).toBeGreaterThan(40);
    expect(treeDigest(b)).toEqual(digestA);
  });

  it('splits the files by node and records in the manifest exactly the lines each file holds', async () => {
    const plan = await testPlan('prefecture', 4, 6000);
    const dir = tempDir();
    const returned = await writeScenario(plan, dir);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as ScenarioManifest;
    expect(manifest).toEqual(returned);
    expect(manifest.format).toBe(SCENARIO_FORMAT);
    expect(manifest.nodes.map((n) => n.id)).toEqual(plan.nodes.map((n) => n.id));
    for (const node of manifest.nodes) {
      for (const [file, count] of Object.entries(node.counts)) {
        expect(lineCount(path.join(dir, node.id, `${file}.ndjson`))).toBe(count);
      }
      if (!node.counts.persons) continue;
      for (const line of readFileSync(path.join(dir, node.id, 'persons.ndjson'), 'utf8').split('\n').filter(Boolean).slice(0, 5)) {
        expect((JSON.parse(line) as { sourceNode: string }).sourceNode).toBe(node.id);
      }
    }
    expect(lineCount(path.join(dir, 'overlaps.ndjson'))).toBe(manifest.totals.overlaps);
    expect(manifest.totals.persons).toBeGreaterThan(5800);
    expect(manifest.totals.persons).toBeLessThan(6200);
  });

  it('reports progress as rows are written, ending with the total', async () => {
    const plan = await testPlan('town', 9, 3000);
    const seen: number[] = [];
    const manifest = await writeScenario(plan, tempDir(), { progressEvery: 500, onProgress: (p) => seen.push(p.rows) });
    expect(seen.length).toBeGreaterThan(4);
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
    expect(seen.at(-1)).toBe(manifest.totals.persons + manifest.totals.facilities + manifest.totals.depots + manifest.totals.stock);
  });
});
