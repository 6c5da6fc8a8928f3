// A page of records (a query with a limit, read as one JSON text) is the same records, envelope for envelope, as the
// row-by-row read of an unbounded query and as `get` — whatever the payload holds — on every storage backend.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AreaCode, AreaGeometry } from '../../src/model/index.ts';
import type { Store } from '../../src/store/types.ts';
import { backendRuns, backends, useTestStore } from './support/backends.ts';
import { codes, namespace, shelter } from './support/drafts.ts';

/** Text a payload may hold: Japanese, escapes JSON writes, characters outside the BMP. */
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('七尾市 中町三丁目', 'quote " back\\slash', 'tab\tnew\nline', '絵文字 🚑', '\u00e9\u0301', 'ＮＦＫＣ前の全角'),
);

describe.each(backends())('pages of records on $name', (backend) => {
  if (!backendRuns(backend)) return;
  let store: Store;
  useTestStore(backend, (s) => (store = s));

  it('reads each page as the same records the unbounded query and get read, in id order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ name: text, note: text, count: fc.integer({ min: 0, max: 2 ** 31 }), open: fc.boolean() }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 5 }),
        async (rows, limit) => {
          const ns = namespace();
          const drafts = rows.map((r, i) => {
            const d = shelter(ns.id(String(i).padStart(3, '0')), { sourceNode: ns.sourceNode, name: r.name, at: [136.9 + i / 1000, 37.0 + i / 1000], observedAt: `2024-01-01T09:00:0${i % 10}.${String(i * 1234).padStart(6, '0').slice(0, 6)}+09:00`, openStatus: r.open ? 'open' : 'closed' });
            return { ...d, lineage: [{ activity: 'entry' as const, at: '2024-01-01T09:00:00+09:00', file: r.note }], data: { ...d.data, capacity: { persons: r.count, note: r.note }, evacueeCounts: [{ observedAt: '2024-01-01T09:00:00+09:00', count: r.count, source: r.note }] } } satisfies typeof d;
          });
          await store.upsert(drafts);
          const whole = await store.query({ type: 'shelter', sourceNode: ns.sourceNode });
          expect(whole.map((r) => r.id)).toEqual(drafts.map((d) => d.id));
          const paged: typeof whole = [];
          for (let after: string | undefined; ; ) {
            const page = await store.query({ type: 'shelter', sourceNode: ns.sourceNode, limit, ...(after ? { after } : {}) });
            paged.push(...page);
            if (page.length < limit) break;
            after = page[page.length - 1]!.id;
          }
          expect(paged).toEqual(whole);
          // The same key order as the row-by-row read, so a page serialises to the same JSON.
          expect(paged.map((r) => JSON.stringify(r))).toEqual(whole.map((r) => JSON.stringify(r)));
          for (const r of paged) expect(await store.get('shelter', r.id)).toEqual(r);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('reads a page inside a polygon and a page of an area as the records found one by one', async () => {
    const ns = namespace();
    const drafts = Array.from({ length: 7 }, (_, i) => shelter(ns.id(`p${i}`), { sourceNode: ns.sourceNode, areaCode: i % 2 === 0 ? codes.nanao : codes.kanazawa, at: [136.95 + i * 0.01, 37.0] }));
    await store.upsert(drafts);
    const square: AreaGeometry = { type: 'Polygon', coordinates: [[[136.94, 36.99], [137.1, 36.99], [137.1, 37.01], [136.94, 37.01], [136.94, 36.99]]] };
    const inside = await store.query({ type: 'shelter', sourceNode: ns.sourceNode, within: square, limit: 3 });
    expect(inside.map((r) => r.id)).toEqual(drafts.slice(0, 3).map((d) => d.id));
    for (const r of inside) expect(await store.get('shelter', r.id)).toEqual(r);
    const nanao = await store.query({ type: 'shelter', sourceNode: ns.sourceNode, areas: [codes.nanao as AreaCode], limit: 10 });
    expect(nanao.map((r) => r.id)).toEqual(drafts.filter((_, i) => i % 2 === 0).map((d) => d.id));
    expect(await store.query({ type: 'shelter', sourceNode: ns.sourceNode, areas: [codes.toyama as AreaCode], limit: 10 })).toEqual([]);
  });
});
