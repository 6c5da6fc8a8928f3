// A page released by the database is exactly what reading the page, masking each record by the decision in memory and
// writing it again released (the path every page took before): random records with nulls, missing fields, lists,
// lists of lists, odd keys and strings, random grants and duties, pages of random sizes, on every backend — the same
// records, fields and values, the same ids for the audit entry and the same cursor.
import { Type } from '@sinclair/typebox';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AreaCode, QualityLevel } from '../../src/model/index.ts';
import { applyObligations, defineDataset, type AccessDecision } from '../../src/policy/index.ts';
import { dutiesInStore } from '../../src/node/record-duties.ts';
import type { RecordQuery, ReleasedPage, Store } from '../../src/store/types.ts';
import { backendRuns, backends, useTestStore } from './support/backends.ts';
import { namespace } from './support/drafts.ts';
import { allowedDecision, payloadDrafts } from './support/decisions.ts';

const dataset = defineDataset({
  name: 'persons',
  label: { ja: 'テスト', en: 'test' },
  schema: Type.Object({
    areaCode: Type.String(),
    care: Type.Object({ needs: Type.Array(Type.String()), level: Type.Number() }),
    consent: Type.Object({ ok: Type.Boolean() }),
    owner: Type.String(),
    a: Type.Object({ b: Type.Object({ c: Type.String() }) }),
  }),
  defaultClasses: {},
  fieldLabels: {},
  consentField: 'consent.ok',
  areaField: 'areaCode',
});
const datasets = new Map([['persons', dataset]]);

/** Keys of stored objects, some the grants name and some they do not, with characters SQL or JSON treat specially. */
const key = fc.constantFrom('a', 'b', 'c', 'needs', 'level', '0', 'x y', "o'k", 'ä', '"q"', 'a.b');
const scalar = fc.oneof(
  fc.constantFrom('text', '', 'ä', '"quoted"', 'back\\slash', 'line\nbreak', '\u0001', '😀', '172022'),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0.1, 1e21, 5e-324, 1.5),
  fc.boolean(),
  fc.constant(null),
);
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 3 }),
  ),
}));
const areaCodeValue = fc.oneof(fc.constantFrom('172022', '172049', '160008', '141011', '141003', 'PH0403405', 'JP', 'junk'), fc.constant(7), fc.constant(null));

const data = fc.record(
  {
    areaCode: areaCodeValue,
    care: fc.oneof(fc.record({ needs: value, level: value }, { requiredKeys: [] }), fc.array(fc.record({ needs: value }), { maxLength: 3 }), value),
    consent: fc.oneof(fc.record({ ok: fc.oneof(fc.boolean(), fc.constant('true')) }, { requiredKeys: [] }), fc.constant(true)),
    owner: fc.constantFrom('p1', 'p2', 7),
    a: value,
    b: value,
  },
  { requiredKeys: [] },
);
const record = fc.record({ data, level: fc.constantFrom<QualityLevel>('synthetic', 'reported', 'verified') });

/** Grants: fields, parents of fields, paths through lists, paths the records never hold, overlapping paths. */
const grants = fc.uniqueArray(fc.constantFrom('areaCode', 'care', 'care.needs', 'care.level', 'a', 'a.b', 'a.b.c', 'a.0', 'b', 'b.x y', "b.o'k", 'b.a.b', 'owner', 'consent.ok', 'missing.path'), {
  maxLength: 5,
});

const duties = fc.record({
  areas: fc.uniqueArray(fc.constantFrom('172022', '172049', '170003', '141003', 'JP', 'PH04'), { minLength: 1, maxLength: 3 }),
  requireConsent: fc.boolean(),
  ownRecords: fc.boolean(),
  quality: fc.option(fc.uniqueArray(fc.constantFrom<QualityLevel>('synthetic', 'reported'), { minLength: 1 }), { nil: undefined }),
});

/** The page as the previous path released it: `limit + 1` read, the first `limit` masked in memory, the cursor. */
async function maskedInMemory(store: Store, q: RecordQuery, limit: number, decision: AccessDecision) {
  const rows = await store.query({ ...q, limit: limit + 1 });
  const records = rows.slice(0, limit).flatMap((r) => applyObligations(r, decision, datasets) ?? []);
  return { records, read: rows.slice(0, limit), next: rows.length > limit ? rows[limit - 1]!.id : undefined };
}

