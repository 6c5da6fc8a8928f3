// One ESM file holding a program's own sources (TypeScript compiled by esbuild) — a demo node process, or the CLI's
// `start` — so it runs on Node's own loader, without tsx. Built when its inputs changed (each input's SHA-256 kept in a
// manifest), never stale. Plain JavaScript (types in node-bundle.d.mts): bin/tsunagu.mjs uses it before any TypeScript
// can be loaded.
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * esbuild's version from its package file, and esbuild itself loaded only to build: `npm start`'s parent checks
 * both bundles on every start and builds them only when a source changed, so a later start never loads esbuild (its
 * module kept about 7 MB in the parent for the demo's whole run).
 */
const packages = createRequire(import.meta.url);
const esbuildVersion = packages('esbuild/package.json').version;

const bundler = fileURLToPath(import.meta.url);
const repoRoot = path.resolve(path.dirname(bundler), '..', '..');

// Built again when the lock file (package versions) or this module (how bundles are made) changed.
const bundleOf = (entry) => ({
  entry,
  outDir: path.join(repoRoot, '.tsunagu', 'node-bundle'),
  sourceRoot: repoRoot,
  alsoDependsOn: [path.join(repoRoot, 'package-lock.json'), bundler],
});

/** The demo node process's bundle: src/demo/node-process.ts, kept in .tsunagu/node-bundle (not in git). */
export const defaultNodeBundle = bundleOf(path.join(repoRoot, 'src', 'demo', 'node-process.ts'));

/** The CLI's bundle (src/cli/main.ts), which `npm start` runs in its parent process. */
export const cliBundle = bundleOf(path.join(repoRoot, 'src', 'cli', 'main.ts'));

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/**
 * `import.meta.url` (and `.dirname`, `.filename`) of every own source file replaced by that file's own location:
 * modules find their migrations, data tables, XML schemas and the console's sources beside themselves, and in one
 * bundle `import.meta.url` would be the bundle's. Packages stay external (Node loads them from node_modules with
 * their WebAssembly and files), so only our sources pass through here.
 */
/** @type {import('esbuild').Plugin} */
const ownLocation = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const url = pathToFileURL(args.path).href;
      const own = { url, dirname: path.dirname(args.path), filename: args.path };
      // A pattern with escaped dots, so that this module's own source, bundled into the CLI, is not rewritten by it.
      const contents = source.replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (_, key) => JSON.stringify(own[key]));
      return { contents, loader: /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

/** @returns {import('esbuild').BuildOptions} */
function buildOptions(entry, sourceRoot) {
  return {
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Every package from node_modules at run time, as without a bundle: several read files beside themselves
    // (PGlite's and HiGHS's WebAssembly, libxml2-wasm), and Node's loader already shares them between processes' caches.
    packages: 'external',
    // No source map: Node would parse and keep it in every process. The bundle is not minified, and esbuild marks
    // each module's code with its source path, so a stack trace still leads to the source.
    sourcemap: false,
    absWorkingDir: sourceRoot,
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [ownLocation],
  };
}

/** What a bundle depends on besides its inputs: the tool, its options and the entry. */
function cacheKey(entry, sourceRoot) {
  const { plugins: _plugins, ...options } = buildOptions(entry, sourceRoot);
  return sha256(JSON.stringify({ esbuildVersion, options, plugin: 1 }));
}

const sourceRootOf = (o) => o.sourceRoot ?? path.dirname(o.entry);
const manifestFile = (o) => path.join(o.outDir, `${path.basename(o.entry).replace(/\.[cm]?[jt]s$/, '')}.manifest.json`);

async function readManifest(o) {
  try {
    return JSON.parse(await readFile(manifestFile(o), 'utf8'));
  } catch {
    return undefined;
  }
}

async function digest(file) {
  const bytes = await readFile(file).catch(() => undefined);
  return bytes === undefined ? '' : sha256(bytes);
}

/** Whether every input the previous bundle was built from still has the content it had. */
async function inputsUnchanged(manifest) {
  const files = Object.entries(manifest.inputs);
  const now = await Promise.all(files.map(([file]) => digest(file)));
  return files.every(([, hash], i) => now[i] === hash);
}

/** Write `bytes` to `file` whole or not at all (a concurrent reader never sees half a file). */
async function writeWhole(file, bytes) {
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, bytes);
  await rename(partial, file);
}

