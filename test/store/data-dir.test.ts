// A node's data directory on disk under a umask of 022: private to its owner (directories 0700, files 0600), refused
// when others may read it, and held by one process at a time through a lock file naming the holder's pid.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message } from '../../src/i18n/index.ts';
import { startDemoFederation } from '../../src/demo/federation.ts';
import { LOCK_FILE } from '../../src/store/data-dir.ts';
import { StoreError, type StoreProblem } from '../../src/store/errors.ts';
import { openStore } from '../../src/store/open-store.ts';

let base: string;
let umask: number;
beforeAll(async () => {
  umask = process.umask(0o022);
  base = await mkdtemp(path.join(tmpdir(), 'tsunagu-data-dir-'));
});
afterAll(async () => {
  process.umask(umask);
  await rm(base, { recursive: true, force: true });
});

let n = 0;
const fresh = () => path.join(base, `node-${++n}`, 'data');

/** Every path under `dir` whose group or other permission bits are set. */
function exposed(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      const stat = lstatSync(p);
      if ((stat.mode & 0o077) !== 0) found.push(`${p} ${(stat.mode & 0o777).toString(8)}`);
      if (stat.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return found;
}

async function storeError(open: Promise<unknown>): Promise<StoreError> {
  const e = await open.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!(e instanceof StoreError)) throw new Error(`expected a StoreError, got ${String(e)}`);
  return e;
}

/** The pid of a process that has ended. */
async function endedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await once(child, 'exit');
  return child.pid!;
}

describe('a data directory under a umask of 022', () => {
  it('is created 0700 with every database file 0600, and keeps them so after writes and a restart', async () => {
    const dataDir = fresh();
    const store = await openStore({ backend: 'pglite', dataDir });
    await store.upsert([]);
    await store.close();
    expect(lstatSync(dataDir).mode & 0o777).toBe(0o700);
    expect(exposed(dataDir)).toEqual([]);
    const again = await openStore({ backend: 'pglite', dataDir });
    await again.close();
    expect(exposed(dataDir)).toEqual([]);
    expect(readdirSync(dataDir).length).toBeGreaterThan(10);
  });

  it('is refused when others can read it, with the chmod to run, and nothing is written into it', async () => {
    const dataDir = fresh();
    mkdirSync(dataDir, { recursive: true, mode: 0o755 });
    const e = await storeError(openStore({ backend: 'pglite', dataDir }));
    expect(e.code).toBe('STORE_DATA_DIR_EXPOSED');
    expect(message(e.code, e.params, 'en')).toContain(`chmod -R go-rwx '${dataDir}'`);
    expect(message(e.code, e.params, 'ja')).toContain('0755');
    expect(readdirSync(dataDir)).toEqual([]);
  });
});

describe('the lock of a data directory', () => {
  it('refuses a directory another live process holds, naming its pid', async () => {
    const dataDir = fresh();
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(path.join(dataDir, LOCK_FILE), `${holder.pid}\n`, { mode: 0o600 });
      const e = await storeError(openStore({ backend: 'pglite', dataDir }));
      expect(e.code).toBe('STORE_DATA_DIR_LOCKED');
      expect(message(e.code, e.params, 'en')).toContain(`PID ${holder.pid}`);
      expect(readFileSync(path.join(dataDir, LOCK_FILE), 'utf8').trim()).toBe(String(holder.pid));
    } finally {
      holder.kill();
    }
  });

  it('takes over the stale lock of an ended process, says so, and gives the directory up on close', async () => {
    const dataDir = fresh();
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const dead = await endedPid();
    writeFileSync(path.join(dataDir, LOCK_FILE), `${dead}\n`, { mode: 0o600 });
    const notices: StoreProblem[] = [];
    const store = await openStore({ backend: 'pglite', dataDir }, { onNotice: (p) => notices.push(p) });
    expect(notices).toEqual([{ code: 'STORE_DATA_DIR_LOCK_TAKEN_OVER', params: { dataDir, pid: dead } }]);
    expect(readFileSync(path.join(dataDir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    await store.close();
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  });

  it('refuses a second open in the same process until the first is closed', async () => {
    const dataDir = fresh();
    const first = await openStore({ backend: 'pglite', dataDir });
    try {
      const e = await storeError(openStore({ backend: 'pglite', dataDir }));
      expect(e.code).toBe('STORE_DATA_DIR_LOCKED');
      expect(e.params.pid).toBe(process.pid);
    } finally {
      await first.close();
    }
    const second = await openStore({ backend: 'pglite', dataDir });
    await second.close();
  });
});

describe("the demo's root directory", () => {
  it('is refused when others can read it, before any node starts', async () => {
    const root = path.join(base, 'demo-root');
    mkdirSync(root, { mode: 0o755 });
    const started: string[] = [];
    const e = await storeError(startDemoFederation({ root, basePort: 0, onNodeStarting: (p) => started.push(p.id) }));
    expect(e.code).toBe('STORE_DATA_DIR_EXPOSED');
    expect(started).toEqual([]);
  });
});
