// store.maintain does on PGlite what autovacuum does on a server: after a large load it vacuums the record tables so
// the spatial index can answer alone; it leaves small or already-vacuumed tables and PostgreSQL servers alone.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { needsVacuum } from '../../src/store/maintenance.ts';
import { backendRuns, openTestStore, pgliteBackend, postgresBackend } from './support/backends.ts';
import { namespace, shelter } from './support/drafts.ts';

describe('needsVacuum', () => {
  it('asks for a vacuum only for a table of at least 128 pages with fewer than 80% marked all-visible', () => {
    expect(needsVacuum({ pages: 127, allVisible: 0 })).toBe(false);
    expect(needsVacuum({ pages: 128, allVisible: 0 })).toBe(true);
    expect(needsVacuum({ pages: 1000, allVisible: 799 })).toBe(true);
    expect(needsVacuum({ pages: 1000, allVisible: 800 })).toBe(false);
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.nat(1_000_000), (pages, visible) => {
        const allVisible = Math.min(pages, visible);
        expect(needsVacuum({ pages, allVisible })).toBe(pages >= 128 && allVisible < pages * 0.8);
      }),
    );
  });
});

/** Enough shelters to fill well over 128 pages of `records` (each row ≈ 0.5 KB). */
function manyShelters(count: number) {
  const ns = namespace();
  return Array.from({ length: count }, (_, i) =>
    shelter(ns.id(`s${i}`), { sourceNode: ns.sourceNode, at: [136.9 + (i % 100) / 1000, 37.0 + Math.floor(i / 100) / 1000], name: `避難所 ${'あ'.repeat(60)} ${i}` }),
  );
}

describe('store.maintain on PGlite', () => {
  const backend = pgliteBackend();
  it('vacuums the records after a large load, then finds nothing left to do, and answers the same afterwards', async () => {
    const store = await openTestStore(backend);
    try {
      expect(await store.maintain()).toEqual({ vacuumed: [] });
      await store.upsert(manyShelters(4000));
      const before = await store.ids({ type: 'shelter', bbox: { west: 136.9, south: 37.0, east: 136.95, north: 37.02 } });
      const first = await store.maintain();
      expect(first.vacuumed).toContain('records');
      expect(first.vacuumed).toContain('record_versions');
      expect(await store.maintain()).toEqual({ vacuumed: [] });
      expect(await store.ids({ type: 'shelter', bbox: { west: 136.9, south: 37.0, east: 136.95, north: 37.02 } })).toEqual(before);
      expect(before.length).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });
});

describe('store.maintain on PostgreSQL', () => {
  const backend = postgresBackend();
  afterAll(() => backend.cleanup());
  if (backendRuns(backend)) {
    it('leaves the tables to autovacuum', async () => {
      const store = await openTestStore(backend);
      try {
        await store.upsert(manyShelters(4000));
        expect(await store.maintain()).toEqual({ vacuumed: [] });
      } finally {
        await store.close();
      }
    });
  }
});