/** Bundles other than `keep` unused for this long are removed: a node process reads its bundle whole when it starts. */
const PRUNE_AFTER_MS = 60 * 60 * 1000;

async function pruneOld(o, keep) {
  const stem = path.basename(o.entry).replace(/\.[cm]?[jt]s$/, '');
  const names = await readdir(o.outDir).catch(() => []);
  for (const name of names) {
    if (name === keep || !name.startsWith(`${stem}-`) || !/\.mjs(\.\d+\.partial)?$/.test(name)) continue;
    const file = path.join(o.outDir, name);
    const age = await stat(file).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > PRUNE_AFTER_MS) await rm(file, { force: true });
  }
}

/**
 * The bundle's text with every non-ASCII character written as a `\u` escape. esbuild already writes strings, templates
 * and names that way, but leaves regular-expression literals (the Japanese address and date patterns) and comments as
 * they are; one such character makes V8 keep the whole source (2–3 MB, kept for lazy compilation) at two bytes a
 * character, in every process that runs it. A `\u` escape (a surrogate pair above U+FFFF) means the same character in
 * a regular expression, with or without the `u` flag, and nothing in a comment. Raw template text (String.raw) is the
 * one place it would not: esbuild leaves that too, and none of our sources writes non-ASCII there.
 */
export function asciiOnly(code) {
  return code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

async function freshBundle(o, key) {
  const sourceRoot = sourceRootOf(o);
  const { build } = await import('esbuild');
  const result = await build(buildOptions(o.entry, sourceRoot));
  const text = result.outputFiles?.[0]?.text;
  if (!text) throw new Error(`esbuild wrote no output for ${o.entry}`);
  const code = asciiOnly(text);
  const inputs = {};
  // esbuild names inputs relative to its working directory.
  for (const input of Object.keys(result.metafile?.inputs ?? {})) {
    const file = path.resolve(sourceRoot, input);
    inputs[file] = await digest(file);
  }
  for (const file of o.alsoDependsOn ?? []) inputs[file] = await digest(file);
  // Named by content: a process already started from an earlier bundle is never handed a different file.
  const stem = path.basename(o.entry).replace(/\.[cm]?[jt]s$/, '');
  const name = `${stem}-${sha256(code).slice(0, 16)}.mjs`;
  await mkdir(o.outDir, { recursive: true });
  await writeWhole(path.join(o.outDir, name), code);
  // Written last: a build interrupted before this line is simply built again.
  await writeWhole(manifestFile(o), `${JSON.stringify({ key, file: name, inputs }, null, 1)}\n`);
  await pruneOld(o, name);
  return { file: path.join(o.outDir, name), built: true };
}

/** The bundle for `o.entry`: the previous one when nothing it was built from has changed, a new one otherwise. */
export async function ensureNodeBundle(o) {
  const key = cacheKey(o.entry, sourceRootOf(o));
  const previous = await readManifest(o);
  if (previous?.key === key && !previous.file.includes('/') && (await inputsUnchanged(previous))) {
    const file = path.join(o.outDir, previous.file);
    // Touched on use, so pruning by age spares the bundle in use.
    const present = await utimes(file, new Date(), new Date()).then(
      () => true,
      () => false,
    );
    if (present) return { file, built: false };
  }
  return freshBundle(o, key);
}

/**
 * End esbuild's service process (its builds are done): it stayed alive beside `npm start`'s parent with 30–80 MB. A
 * later build starts it again.
 */
export async function stopBundler() {
  // Whoever loaded esbuild (these bundles, or the console's build): one module, one service. Never loaded (nothing was
  // built), there is no service to end, and esbuild is not loaded for it.
  if (packages.cache[packages.resolve('esbuild')] === undefined) return;
  await (await import('esbuild')).stop();
}
