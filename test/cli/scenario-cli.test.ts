// `tsunagu scenario generate` driven in-process: files on disk, summaries in both languages, refusals and exit codes.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScenarioManifest } from '../../src/scenario/index.ts';
import { runCli } from './support/run-cli.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'tsunagu-scenario-cli-'));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const run = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(args, env);

describe('tsunagu scenario generate', () => {
  it('writes a small town scenario into a new folder and summarises it in Japanese by default', async () => {
    const out = path.join(tempDir(), 'town');
    const r = await run(['scenario', 'generate', '--scale', 'town', '--seed', '11', '--persons', '1500', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/生成しました.*ノード 3、要配慮者 \d+ 件/);
    expect(r.out.join('\n')).toMatch(/合成データ/);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as ScenarioManifest;
    expect(manifest.scale).toBe('town');
    expect(manifest.seed).toBe(11);
    expect(existsSync(path.join(out, 'jp-172022-city', 'persons.ndjson'))).toBe(true);
    expect(existsSync(path.join(out, 'jp-172022-city', 'depots.ndjson'))).toBe(true);
    expect(existsSync(path.join(out, 'overlaps.ndjson'))).toBe(true);
  });

  it('refuses a folder that is not empty, replaces an earlier scenario with --force, and summarises in English', async () => {
    const out = tempDir();
    const args = ['--lang', 'en', 'scenario', 'generate', '--scale', 'town', '--persons', '800', '--out', out];
    expect((await run(args)).code).toBe(0);
    const before = readFileSync(path.join(out, 'manifest.json'), 'utf8');
    const refused = await run(args);
    expect(refused.code).toBe(2);
    expect(refused.err.join('\n')).toMatch(/is not empty\. Add --force/);
    const forced = await run([...args, '--force', '--seed', '2']);
    expect(forced.code).toBe(0);
    expect(forced.out.join('\n')).toMatch(/Generated into .*: 3 nodes, \d+ persons/);
    expect(readFileSync(path.join(out, 'manifest.json'), 'utf8')).not.toBe(before);
  });

  it('replaces a scenario that was cut short (no manifest yet) with --force', async () => {
    const out = tempDir();
    expect((await run(['scenario', 'generate', '--scale', 'town', '--persons', '300', '--out', out])).code).toBe(0);
    rmSync(path.join(out, 'manifest.json'));
    expect((await run(['scenario', 'generate', '--scale', 'town', '--persons', '300', '--out', out])).code).toBe(2);
    expect((await run(['scenario', 'generate', '--scale', 'town', '--persons', '300', '--out', out, '--force'])).code).toBe(0);
    expect(existsSync(path.join(out, 'manifest.json'))).toBe(true);
  });

  it('never clears a folder holding anything but a scenario, even with --force', async () => {
    const out = tempDir();
    writeFileSync(path.join(out, 'thesis.txt'), 'precious');
    const r = await run(['--lang', 'en', 'scenario', 'generate', '--scale', 'town', '--out', out, '--force']);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/not a generated scenario/);
    expect(readFileSync(path.join(out, 'thesis.txt'), 'utf8')).toBe('precious');
  });

  it('explains a bad scale, seed, number of persons or output path with exit code 2', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'a-file');
    writeFileSync(file, 'x');
    expect((await run(['scenario', 'generate', '--scale', 'city', '--out', dir])).err.join('\n')).toMatch(/規模「city」は不明です.*town, prefecture, national/);
    const seed = await run(['--lang', 'en', 'scenario', 'generate', '--scale', 'town', '--seed', 'abc', '--out', dir]);
    expect(seed.code).toBe(2);
    expect(seed.err.join('\n')).toMatch(/seed "abc" is not valid/);
    const big = await run(['--lang', 'en', 'scenario', 'generate', '--scale', 'town', '--seed', '4294967296', '--out', dir]);
    expect(big.err.join('\n')).toMatch(/seed "4294967296" is not valid/);
    const persons = await run(['--lang', 'en', 'scenario', 'generate', '--scale', 'town', '--persons', '0', '--out', dir]);
    expect(persons.code).toBe(2);
    expect(persons.err.join('\n')).toMatch(/number of persons "0" is not valid/);
    const notDir = await run(['--lang', 'en', 'scenario', 'generate', '--scale', 'town', '--out', file]);
    expect(notDir.code).toBe(2);
    expect(notDir.err.join('\n')).toMatch(/is not a folder/);
    expect((await run(['scenario', 'generate', '--out', dir])).code).toBe(2);
  });

  it('reports missing municipality data with exit code 2 and writes nothing', async () => {
    const out = path.join(tempDir(), 'never');
    const empty = tempDir();
    mkdirSync(path.join(empty, 'ishikawa'));
    const r = await run(['--lang', 'en', 'scenario', 'generate', '--scale', 'town', '--data-dir', empty, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/municipality data was not found/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('tsunagu scenario load', () => {
  it('saves one node’s records into its store, then finds them unchanged the second time', async () => {
    const out = path.join(tempDir(), 'town');
    expect((await run(['scenario', 'generate', '--scale', 'town', '--persons', '600', '--out', out])).code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as ScenarioManifest;
    const city = manifest.nodes.find((n) => n.id === 'jp-172022-city')!;
    const env = { TSUNAGU_DATA_DIR: tempDir(), TSUNAGU_NODE_ID: 'jp-172022-city' };
    const first = await run(['--lang', 'en', 'scenario', 'load', '--dir', out], env);
    expect(first.code).toBe(0);
    const saved = (city.counts.persons ?? 0) + (city.counts.depots ?? 0) + (city.counts.stock ?? 0);
    expect(city.counts.stock).toBeGreaterThan(0);
    expect(first.out.at(-1)).toMatch(new RegExp(`jp-172022-city: saved ${saved} records — ${saved} new, 0 updated, 0 unchanged`));
    const second = await run(['--lang', 'en', 'scenario', 'load', '--dir', out], env);
    expect(second.out.at(-1)).toMatch(new RegExp(`${saved} unchanged`));
  }, 180_000);

  it('refuses an unknown node, a folder that is not a scenario, and stops at a broken line with exit code 1', async () => {
    const out = path.join(tempDir(), 'town');
    expect((await run(['scenario', 'generate', '--scale', 'town', '--persons', '300', '--out', out])).code).toBe(0);
    const env = { TSUNAGU_DATA_DIR: tempDir() };
    const unknown = await run(['--lang', 'en', 'scenario', 'load', '--dir', out, '--node', 'jp-131016-city'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.err.join('\n')).toMatch(/no node "jp-131016-city"/);
    expect((await run(['--lang', 'en', 'scenario', 'load', '--dir', tempDir(), '--node', 'x'], env)).err.join('\n')).toMatch(/not a generated scenario/);
    const depots = path.join(out, 'jp-172022-city', 'depots.ndjson');
    writeFileSync(depots, `${readFileSync(depots, 'utf8')}{"id":"x","type":"facility"}\n`);
    const broken = await run(['--lang', 'en', 'scenario', 'load', '--dir', out, '--node', 'jp-172022-city'], env);
    expect(broken.code).toBe(1);
    expect(broken.err.join('\n')).toMatch(/Line 2 of jp-172022-city\/depots\.ndjson cannot be loaded/);
  }, 180_000);
});
