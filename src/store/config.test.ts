import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { message } from '../i18n/index.ts';
import { checkStoreConfig, pgliteThreadFromEnv, redactDatabaseUrl, storeConfigFromEnv } from './config.ts';

describe('storeConfigFromEnv', () => {
  it('chooses PGlite in .tsunagu/data under the current directory when nothing is set', () => {
    expect(storeConfigFromEnv({}, '/srv/node')).toEqual({ ok: true, config: { backend: 'pglite', dataDir: path.resolve('/srv/node/.tsunagu/data') } });
  });

  it('takes the PGlite data directory from TSUNAGU_DATA_DIR, relative to the current directory', () => {
    expect(storeConfigFromEnv({ TSUNAGU_DATA_DIR: 'var/db' }, '/srv/node')).toEqual({
      ok: true,
      config: { backend: 'pglite', dataDir: path.resolve('/srv/node/var/db') },
    });
    expect(storeConfigFromEnv({ TSUNAGU_DATA_DIR: 'memory://' }, '/srv')).toEqual({ ok: true, config: { backend: 'pglite', dataDir: 'memory://' } });
  });

  it('chooses PostgreSQL when TSUNAGU_DATABASE_URL is set, with an optional schema', () => {
    const url = 'postgres://tsunagu:secret@db.example:5432/tsunagu';
    expect(storeConfigFromEnv({ TSUNAGU_DATABASE_URL: url, TSUNAGU_DATA_DIR: 'ignored' })).toEqual({ ok: true, config: { backend: 'postgres', url } });
    expect(storeConfigFromEnv({ TSUNAGU_DATABASE_URL: `${url}?sslmode=require`, TSUNAGU_DATABASE_SCHEMA: 'nanao_city' })).toEqual({
      ok: true,
      config: { backend: 'postgres', url: `${url}?sslmode=require`, schema: 'nanao_city' },
    });
  });

  it('takes the spatial engine from TSUNAGU_SPATIAL and refuses anything but auto or builtin, on either backend', () => {
    expect(storeConfigFromEnv({ TSUNAGU_DATABASE_URL: 'postgres://localhost/db', TSUNAGU_SPATIAL: 'builtin' })).toMatchObject({ ok: true, config: { spatial: 'builtin' } });
    expect(storeConfigFromEnv({ TSUNAGU_DATABASE_URL: 'postgres://localhost/db' })).toMatchObject({ ok: true, config: { backend: 'postgres' } });
    for (const env of [{ TSUNAGU_DATABASE_URL: 'postgres://localhost/db', TSUNAGU_SPATIAL: 'postgis' }, { TSUNAGU_SPATIAL: 'fast' }]) {
      expect(storeConfigFromEnv(env, '/srv')).toMatchObject({ ok: false, problem: { code: 'STORE_CONFIG_INVALID', params: { field: 'TSUNAGU_SPATIAL' } } });
    }
    expect(storeConfigFromEnv({ TSUNAGU_SPATIAL: 'builtin' }, '/srv')).toMatchObject({ ok: true, config: { backend: 'pglite' } });
  });

  it('treats an empty TSUNAGU_DATABASE_URL as unset', () => {
    expect(storeConfigFromEnv({ TSUNAGU_DATABASE_URL: '  ' }, '/srv')).toMatchObject({ ok: true, config: { backend: 'pglite' } });
  });

  it('reports a URL that cannot be parsed as a problem value, without its password', () => {
    const result = storeConfigFromEnv({ TSUNAGU_DATABASE_URL: 'postgres://tsunagu:secret@db.example:port/tsunagu' });
    expect(result).toEqual({ ok: false, problem: { code: 'STORE_DATABASE_URL_INVALID', params: { url: 'postgres://tsunagu:***@db.example:port/tsunagu' } } });
    if (!result.ok) expect(message(result.problem.code, result.problem.params, 'en')).toContain('not a valid URL');
  });

  it('reports a URL of another scheme', () => {
    expect(storeConfigFromEnv({ TSUNAGU_DATABASE_URL: 'mysql://root@localhost/db' })).toEqual({
      ok: false,
      problem: { code: 'STORE_DATABASE_URL_PROTOCOL', params: { protocol: 'mysql' } },
    });
    expect(storeConfigFromEnv({ TSUNAGU_DATABASE_URL: 'postgresql://localhost/db' })).toMatchObject({ ok: true });
  });

  it('reports a schema name that would need quoting', () => {
    expect(storeConfigFromEnv({ TSUNAGU_DATABASE_URL: 'postgres://localhost/db', TSUNAGU_DATABASE_SCHEMA: 'Nanao; drop table x' })).toMatchObject({
      ok: false,
      problem: { code: 'STORE_DATABASE_SCHEMA_INVALID' },
    });
  });
});

describe('pgliteThreadFromEnv', () => {
  it('runs PGlite on its own thread unless TSUNAGU_PGLITE_THREAD says off, and refuses any other value', () => {
    expect(pgliteThreadFromEnv({})).toEqual({ ok: true, thread: true });
    expect(pgliteThreadFromEnv({ TSUNAGU_PGLITE_THREAD: ' ON ' })).toEqual({ ok: true, thread: true });
    expect(pgliteThreadFromEnv({ TSUNAGU_PGLITE_THREAD: 'off' })).toEqual({ ok: true, thread: false });
    const refused = pgliteThreadFromEnv({ TSUNAGU_PGLITE_THREAD: 'no' });
    expect(refused).toMatchObject({ ok: false, problem: { code: 'STORE_CONFIG_INVALID', params: { field: 'TSUNAGU_PGLITE_THREAD' } } });
    if (!refused.ok) expect(message(refused.problem.code, refused.problem.params, 'ja')).toContain('TSUNAGU_PGLITE_THREAD');
  });
});

describe('checkStoreConfig', () => {
  it('refuses a URL-like data directory other than memory://', () => {
    expect(checkStoreConfig({ backend: 'pglite', dataDir: 'idb://tsunagu' })).toMatchObject({ ok: false, problem: { code: 'STORE_DATA_DIR_INVALID' } });
    expect(checkStoreConfig({ backend: 'pglite', dataDir: '' })).toMatchObject({ ok: false, problem: { code: 'STORE_DATA_DIR_INVALID' } });
  });

  it('refuses a pool size that is not a positive integer', () => {
    expect(checkStoreConfig({ backend: 'postgres', url: 'postgres://localhost/db', maxConnections: 0 })).toMatchObject({
      ok: false,
      problem: { code: 'STORE_CONFIG_INVALID', params: { field: 'maxConnections' } },
    });
  });
});

describe('redactDatabaseUrl', () => {
  it('masks the password and leaves a URL without one as it is', () => {
    expect(redactDatabaseUrl('postgres://u:p%40ss@h/db')).toBe('postgres://u:***@h/db');
    expect(redactDatabaseUrl('postgres://u@h/db')).toBe('postgres://u@h/db');
  });
});
