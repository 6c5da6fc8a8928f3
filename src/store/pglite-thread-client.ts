// SqlDatabase over PGlite running on a worker thread of its own (pglite-thread-worker.mjs): each statement is a
// message, so PGlite's synchronous WebAssembly never blocks the node's event loop (its /health, other requests).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { restrictToOwner } from './data-dir.ts';
import { StoreError } from './errors.ts';
import { claimPgliteDir, pgliteConnectFailed, pgliteCreateOptions, tellOperator, transactionClient, type PgliteOpenOptions, type PgliteStatements } from './pglite-client.ts';
import type { PgliteThreadErrorFields, PgliteThreadReply, PgliteThreadRequest, PgliteThreadStart } from './pglite-thread-protocol.ts';
import type { SqlClient, SqlDatabase } from './sql-client.ts';

/** The worker's entry, plain JavaScript beside this file (a bundled node ships it beside this module's URL). */
export const PGLITE_THREAD_WORKER = new URL('./pglite-thread-worker.mjs', import.meta.url);

export interface PgliteThreadOpenOptions extends PgliteOpenOptions {
  /**
   * The thread's JavaScript heap limit in MB (Node's default when absent). PGlite's WebAssembly memory is outside it;
   * the rows it decodes are inside: a thread past it ends, and the node gets STORE_DATABASE_THREAD_ENDED.
   */
  heapLimitMb?: number;
}

type CompiledModules = Pick<PgliteThreadStart['options'], 'pgliteWasmModule' | 'initdbWasmModule'>;
/** Held weakly: see compiledModules. */
let compiled: WeakRef<CompiledModules> | undefined;
let compiling: Promise<CompiledModules> | undefined;
/**
 * Held strongly while a database opened on a thread is open: the threads hold the modules themselves, not this
 * object, so a weak reference alone lost it at the next collection and the next open compiled again.
 */
let inUse: { modules: CompiledModules; databases: number } | undefined;

/** Keep the compiled modules for an open database; the answer lets them go (once, however often it is called). */
function holdCompiled(modules: CompiledModules): () => void {
  if (inUse?.modules === modules) inUse.databases += 1;
  else inUse = { modules, databases: 1 };
  // Dropped at release, so a closed database kept by its caller does not keep the modules through this closure.
  let holding: { modules: CompiledModules; databases: number } | undefined = inUse;
  return () => {
    if (holding === undefined) return;
    holding.databases -= 1;
    if (holding.databases === 0 && inUse === holding) inUse = undefined;
    holding = undefined;
  };
}

/**
 * PGlite's WebAssembly, compiled once per process and handed to every thread: PGlite caches its compiled modules per
 * thread, so each new thread would otherwise compile its 9 MB again (measured: twice the CPU of an open). When the
 * files cannot be read here, each thread lets PGlite find them itself. Held strongly only while a database opened
 * here is open (holdCompiled), weakly otherwise: once none is open the compiled code (about 20 MB) can go — the
 * demo's parent opens the trust anchor's database at start only and then runs as long as the demo.
 */
function compiledModules(): Promise<CompiledModules> {
  const held = compiled?.deref();
  if (held) return Promise.resolve(held);
  compiling ??= (async () => {
    const dist = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    const compile = async (file: string) => WebAssembly.compile(await readFile(path.join(dist, file)));
    const [pgliteWasmModule, initdbWasmModule] = await Promise.all([compile('pglite.wasm'), compile('initdb.wasm')]);
    const modules = { pgliteWasmModule, initdbWasmModule };
    compiled = new WeakRef(modules);
    return modules;
  })()
    .catch(() => ({}))
    .finally(() => {
      compiling = undefined;
    });
  return compiling;
}

/** Whether this process still holds PGlite's compiled WebAssembly (a compile is under way, or it was not collected). */
export function pgliteCompiledHeld(): boolean {
  return compiling !== undefined || compiled?.deref() !== undefined;
}

type Pending = { resolve: (reply: PgliteThreadReply & { ok: true }) => void; reject: (e: unknown) => void };

/** Request without its id: the client numbers them. */
type Outgoing = PgliteThreadRequest extends infer R ? (R extends PgliteThreadRequest ? Omit<R, 'id'> : never) : never;

/** A database error rebuilt on this side with the fields the worker sent (never the parameters). */
function databaseError(fields: PgliteThreadErrorFields): Error {
  const { name, message, ...rest } = fields;
  const e = Object.assign(new Error(message), rest);
  e.name = name;
  return e;
}

const threadEnded = (detail: string) => new StoreError({ code: 'STORE_DATABASE_THREAD_ENDED', params: { detail } });

/**
 * Open PGlite in `dataDir` or in memory on a thread of its own. The data directory is claimed (lock file, 0700) here,
 * on the calling thread, before the thread starts, and released when the database is closed. Throws StoreError as
 * openPgliteDatabase does.
 */
