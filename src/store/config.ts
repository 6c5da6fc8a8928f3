// Which database a node stores its records in, read from the environment and checked before anything connects.
import path from 'node:path';
import type { StoreProblem } from './errors.ts';

/** Embedded Postgres (PGlite): a directory on disk, or `memory://` for a throw-away database (tests). */
export interface PgliteStoreConfig {
  backend: 'pglite';
  dataDir: string;
}

/** A PostgreSQL server, with PostGIS when the extension can be used. */
export interface PostgresStoreConfig {
  backend: 'postgres';
  /** postgres:// or postgresql:// connection URL. */
  url: string;
  /** Schema holding Tsunagu's tables (created if missing); lets several nodes or test files share one database. */
  schema?: string;
  /**
   * `auto` (default): PostGIS where the server has it. `builtin`: PostgreSQL's own geometric types even where PostGIS
   * is available — faster area answers at national scale (BENCHMARKS.md), same results except on a polygon hole's
   * boundary (docs/architecture.md).
   */
  spatial?: 'auto' | 'builtin';
  /** Pool size; defaults to 10. */
  maxConnections?: number;
  /**
   * Longest a single statement may run before the server cancels it (PostgreSQL's statement_timeout, ms); defaults
   * to DEFAULT_STATEMENT_TIMEOUT_MS, so no request can hold a connection for longer.
   */
  statementTimeoutMs?: number;
}

/** 30 s: above the slowest legitimate statement (in-database audit verification of a million entries, ~4 s). */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;

export type StoreConfig = PgliteStoreConfig | PostgresStoreConfig;

export type StoreConfigResult = { ok: true; config: StoreConfig } | { ok: false; problem: StoreProblem };

export const MEMORY_DATA_DIR = 'memory://';
export const DEFAULT_DATA_DIR = path.join('.tsunagu', 'data');

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The URL with its password masked, safe to show and log. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

/** Check a configuration given in code (or built from the environment); data dirs become absolute paths. */
export function checkStoreConfig(config: StoreConfig, cwd: string = process.cwd()): StoreConfigResult {
  if (config.backend === 'pglite') {
    if (config.dataDir === MEMORY_DATA_DIR) return { ok: true, config };
    if (config.dataDir.trim() === '' || config.dataDir.includes('\0')) {
      return { ok: false, problem: { code: 'STORE_DATA_DIR_INVALID', params: { dataDir: config.dataDir, detail: 'empty or malformed path' } } };
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(config.dataDir)) {
      return { ok: false, problem: { code: 'STORE_DATA_DIR_INVALID', params: { dataDir: config.dataDir, detail: `only ${MEMORY_DATA_DIR} or a directory path` } } };
    }
    return { ok: true, config: { backend: 'pglite', dataDir: path.resolve(cwd, config.dataDir) } };
  }
  if (!URL.canParse(config.url)) {
    return { ok: false, problem: { code: 'STORE_DATABASE_URL_INVALID', params: { url: redactDatabaseUrl(config.url) } } };
  }
  const protocol = new URL(config.url).protocol;
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    return { ok: false, problem: { code: 'STORE_DATABASE_URL_PROTOCOL', params: { protocol: protocol.replace(/:$/, '') } } };
  }
  if (config.schema !== undefined && !SCHEMA_NAME.test(config.schema)) {
    return { ok: false, problem: { code: 'STORE_DATABASE_SCHEMA_INVALID', params: { schema: config.schema } } };
  }
  if (config.spatial !== undefined && config.spatial !== 'auto' && config.spatial !== 'builtin') {
    return { ok: false, problem: { code: 'STORE_CONFIG_INVALID', params: { field: 'TSUNAGU_SPATIAL', detail: `auto or builtin, not "${String(config.spatial).slice(0, 40)}"` } } };
  }
  if (config.statementTimeoutMs !== undefined && !(Number.isInteger(config.statementTimeoutMs) && config.statementTimeoutMs >= 1)) {
    return { ok: false, problem: { code: 'STORE_CONFIG_INVALID', params: { field: 'TSUNAGU_STATEMENT_TIMEOUT_MS', detail: 'must be a positive whole number of milliseconds' } } };
  }
  if (config.maxConnections !== undefined && !(Number.isInteger(config.maxConnections) && config.maxConnections >= 1)) {
    return { ok: false, problem: { code: 'STORE_CONFIG_INVALID', params: { field: 'maxConnections', detail: 'must be a positive integer' } } };
  }
  return { ok: true, config };
}

/**
 * TSUNAGU_PGLITE_THREAD: `on` (the default) runs PGlite on a worker thread of its own, so no statement blocks the
 * node's event loop; `off` runs it on the node's own thread, as before, for diagnosis.
 */
export function pgliteThreadFromEnv(env: NodeJS.ProcessEnv = process.env): { ok: true; thread: boolean } | { ok: false; problem: StoreProblem } {
  const value = env.TSUNAGU_PGLITE_THREAD?.trim().toLowerCase();
  if (value === undefined || value === '' || value === 'on') return { ok: true, thread: true };
  if (value === 'off') return { ok: true, thread: false };
  return { ok: false, problem: { code: 'STORE_CONFIG_INVALID', params: { field: 'TSUNAGU_PGLITE_THREAD', detail: `on or off, not "${value.slice(0, 40)}"` } } };
}

/**
 * TSUNAGU_DATABASE_URL (postgres://…) selects PostgreSQL, with TSUNAGU_DATABASE_SCHEMA naming an optional schema,
 * TSUNAGU_SPATIAL (`auto` or `builtin`) the spatial engine and TSUNAGU_STATEMENT_TIMEOUT_MS the statement timeout;
 * otherwise PGlite stores its files in TSUNAGU_DATA_DIR (default `.tsunagu/data` under `cwd`) and always uses the
 * built-in geometric types.
 */
export function storeConfigFromEnv(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): StoreConfigResult {
  const url = env.TSUNAGU_DATABASE_URL?.trim();
  const spatial = env.TSUNAGU_SPATIAL?.trim();
  if (url) {
    const schema = env.TSUNAGU_DATABASE_SCHEMA?.trim();
    const timeout = env.TSUNAGU_STATEMENT_TIMEOUT_MS?.trim();
    const statementTimeoutMs = timeout ? (/^\d+$/.test(timeout) ? Number(timeout) : Number.NaN) : undefined;
    return checkStoreConfig(
      {
        backend: 'postgres',
        url,
        ...(schema ? { schema } : {}),
        ...(spatial ? { spatial: spatial as 'auto' } : {}),
        ...(statementTimeoutMs !== undefined ? { statementTimeoutMs } : {}),
      },
      cwd,
    );
  }
  if (spatial && spatial !== 'auto' && spatial !== 'builtin') {
    return { ok: false, problem: { code: 'STORE_CONFIG_INVALID', params: { field: 'TSUNAGU_SPATIAL', detail: `auto or builtin, not "${spatial.slice(0, 40)}"` } } };
  }
  const dataDir = env.TSUNAGU_DATA_DIR?.trim() || DEFAULT_DATA_DIR;
  return checkStoreConfig({ backend: 'pglite', dataDir }, cwd);
}
