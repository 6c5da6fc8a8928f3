import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../store/data-dir.ts';
import { openStore } from '../store/open-store.ts';
import { bundledDataDir } from './bundled-data.ts';
import { databaseTemplate } from './database-template.ts';
import { NOTO_ROADS_FILE, parseNotoRoads } from './noto-roads.ts';

let base: string;
beforeEach(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'tsunagu-template-'));
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

/** A stand-in for a database: a few files, one of them the lock a creating process would leave. */
async function fakeDatabase(dir: string): Promise<void> {
  await mkdir(path.join(dir, 'base'), { recursive: true, mode: 0o700 });
  await writeFile(path.join(dir, 'PG_VERSION'), '17\n', { mode: 0o600 });
  await writeFile(path.join(dir, 'base', '1'), 'pages', { mode: 0o600 });
  await writeFile(path.join(dir, LOCK_FILE), '1\n', { mode: 0o600 });
}

describe('database template', () => {
  it('is made once however many databases are copied from it, and each copy is private to its owner', async () => {
    let made = 0;
    const template = databaseTemplate(path.join(base, 'template'), async (dir) => {
      made++;
      await fakeDatabase(dir);
    });
    const targets = ['a', 'b', 'c'].map((n) => path.join(base, 'nodes', n, 'db'));
    expect(await Promise.all(targets.map((t) => template.copyTo(t)))).toEqual([true, true, true]);
    expect(made).toBe(1);
    for (const t of targets) {
      expect(await readFile(path.join(t, 'base', '1'), 'utf8')).toBe('pages');
      expect((await stat(t)).mode & 0o777).toBe(0o700);
      expect(await readdir(t)).not.toContain(LOCK_FILE);
    }
    // Nothing half-copied is left beside them.
    expect(await readdir(path.join(base, 'nodes', 'a'))).toEqual(['db']);
  });

  it('leaves a directory that already exists as it was, without making the template', async () => {
    let made = 0;
    const template = databaseTemplate(path.join(base, 'template'), async (dir) => {
      made++;
      await fakeDatabase(dir);
    });
    const existing = path.join(base, 'db');
    await mkdir(existing, { mode: 0o700 });
    await writeFile(path.join(existing, 'own'), 'kept');
    expect(await template.copyTo(existing)).toBe(false);
    expect(await readdir(existing)).toEqual(['own']);
    expect(made).toBe(0);
  });

  it('makes again a template a crashed start left behind, and removes it when asked', async () => {
    const dir = path.join(base, 'template');
    await mkdir(dir);
    await writeFile(path.join(dir, 'stale'), 'old');
    const template = databaseTemplate(dir, fakeDatabase);
    await template.copyTo(path.join(base, 'db'));
    expect(await readdir(path.join(base, 'db'))).not.toContain('stale');
    await template.remove();
    await expect(stat(dir)).rejects.toThrow();
  });

  it('leaves no database behind when the template cannot be made, and says why', async () => {
    const template = databaseTemplate(path.join(base, 'template'), async () => {
      throw new Error('initdb failed');
    });
    const target = path.join(base, 'nodes', 'a', 'db');
    await expect(template.copyTo(target)).rejects.toThrow('initdb failed');
    await expect(stat(target)).rejects.toThrow();
    // The second node is told the same, rather than a template made halfway.
    await expect(template.copyTo(path.join(base, 'nodes', 'b', 'db'))).rejects.toThrow('initdb failed');
  });

  it('gives a copy PostgreSQL opens with the store migrated and writable, apart from the template', async () => {
    const template = databaseTemplate(path.join(base, 'template'), async (dir) => {
      const store = await openStore({ backend: 'pglite', dataDir: dir });
      await store.close();
    });
    const [a, b] = [path.join(base, 'a'), path.join(base, 'b')];
    await template.copyTo(a);
    await template.copyTo(b);
    const store = await openStore({ backend: 'pglite', dataDir: a });
    try {
      const roads = parseNotoRoads(await readFile(path.join(bundledDataDir, 'logistics', NOTO_ROADS_FILE), 'utf8'));
      if (!roads.ok) throw new Error('the bundled roads do not parse');
      const at = new Date().toISOString();
      await store.upsert(roads.value.records.map((r) => ({ ...r, lineage: [{ activity: 'import' as const, file: NOTO_ROADS_FILE, adapter: 'noto-trunk-roads', at }] })));
      expect(await store.count({ type: 'road-segment' })).toBe(roads.value.records.length);
    } finally {
      await store.close();
    }
    const other = await openStore({ backend: 'pglite', dataDir: b });
    try {
      expect(await other.count({ type: 'road-segment' })).toBe(0);
    } finally {
      await other.close();
    }
  }, 120_000);
});
