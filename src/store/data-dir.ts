// A node's data directory on disk: only its owner may enter it (0700, files 0600, whatever the umask), a directory
// that others can read is refused rather than silently fixed (its data may already have been read), and one process
// at a time holds it through a lock file naming the holder's pid; a lock left by a process that has ended is taken over.
import { closeSync, constants, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, chmodSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { StoreError, type StoreProblem } from './errors.ts';

export const LOCK_FILE = 'tsunagu.lock';

/** Permission bits the group and others must not have on anything in a data directory. */
const NOT_OWNER = 0o077;

export interface DataDirClaim {
  readonly dir: string;
  /** Set when a stale lock of an ended process was taken over: the caller says so. */
  readonly notice?: StoreProblem;
  /** Give the directory up (removes the lock file if it is still ours). */
  release(): void;
}

/** Directories this process holds, so a second open in the same process is refused like another process's. */
const held = new Set<string>();

const octal = (mode: number) => `0${(mode & 0o777).toString(8).padStart(3, '0')}`;

function isErrno(e: unknown, code: string): boolean {
  return typeof e === 'object' && e !== null && (e as NodeJS.ErrnoException).code === code;
}

/** Whether a process with this pid exists (EPERM: it exists under another user). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return isErrno(e, 'EPERM');
  }
}

/** Create the directory 0700, or check that an existing one admits its owner only. */
function ensurePrivateDir(dir: string): void {
  let stat;
  try {
    stat = lstatSync(dir);
  } catch (e) {
    if (!isErrno(e, 'ENOENT')) throw e;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // mkdir's mode passes through the umask, which can only remove bits; chmod states the mode exactly.
    chmodSync(dir, 0o700);
    return;
  }
  if (!stat.isDirectory()) {
    throw new StoreError({ code: 'STORE_DATA_DIR_INVALID', params: { dataDir: dir, detail: 'not a directory' } });
  }
  if ((stat.mode & NOT_OWNER) !== 0) {
    throw new StoreError({ code: 'STORE_DATA_DIR_EXPOSED', params: { dataDir: dir, mode: octal(stat.mode), command: `chmod -R go-rwx '${dir}'` } });
  }
}

/** Create the lock file exclusively with our pid; the pid of the holder when another has it. */
function tryLock(lockFile: string): { ok: true } | { ok: false; pid: number | undefined } {
  let fd: number;
  try {
    fd = openSync(lockFile, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
  } catch (e) {
    if (!isErrno(e, 'EEXIST')) throw e;
    const text = (() => {
      try {
        return readFileSync(lockFile, 'utf8');
      } catch {
        return '';
      }
    })();
    const pid = Number.parseInt(text.trim(), 10);
    return { ok: false, pid: Number.isInteger(pid) && pid > 0 ? pid : undefined };
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return { ok: true };
}

/**
 * Claim `dir` for this process: create it private or refuse it when others may read it, then take its lock. Throws
 * StoreError STORE_DATA_DIR_EXPOSED or STORE_DATA_DIR_LOCKED.
 */
export function claimDataDir(dir: string): DataDirClaim {
  const resolved = path.resolve(dir);
  ensurePrivateDir(resolved);
  const lockFile = path.join(resolved, LOCK_FILE);
  const locked = () => ({ code: 'STORE_DATA_DIR_LOCKED' as const, params: { dataDir: resolved, lockFile } });
  if (held.has(resolved)) throw new StoreError({ ...locked(), params: { ...locked().params, pid: process.pid } });

  let notice: StoreProblem | undefined;
  let attempt = tryLock(lockFile);
  if (!attempt.ok) {
    // Our own pid in a lock we do not hold is a previous process's (pids are reused, e.g. pid 1 in a container).
    const stale = attempt.pid === undefined || attempt.pid === process.pid || !processAlive(attempt.pid);
    if (!stale) throw new StoreError({ ...locked(), params: { ...locked().params, pid: attempt.pid! } });
    unlinkSync(lockFile);
    const previous = attempt.pid;
    attempt = tryLock(lockFile);
    // Another process took the stale lock between our unlink and our create: it is the holder now.
    if (!attempt.ok) throw new StoreError({ ...locked(), params: { ...locked().params, pid: attempt.pid ?? '?' } });
    notice = { code: 'STORE_DATA_DIR_LOCK_TAKEN_OVER', params: { dataDir: resolved, pid: previous ?? '?' } };
  }
  held.add(resolved);
  let released = false;
  return {
    dir: resolved,
    ...(notice ? { notice } : {}),
    release() {
      if (released) return;
      released = true;
      held.delete(resolved);
      try {
        if (readFileSync(lockFile, 'utf8').trim() === String(process.pid)) unlinkSync(lockFile);
      } catch {
        // Already gone: nothing to give up.
      }
    },
  };
}

/**
 * Take the group's and others' bits off everything under `dir` (files 0600, directories 0700 when they had more).
 * PGlite's initdb writes its files 0666 whatever the umask; the files PostgreSQL creates later are already 0600.
 */
export function restrictToOwner(dir: string): void {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const stat = lstatSync(p);
    if (stat.isSymbolicLink()) continue;
    if (stat.isDirectory()) {
      if ((stat.mode & NOT_OWNER) !== 0) chmodSync(p, 0o700);
      restrictToOwner(p);
    } else if ((stat.mode & NOT_OWNER) !== 0) {
      chmodSync(p, stat.mode & 0o700);
    }
  }
}
