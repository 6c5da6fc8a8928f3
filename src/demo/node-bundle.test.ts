// The node bundle runs its sources' newest code and finds each source's own files: built from a small source tree in
// a temporary directory, run with plain `node`, changed, and run again.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { asciiOnly, ensureNodeBundle, type NodeBundleOptions } from './node-bundle.mjs';
import { nodeProcessEntry } from './process-launcher.ts';

const run = promisify(execFile);

let dir: string;
let options: NodeBundleOptions;

async function source(relative: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(dir, relative)), { recursive: true });
  await writeFile(path.join(dir, relative), text);
}

async function output(file: string): Promise<string> {
  return (await run(process.execPath, [file], { cwd: os.tmpdir() })).stdout.trim();
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tsunagu-node-bundle-'));
  // A module in a subdirectory reads a table beside itself by import.meta.url, as migrations and data tables do.
  await source('src/tables/table.txt', 'from the table\n');
  await source(
    'src/tables/read-table.ts',
    "import { readFileSync } from 'node:fs';\nexport const table = (): string => readFileSync(new URL('./table.txt', import.meta.url), 'utf8').trim();\n",
  );
  await source('src/greeting.ts', "export const greeting: string = 'first';\n");
  await source(
    'src/main.ts',
    "import { greeting } from './greeting.ts';\nimport { table } from './tables/read-table.ts';\nconst lazy = await import('./lazy.ts');\nconsole.log([greeting, table(), lazy.where].join('|'));\n",
  );
  await source('src/lazy.ts', 'export const where: string = import.meta.url;\n');
  await source('package-lock.json', '{"lockfileVersion":3}\n');
  options = { entry: path.join(dir, 'src', 'main.ts'), outDir: path.join(dir, 'out'), alsoDependsOn: [path.join(dir, 'package-lock.json')] };
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the node bundle', () => {
  it('runs without tsx, and each module finds files beside its own source, not beside the bundle', async () => {
    const bundle = await ensureNodeBundle(options);
    expect(bundle.built).toBe(true);
    expect(path.dirname(bundle.file)).toBe(options.outDir);
    const [greeting, table, where] = (await output(bundle.file)).split('|');
    expect(greeting).toBe('first');
    expect(table).toBe('from the table');
    expect(where).toBe(new URL(`file://${path.join(dir, 'src', 'lazy.ts')}`).href);
  });

  it('starts a worker thread from a plain .mjs file beside its source, as the store may start PGlite', async () => {
    await source('src/store/worker.mjs', "import { parentPort } from 'node:worker_threads';\nparentPort.postMessage('worker beside its source');\n");
    await source(
      'src/store/client.ts',
      "import { Worker } from 'node:worker_threads';\nconst w = new Worker(new URL('./worker.mjs', import.meta.url));\nw.once('message', (m: string) => { console.log(m); void w.terminate(); });\n",
    );
    const bundle = await ensureNodeBundle({ ...options, entry: path.join(dir, 'src', 'store', 'client.ts') });
    expect(await output(bundle.file)).toBe('worker beside its source');
  });

  it('is reused while nothing it was built from changed', async () => {
    const first = await ensureNodeBundle(options);
    const again = await ensureNodeBundle(options);
    expect(again).toEqual({ file: first.file, built: false });
  });

  it('is built again, never stale, when a source file, a file imported lazily or the lock file changed', async () => {
    const first = await ensureNodeBundle(options);
    await source('src/greeting.ts', "export const greeting: string = 'second';\n");
    const second = await ensureNodeBundle(options);
    expect(second.built).toBe(true);
    expect(second.file).not.toBe(first.file);
    expect((await output(second.file)).split('|')[0]).toBe('second');

    await source('src/lazy.ts', "export const where: string = 'changed';\n");
    const third = await ensureNodeBundle(options);
    expect(third.built).toBe(true);
    expect((await output(third.file)).split('|')[2]).toBe('changed');

    await source('package-lock.json', '{"lockfileVersion":3,"packages":{}}\n');
    expect((await ensureNodeBundle(options)).built).toBe(true);
  });

  it('builds again when its bundle file went missing', async () => {
    const first = await ensureNodeBundle(options);
    await rm(first.file);
    const again = await ensureNodeBundle(options);
    expect(again.built).toBe(true);
    expect(await output(again.file)).toMatch(/^first\|/);
  });

  it('leaves the previous bundle in place for processes starting from it', async () => {
    const first = await ensureNodeBundle(options);
    await source('src/greeting.ts', "export const greeting: string = 'second';\n");
    await ensureNodeBundle(options);
    expect(await readdir(options.outDir)).toContain(path.basename(first.file));
  });

  it('is ASCII only, so V8 keeps its source at one byte a character, and its Japanese patterns still match', async () => {
    await source(
      'src/main.ts',
      [
        "const prefecture = /^(北海道|東京都|.{2,3}県)(.*)$/u.exec('石川県七尾市')?.[1];",
        "const era = /^令和(元|\\d+)年/.test('令和6年') ? 'era' : 'none';",
        "const astral = /^[𠮷]$/u.test('𠮷') && /^𠮷$/.test('𠮷') ? 'astral' : 'none';",
        '// 七尾市 in a comment',
        "console.log([prefecture, era, astral, '避難所'].join('|'));",
      ].join('\n'),
    );
    const bundle = await ensureNodeBundle(options);
    expect([...(await readFile(bundle.file))].every((b) => b < 0x80)).toBe(true);
    expect(await output(bundle.file)).toBe('石川県|era|astral|避難所');
  });

  it('escapes any text into ASCII that evaluates to the same string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const literal = asciiOnly(JSON.stringify(text));
        expect([...literal].every((c) => c.charCodeAt(0) < 0x80)).toBe(true);
        expect(JSON.parse(literal)).toBe(text);
      }),
    );
  });

  it('refuses sources that do not compile, and the node processes then run through tsx with the reason given', async () => {
    await source('src/greeting.ts', 'export const greeting: string = ;\n');
    await expect(ensureNodeBundle(options)).rejects.toThrow(/greeting\.ts/);
    const reasons: string[] = [];
    const entry = await nodeProcessEntry('bundle', (detail) => reasons.push(detail), options);
    expect(entry.kind).toBe('tsx');
    expect(entry.file).toMatch(/node-process\.mjs$/);
    expect(reasons.join('\n')).toMatch(/greeting\.ts/);
  });
});
