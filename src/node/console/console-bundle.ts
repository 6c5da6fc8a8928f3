// The console's static files: built with esbuild from web/src/main.tsx once per process, and kept on disk with the
// content hash of every input, so a restart with unchanged sources serves the previous build instead of rebuilding.
import { createHash } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const require = createRequire(import.meta.url);
/**
 * esbuild's version from its package file, and esbuild itself loaded only to build: a node that serves the console
 * the demo's parent already built checks the build's manifest and never loads esbuild (about 7 MB per process).
 */
const esbuildVersion = (require('esbuild/package.json') as { version: string }).version;

/** The console's entry, its offline basemap and where builds are kept (.tsunagu is not in git). */
export const defaultConsolePaths = {
  entry: path.join(repoRoot, 'web', 'src', 'main.tsx'),
  basemap: path.join(repoRoot, 'web', 'basemap', 'japan-prefectures.topo.json'),
  outDir: path.join(repoRoot, '.tsunagu', 'console-build'),
};

/**
 * MapLibre GL starts its web worker from `maplibre-gl-worker.mjs` beside the script that loaded it, so that file is
 * served, unbundled and under that name, next to the bundle.
 */
const MAPLIBRE_WORKER = 'maplibre-gl-worker.mjs';

export interface ConsoleFile {
  /**
   * Where the file is on disk: read at each request rather than held, since the build with its source maps is about
   * 13 MB and a demo runs eight nodes (the browser caches the content-hashed files for good anyway).
   */
  path: string;
  contentType: string;
  /** Named by content hash: cacheable for good. */
  immutable: boolean;
}

export interface ConsoleBundle {
  /** The page, referring to the files below relative to /console/. */
  indexHtml: string;
  /** Files under /console/assets/ by name. */
  assets: ReadonlyMap<string, ConsoleFile>;
  /** True when the files came from the previous build on disk. */
  fromCache: boolean;
}

export interface ConsoleBuildOptions {
  entry: string;
  outDir: string;
}

interface Manifest {
  key: string;
  /** Every input esbuild read, with its SHA-256. */
  inputs: Record<string, string>;
  outputs: string[];
  scripts: string[];
  styles: string[];
}