describe.each(backends())('pages released by the store on $name', (backend) => {
  if (!backendRuns(backend)) return;

  let store: Store;
  useTestStore(backend, (s) => (store = s));

  it('release exactly the records, fields and values that masking each record in memory released, page by page', async () => {
    let nested = 0;
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 12 }), grants, duties, fc.integer({ min: 1, max: 5 }), fc.boolean(), async (records, granted, d, limit, byArea) => {
        const ns = namespace();
        await store.upsert(payloadDrafts(ns, records, true));
        const decision = allowedDecision(granted, d);
        const inStore = dutiesInStore(decision, dataset);
        if (inStore.in !== 'store') throw new Error(`expected the store path, got ${inStore.in}`);
        const release = { ...inStore.duties, granted: decision.obligations.grantedFields };
        // With and without the area filter of the query itself (a read naming its areas has both).
        const base: RecordQuery = { type: 'person', sourceNode: ns.sourceNode, ...(byArea ? { areas: d.areas as AreaCode[] } : {}) };

        let after: string | undefined;
        for (;;) {
          const q = { ...base, ...(after !== undefined ? { after } : {}) };
          const expected = await maskedInMemory(store, q, limit, decision);
          const page: ReleasedPage = await store.releasePage({ ...q, limit }, release);
          if (page.kind === 'nested-arrays') {
            nested += 1;
            // Said only where a record read holds an array directly inside an array; the gate then masks in memory.
            expect(JSON.stringify(expected.read.map((r) => r.data))).toMatch(/\[\[|,\[/);
            break;
          }
          compared += 1;
          expect(JSON.parse(page.json)).toEqual(expected.records);
          expect(page.ids).toEqual(expected.records.map((r) => r.id));
          expect(page.next).toEqual(expected.next);
          if (page.next === undefined) break;
          after = page.next;
        }
      }),
      { numRuns: 60 },
    );
    // The property compared pages, not only refusals.
    expect(compared).toBeGreaterThan(nested);
  }, 300_000);

  it('says when a released record holds a list directly inside a list under a partial grant, releasing nothing', async () => {
    const ns = namespace();
    await store.upsert(payloadDrafts(ns, [{ data: { areaCode: '172022', a: [[{ b: 1, c: 2 }]] }, level: 'verified' }]));
    const release = { areas: { field: 'areaCode', codes: ['172022'] }, granted: ['a.b'] };
    expect(await store.releasePage({ type: 'person', sourceNode: ns.sourceNode, limit: 10 }, release)).toEqual({ kind: 'nested-arrays' });
    // The whole list granted: written as it is.
    const whole = await store.releasePage({ type: 'person', sourceNode: ns.sourceNode, limit: 10 }, { ...release, granted: ['a'] });
    expect(whole.kind === 'page' && JSON.parse(whole.json)[0].data).toEqual({ a: [[{ b: 1, c: 2 }]] });
  });

  it('releases a page of a box the same way, its ids chosen from the point index', async () => {
    const ns = namespace();
    // Twelve persons on a line of longitudes, every third outside the box, half of them without consent.
    const records = Array.from({ length: 12 }, (_, i) => ({
      data: { areaCode: '172022', location: { type: 'Point', coordinates: [136.9 + (i % 3 === 0 ? 1 : 0.01 * i), 37.0] }, consent: { ok: i % 2 === 0 }, care: { needs: ['x'], level: i } },
      level: 'verified' as QualityLevel,
    }));
    await store.upsert(payloadDrafts(ns, records, true));
    const decision = allowedDecision(['care.needs', 'location'], { areas: ['172022'], requireConsent: true, ownRecords: false, quality: undefined });
    const inStore = dutiesInStore(decision, dataset);
    if (inStore.in !== 'store') throw new Error(`expected the store path, got ${inStore.in}`);
    const base: RecordQuery = { type: 'person', sourceNode: ns.sourceNode, areas: ['172022' as AreaCode], bbox: { west: 136.8, south: 36.9, east: 137.5, north: 37.1 } };
    let after: string | undefined;
    let released = 0;
    do {
      const q = { ...base, ...(after !== undefined ? { after } : {}) };
      const expected = await maskedInMemory(store, q, 3, decision);
      const page = await store.releasePage({ ...q, limit: 3 }, { ...inStore.duties, granted: decision.obligations.grantedFields });
      if (page.kind !== 'page') throw new Error('expected a page');
      expect(JSON.parse(page.json)).toEqual(expected.records);
      expect(page.next).toEqual(expected.next);
      released += page.ids.length;
      after = page.next;
    } while (after !== undefined);
    // Inside the box: the eight not at a multiple of three; with consent: the even ones among them.
    expect(released).toBe(4);
  });

  it('refuses a page larger than an audit entry can list', async () => {
    await expect(store.releasePage({ type: 'person', limit: 1001 }, { granted: [] })).rejects.toMatchObject({ code: 'STORE_QUERY_INVALID' });
  });
});
