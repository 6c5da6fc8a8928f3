// Types of node-bundle.mjs (plain JavaScript, so that bin/tsunagu.mjs can build and run the CLI's bundle without tsx).

export interface NodeBundleOptions {
  /** The TypeScript (or JavaScript) module the bundle runs. */
  entry: string;
  /** Where bundles and their manifest are kept (one manifest per entry name). */
  outDir: string;
  /** The directory the bundle's module comments name sources relative to (default: the entry's directory). */
  sourceRoot?: string;
  /** Files whose change makes a new bundle although esbuild did not read them (the lock file: package versions). */
  alsoDependsOn?: readonly string[];
}

export interface NodeBundle {
  /** The bundle's absolute path, to run with `node`. */
  file: string;
  /** False when the previous bundle still matched every input. */
  built: boolean;
}

/** The demo node process's bundle: src/demo/node-process.ts, kept in .tsunagu/node-bundle (not in git). */
export const defaultNodeBundle: NodeBundleOptions;

/** The CLI's bundle (src/cli/main.ts), which `npm start` runs in its parent process. */
export const cliBundle: NodeBundleOptions;

/** The bundle for `o.entry`: the previous one when nothing it was built from has changed, a new one otherwise. */
export function ensureNodeBundle(o: NodeBundleOptions): Promise<NodeBundle>;

/** `code` with every non-ASCII character written as a `\u` escape (V8 keeps an ASCII source at one byte a character). */
export function asciiOnly(code: string): string;

/** End esbuild's service process (its builds are done); a later build starts it again. */
export function stopBundler(): Promise<void>;
