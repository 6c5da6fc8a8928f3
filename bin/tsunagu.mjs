#!/usr/bin/env node
// Entry point for `npx tsunagu`. `start` (npm start) runs from a bundle of the CLI's sources, built when a source
// changed (src/demo/node-bundle.mjs), so the demo's parent process carries no TypeScript loader; every other command
// runs the TypeScript CLI through tsx, so no build step is needed. When the bundle cannot be built, `start` says so
// and runs through tsx too.
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';

/** The command named on the command line: the first argument that is neither an option nor --lang's value. */
function commandOf(args) {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') return args[i + 1];
    if (a === '--lang') i++;
    else if (!a.startsWith('-')) return a;
  }
  return undefined;
}

async function bundledMain() {
  try {
    const { cliBundle, ensureNodeBundle } = await import('../src/demo/node-bundle.mjs');
    const bundle = await ensureNodeBundle(cliBundle);
    return (await import(pathToFileURL(bundle.file).href)).main;
  } catch (e) {
    const detail = e instanceof Error ? e.message.split('\n')[0] : String(e);
    process.stderr.write(`CLI のバンドルを構築できませんでした（${detail}）。tsx で実行します / The CLI's bundle could not be built (${detail}); running through tsx\n`);
    return undefined;
  }
}

async function tsxMain() {
  await import('./native-preload.mjs');
  const { register } = await import('tsx/esm/api');
  register();
  return (await import('../src/cli/main.ts')).main;
}

const starting = commandOf(process.argv.slice(2)) === 'start';
if (starting) {
  // As for the demo's node processes (DEMO_NODE_V8_FLAGS): the trust anchors' PGlite that `start` opens compiles
  // with V8's baseline compiler only, about 70 MB less for the parent. Set here, before any WebAssembly is compiled,
  // so that `npx tsunagu start` gets it as `npm start` does (package.json passes it on the command line).
  v8.setFlagsFromString('--liftoff-only');
}
const main = (starting && (await bundledMain())) || (await tsxMain());
process.exitCode = await main(process.argv);
