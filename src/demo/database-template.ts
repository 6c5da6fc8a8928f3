// One empty database (initdb and migrations) made once per demo start and copied for every node that has
// none yet: PGlite's initdb took 5–17 s per database on the shared two-core machine, a copy of its files under a second.
// The copy is a cluster shut down cleanly, so PostgreSQL starts on it as on the original (BENCHMARKS.md, first start).
import { access, chmod, cp, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { LOCK_FILE } from '../store/data-dir.ts';

export interface DatabaseTemplate {
  /**
   * Copy the template into `dataDir` when nothing is there yet (the template made first, once); false, and nothing
   * touched, when `dataDir` exists. The copy appears whole or not at all: it is made beside and renamed into place.
   */
  copyTo(dataDir: string): Promise<boolean>;
  /** Remove the template (once every node's database is made, or the start failed). */
  remove(): Promise<void>;
}

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

/**
 * The template in `dir`, made on first use by `create` (a closed, migrated database; npm start has a short-lived node
 * process make it, so the memory initdb leaves stays out of the demo's processes). A template left by a start that
 * ended before removing it is made again: it may be older than the store's migrations.
 */
export function databaseTemplate(dir: string, create: (dir: string) => Promise<void>): DatabaseTemplate {
  let made: Promise<void> | undefined;
  const make = () =>
    (made ??= (async () => {
      await rm(dir, { recursive: true, force: true });
      await create(dir);
    })());
  return {
    async copyTo(dataDir) {
      if (await exists(dataDir)) return false;
      await make();
      const partial = `${dataDir}.partial-${process.pid}`;
      await rm(partial, { recursive: true, force: true });
      try {
        await mkdir(path.dirname(dataDir), { recursive: true, mode: 0o700 });
        // The lock file is the creating process's, released when it closed; skipped in case it was left behind.
        await cp(dir, partial, { recursive: true, errorOnExist: true, force: false, filter: (from) => path.basename(from) !== LOCK_FILE });
        await chmod(partial, 0o700);
        await rename(partial, dataDir);
      } catch (e) {
        await rm(partial, { recursive: true, force: true });
        throw e;
      }
      return true;
    },
    async remove() {
      // A creation still running is waited for, so its files are not removed under it.
      await made?.catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