export async function openPgliteThreadDatabase(dataDir: string, options: PgliteThreadOpenOptions = {}): Promise<SqlDatabase> {
  const claim = claimPgliteDir(dataDir, options);
  const modules = await compiledModules();
  const release = holdCompiled(modules);
  const start: PgliteThreadStart = { dataDir, options: { ...pgliteCreateOptions(options), ...modules } };
  let worker: Worker;
  try {
    worker = new Worker(PGLITE_THREAD_WORKER, {
      workerData: start,
      // The worker is plain JavaScript: no loader (tsx) of the parent's command line is needed there.
      execArgv: [],
      ...(options.heapLimitMb !== undefined ? { resourceLimits: { maxOldGenerationSizeMb: options.heapLimitMb } } : {}),
    });
  } catch (cause) {
    release();
    claim?.release();
    throw pgliteConnectFailed(cause);
  }

  const pending = new Map<number, Pending>();
  let nextId = 1;
  /** Set once the thread can take no more requests: every later call rejects with it. */
  let ended: StoreError | undefined;
  let closing: Promise<void> | undefined;

  // An idle thread does not keep the process alive (nor does PGlite on the main thread); a request in flight does.
  const settle = (id: number) => {
    const p = pending.get(id);
    pending.delete(id);
    if (pending.size === 0) worker.unref();
    return p;
  };
  let started = false;
  const end = (error: StoreError) => {
    // Said once, and only for a thread that was serving: a failed start is the opener's error, a close is asked for.
    if (!ended && started && error.code === 'STORE_DATABASE_THREAD_ENDED') tellOperator(options, { code: error.code, params: error.params });
    ended ??= error;
    for (const id of [...pending.keys()]) settle(id)?.reject(ended);
  };
  worker.on('message', (reply: PgliteThreadReply) => {
    const p = settle(reply.id);
    if (!p) return;
    if (reply.ok) p.resolve(reply);
    else p.reject(databaseError(reply.error));
  });
  worker.on('error', (e) => end(threadEnded(e instanceof Error ? `${(e as NodeJS.ErrnoException).code ?? e.name}: ${e.message}` : String(e))));
  worker.on('messageerror', (e) => {
    end(threadEnded(`a reply could not be read: ${e.message}`));
    void worker.terminate();
  });
  worker.on('exit', (code) => end(closing ? new StoreError({ code: 'STORE_DATABASE_CLOSED', params: {} }) : threadEnded(`exit code ${code}`)));

  const call = (request: Outgoing): Promise<PgliteThreadReply & { ok: true }> => {
    if (ended) return Promise.reject(ended);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      if (pending.size === 1) worker.ref();
      try {
        worker.postMessage({ ...request, id });
      } catch {
        // Only a parameter can fail to be cloned; its value stays out of the error.
        settle(id);
        reject(new StoreError({ code: 'STORE_QUERY_INVALID', params: { field: 'params', detail: 'a parameter cannot be sent to the database thread' } }));
      }
    });
  };

  try {
    await new Promise<unknown>((resolve, reject) => {
      pending.set(0, { resolve, reject });
    });
    if (claim) restrictToOwner(claim.dir);
    started = true;
  } catch (cause) {
    await worker.terminate();
    release();
    claim?.release();
    throw pgliteConnectFailed(cause);
  }

  const statements = (tx?: number): PgliteStatements => ({
    async query<R>(sql: string, params: unknown[]) {
      const r = await call({ op: 'query', sql, params, ...(tx === undefined ? {} : { tx }) });
      return { rows: (r.rows ?? []) as R[], ...(r.affectedRows !== undefined ? { affectedRows: r.affectedRows } : {}) };
    },
    exec: (sql: string) => call({ op: 'exec', sql, ...(tx === undefined ? {} : { tx }) }),
  });
  const outside = transactionClient(statements(), 0);

  return {
    backend: 'pglite',
    // A close is asked for, not a failure: only a thread that ended on its own makes the database unavailable.
    unavailable: () => (ended !== undefined && closing === undefined ? { code: ended.code, params: ended.params } : undefined),
    query: outside.query,
    exec: outside.exec,
    // The worker holds PGlite's transaction open, which queues every other statement behind it, as on one thread.
    async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
      const { id: tx } = await call({ op: 'begin' });
      let result: T;
      try {
        result = await fn(transactionClient(statements(tx), 1));
      } catch (e) {
        // The caller's error is the one to report; a rollback that cannot run means the thread has ended anyway.
        await call({ op: 'end', tx, commit: false }).catch(() => undefined);
        throw e;
      }
      await call({ op: 'end', tx, commit: true });
      return result;
    },
    close() {
      closing ??= (async () => {
        try {
          if (!ended) await call({ op: 'close' }).catch(() => undefined);
          end(new StoreError({ code: 'STORE_DATABASE_CLOSED', params: {} }));
          await worker.terminate();
        } finally {
          release();
          claim?.release();
        }
      })();
      return closing;
    },
  };
}
