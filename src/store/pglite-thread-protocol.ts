// The messages between a node's thread and its PGlite thread (src/store/pglite-thread-worker.mjs): types only, so
// the worker, plain JavaScript, states the same shapes in JSDoc.
import type { PGliteOptions } from '@electric-sql/pglite';

/** What the worker is started with (`workerData`). */
export interface PgliteThreadStart {
  /** A directory, or `memory://`. */
  dataDir: string;
  /** Options for `PGlite.create`: start parameters (shared_buffers), and its WebAssembly compiled once per process. */
  options: Pick<PGliteOptions, 'startParams' | 'pgliteWasmModule' | 'initdbWasmModule'>;
}

/**
 * One request; `id` pairs it with its reply. `tx` names an open transaction (the id of its `begin`): its statements run
 * inside it, all others wait for it, as PGlite orders them. Request 0 is the worker's start (no message is sent).
 */
export type PgliteThreadRequest =
  | { op: 'query'; id: number; tx?: number; sql: string; params: unknown[] }
  | { op: 'exec'; id: number; tx?: number; sql: string }
  | { op: 'begin'; id: number }
  | { op: 'end'; id: number; tx: number; commit: boolean }
  | { op: 'close'; id: number };

/** A database error's fields as they cross the thread: strings only, never the statement's parameters. */
export interface PgliteThreadErrorFields {
  name: string;
  message: string;
  code?: string;
  severity?: string;
  detail?: string;
  hint?: string;
  position?: string;
  where?: string;
  schema?: string;
  table?: string;
  column?: string;
  dataType?: string;
  constraint?: string;
  routine?: string;
  query?: string;
}

export type PgliteThreadReply =
  | { id: number; ok: true; rows?: unknown[]; affectedRows?: number }
  | { id: number; ok: false; error: PgliteThreadErrorFields };