const contentTypes: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export function contentTypeOf(file: string): string {
  return contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

function buildOptions(entry: string, outDir: string): BuildOptions {
  return {
    entryPoints: { main: entry, 'maplibre-gl': require.resolve('maplibre-gl/dist/maplibre-gl.css') },
    bundle: true,
    format: 'esm',
    jsx: 'automatic',
    minify: true,
    sourcemap: true,
    target: 'es2022',
    loader: { '.json': 'json', '.svg': 'file', '.png': 'file', '.woff2': 'file' },
    define: { 'process.env.NODE_ENV': '"production"' },
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    outdir: outDir,
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: repoRoot,
  };
}

/** What the build depends on besides its inputs: the tool, its options and the entry. */
function cacheKey(entry: string, outDir: string): string {
  const options = buildOptions(entry, outDir);
  return sha256(JSON.stringify({ esbuildVersion, options, format: 1 }));
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function consoleIndexHtml(scripts: readonly string[], styles: readonly string[]): string {
  return [
    '<!doctype html>',
    '<html lang="ja">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<title>Tsunagu コンソール / console</title>',
    // No favicon request: the page asks the node for nothing it does not serve.
    '<link rel="icon" href="data:,">',
    ...styles.map((s) => `<link rel="stylesheet" href="assets/${escapeHtml(s)}">`),
    '</head>',
    '<body>',
    '<div id="root"></div>',
    '<noscript>このコンソールには JavaScript が必要です / This console needs JavaScript</noscript>',
    ...scripts.map((s) => `<script type="module" src="assets/${escapeHtml(s)}"></script>`),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

async function readManifest(outDir: string): Promise<Manifest | undefined> {
  try {
    return JSON.parse(await readFile(path.join(outDir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/** Whether every input the previous build read still has the content it had. */
async function inputsUnchanged(manifest: Manifest): Promise<boolean> {
  for (const [file, hash] of Object.entries(manifest.inputs)) {
    const bytes = await readFile(path.resolve(repoRoot, file)).catch(() => undefined);
    if (bytes === undefined || sha256(bytes) !== hash) return false;
  }
  return true;
}

async function loadFiles(outDir: string, names: readonly string[]): Promise<Map<string, ConsoleFile>> {
  const files = new Map<string, ConsoleFile>();
  for (const name of names) {
    const file = path.join(outDir, name);
    // Every file is there now (a build left out of step with its manifest is a build to redo, not a page with holes).
    await access(file);
    files.set(name, { path: file, contentType: contentTypeOf(name), immutable: name !== MAPLIBRE_WORKER && !name.startsWith(`${MAPLIBRE_WORKER}.`) });
  }
  return files;
}

function inputPath(input: string): string {
  // esbuild names inputs relative to absWorkingDir, with a namespace prefix for virtual ones.
  return input.replace(/^[a-z-]+:/, '');
}

/**
 * Write a file whole or not at all: a process sharing the directory may be reading the same name meanwhile (hashed
 * names repeat across builds of the same sources), and a half-written file would be cached as immutable for a year.
 */
async function writeWhole(file: string, contents: Uint8Array | string): Promise<void> {
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, contents);
    await rename(temporary, file);
  } catch (e) {
    await rm(temporary, { force: true });
    throw e;
  }
}

async function freshBuild(entry: string, outDir: string, key: string): Promise<ConsoleBundle> {
  const { build } = await import('esbuild');
  const result = await build(buildOptions(entry, outDir));
  const workerSource = path.join(path.dirname(require.resolve('maplibre-gl/dist/maplibre-gl.css')), MAPLIBRE_WORKER);
  const inputs: Record<string, string> = {};
  const inputFiles = [...Object.keys(result.metafile?.inputs ?? {}).map(inputPath), path.relative(repoRoot, workerSource), path.relative(repoRoot, `${workerSource}.map`)];
  for (const file of inputFiles) inputs[file] = sha256(await readFile(path.resolve(repoRoot, file)));

  // Only files a previous build wrote are removed: the directory may be shared or chosen by the caller.
  const previous = await readManifest(outDir);
  await mkdir(outDir, { recursive: true });
  await rm(path.join(outDir, 'manifest.json'), { force: true });
  for (const name of previous?.outputs ?? []) {
    if (!name.includes('..') && !path.isAbsolute(name)) await rm(path.join(outDir, name), { force: true });
  }
  const outputs: string[] = [];
  const scripts: string[] = [];
  const styles: string[] = [];
  for (const f of result.outputFiles ?? []) {
    const name = path.relative(outDir, f.path);
    await writeWhole(path.join(outDir, name), f.contents);
    outputs.push(name);
    if (name.endsWith('.js') && name.startsWith('main-')) scripts.push(name);
    if (name.endsWith('.css')) styles.push(name);
  }
  for (const name of [MAPLIBRE_WORKER, `${MAPLIBRE_WORKER}.map`]) {
    await writeWhole(path.join(outDir, name), await readFile(path.join(path.dirname(workerSource), name)));
    outputs.push(name);
  }
  // MapLibre's own stylesheet first, so the console's rules can override it.
  styles.sort((a, b) => (a.startsWith('maplibre-gl-') ? -1 : b.startsWith('maplibre-gl-') ? 1 : a < b ? -1 : 1));
  const manifest: Manifest = { key, inputs, outputs, scripts, styles };
  // Written last: a build interrupted before this line is simply built again.
  await writeWhole(path.join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  return { indexHtml: consoleIndexHtml(scripts, styles), assets: await loadFiles(outDir, outputs), fromCache: false };
}

/** The console for `entry`: the previous build when nothing it read has changed, a new one otherwise. */
export async function buildConsoleBundle({ entry, outDir }: ConsoleBuildOptions): Promise<ConsoleBundle> {
  const key = cacheKey(entry, outDir);
  const previous = await readManifest(outDir);
  if (previous?.key === key && (await inputsUnchanged(previous))) {
    try {
      return { indexHtml: consoleIndexHtml(previous.scripts, previous.styles), assets: await loadFiles(outDir, previous.outputs), fromCache: true };
    } catch {
      // A file of the previous build went missing: build again.
    }
  }
  return freshBuild(entry, outDir, key);
}

const builds = new Map<string, Promise<ConsoleBundle>>();

const buildId = (options: ConsoleBuildOptions) => `${path.resolve(options.entry)}\n${path.resolve(options.outDir)}`;

/**
 * Forget this process's build: another process sharing the output directory built anew and removed its files (the
 * sources changed), so the next request reads that build's manifest instead of naming files that are gone.
 */
export function forgetConsoleBundle(options: ConsoleBuildOptions): void {
  builds.delete(buildId(options));
}

/**
 * One build per entry and output directory per process, started on first use: the demo's six nodes share it. A
 * failed build is forgotten, so the next request tries again (the sources may have been fixed meanwhile).
 */
export function consoleBundle(options: ConsoleBuildOptions): Promise<ConsoleBundle> {
  const id = buildId(options);
  let pending = builds.get(id);
  if (pending === undefined) {
    pending = buildConsoleBundle(options);
    builds.set(id, pending);
    pending.catch(() => builds.delete(id));
  }
  return pending;
}
