// The minimal SQL surface both backends (PGlite and node-postgres) share. Only code inside src/store uses it.
import type { StoreProblem } from './errors.ts';
export interface SqlResult<R> {
  rows: R[];
  affectedRows?: number;
}

export interface SqlClient {
  /** Run one parameterised statement ($1, $2, …). */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<SqlResult<R>>;
  /** Run a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Run `fn` in a transaction on a single connection; rolls back if it throws. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
}

/** A client that owns its connection(s): the backend behind a store. */
export interface SqlDatabase extends SqlClient {
  readonly backend: 'pglite' | 'postgres';
  /**
   * Why the database can answer nothing more, once that is known for good (the embedded database's thread ended);
   * undefined while it works. A backend that cannot know this (a server, which may come back) leaves it out.
   */
  unavailable?(): StoreProblem | undefined;
  close(): Promise<void>;
}
