// A CommonJS package loaded the first time it is used rather than when its importer is: every node process loads every
// adapter, and packages only some requests need (proj4 for plane-rectangular positions, xml-crypto for signed CAP)
// cost each of the demo's eight processes several MB from the start (BENCHMARKS.md, first start).
import { createRequire } from 'node:module';

/** Loading the package failed (not installed, broken): the one request that needed it fails, the node runs on. */
export class PackageLoadError extends Error {
  constructor(
    readonly packageName: string,
    cause: unknown,
  ) {
    super(`the package ${packageName} could not be loaded: ${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}`, { cause });
  }
}

/**
 * `() => the package's exports`, loaded synchronously on the first call, resolved from `from` (the caller's
 * import.meta.url, so the bundle built from the sources resolves as the sources do). Throws PackageLoadError.
 */
export function packageOnDemand<T>(name: string, from: string): () => T {
  let loaded: { exports: T } | undefined;
  return () => {
    if (loaded) return loaded.exports;
    try {
      loaded = { exports: createRequire(from)(name) as T };
    } catch (e) {
      throw new PackageLoadError(name, e);
    }
    return loaded.exports;
  };
}
