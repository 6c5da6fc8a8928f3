// The store's GROUP BY gives the same aggregate as reading every record, masking it by the decision and counting in
// memory (the path every aggregate took before): random records with nulls, missing fields, lists and numbers, random
// groupings, totals and duties, on every backend — groups, counts, totals to the last bit, and the suppressed table.
import { Type } from '@sinclair/typebox';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { QualityLevel, RecordDraft } from '../../src/model/index.ts';
import {
  aggregateRecords,
  aggregateTable,
  applyObligations,
  countGroups,
  defineDataset,
  inKeyOrder,
  type AccessDecision,
  type AggregateSpec,
} from '../../src/policy/index.ts';
import { aggregateCounting } from '../../src/node/aggregate-count.ts';
import { StoreError } from '../../src/store/errors.ts';
import type { Store } from '../../src/store/types.ts';
import { backendRuns, backends, useTestStore } from './support/backends.ts';
import { namespace } from './support/drafts.ts';
import { allowedDecision, payloadDrafts, type Duties } from './support/decisions.ts';

/** A dataset about people whose fields the generator fills: area, needs, a kind, consent, an owner, two numbers. */
const dataset = defineDataset({
  name: 'persons',
  label: { ja: 'テスト', en: 'test' },
  schema: Type.Object({
    areaCode: Type.String(),
    care: Type.Object({ needs: Type.Array(Type.String()) }),
    kind: Type.String(),
    consent: Type.Object({ ok: Type.Boolean() }),
    owner: Type.String(),
    n: Type.Number(),
    m: Type.Number(),
  }),
  defaultClasses: {},
  fieldLabels: {},
  consentField: 'consent.ok',
  areaField: 'areaCode',
});
const datasets = new Map([['persons', dataset]]);

/** Values a grouping field may hold in stored data, codes or not: the text "true" and the yes/no true stay apart. */
const anyValue = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'true', 'ä', '"q"', ''),
  fc.boolean(),
  fc.constant(null),
  fc.integer({ min: -2, max: 2 }),
  fc.constant({}),
  fc.constant([]),
);
const amount = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
  // Amounts whose total depends on the order they are added in, so that the totals must be added in id order.
  fc.constantFrom(0.1, 0.2, 0.3, 1e16, -1e16, 1.5),
  fc.constantFrom('5', null, true),
);
const areaCodeValue = fc.oneof(fc.constantFrom('172022', '172049', '172014', '160008', '141011', '141003', 'PH0403405', 'PH04', 'JP', 'junk', '17abcd'), fc.constant(7), fc.constant(null));

const data = fc.record(
  {
    areaCode: areaCodeValue,
    care: fc.oneof(
      fc.record({ needs: fc.oneof(fc.array(anyValue, { maxLength: 4 }), anyValue) }, { requiredKeys: [] }),
      fc.array(fc.record({ needs: fc.constant(['a']) }), { maxLength: 1 }),
      fc.constant('care'),
    ),
    kind: anyValue,
    consent: fc.oneof(fc.record({ ok: fc.oneof(fc.boolean(), fc.constant('true')) }, { requiredKeys: [] }), fc.constant(true)),
    owner: fc.constantFrom('p1', 'p2', 7),
    n: amount,
    m: amount,
  },
  { requiredKeys: [] },
);

const record = fc.record({ data, level: fc.constantFrom<QualityLevel>('synthetic', 'reported', 'verified') });

const specs = fc.record({
  groupBy: fc.shuffledSubarray(['areaCode', 'care.needs', 'kind', 'consent.ok'], { minLength: 1, maxLength: 3 }),
  sum: fc.shuffledSubarray(['n', 'm'], { maxLength: 2 }),
  minimumCellSize: fc.integer({ min: 3, max: 6 }),
});

const duties = fc.record({
  areas: fc.uniqueArray(fc.constantFrom('172022', '172049', '170003', '160008', '141003', 'JP', 'PH04', 'PH', 'junk', '17abcd'), { minLength: 1, maxLength: 4 }),
  requireConsent: fc.boolean(),
  ownRecords: fc.boolean(),
  quality: fc.option(fc.uniqueArray(fc.constantFrom<QualityLevel>('synthetic', 'reported'), { minLength: 1 }), { nil: undefined }),
});

const decisionOf = (spec: AggregateSpec, d: Duties): AccessDecision => allowedDecision([...spec.groupBy, ...spec.sum], d, spec);
const draftsOf = (ns: ReturnType<typeof namespace>, records: readonly { data: unknown; level: QualityLevel }[]) => payloadDrafts(ns, records);

describe.each(backends())('aggregates counted in the store on $name', (backend) => {
  if (!backendRuns(backend)) return;

  let store: Store;
  useTestStore(backend, (s) => (store = s));

  it('equal the aggregate of every record read, masked and counted in memory, for random records, groupings and duties', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 30 }), specs, duties, async (records, spec, d) => {
        const ns = namespace();
        await store.upsert(draftsOf(ns, records));
        const decision = decisionOf(spec, d);

        // The previous path: every record read in id order, masked by the decision, counted by countGroups.
        const read = await store.query({ type: 'person', sourceNode: ns.sourceNode });
        const masked = read.map((r) => applyObligations(r, decision, datasets)).filter((r) => r !== undefined);
        const counting = aggregateCounting(decision, spec, 'person', dataset);
        if (counting.in !== 'store') throw new Error(`expected the store path, got ${counting.in}`);
        const groups = await store.groups({ ...counting.query, sourceNode: ns.sourceNode });

        expect(inKeyOrder(groups)).toEqual(countGroups(masked, spec));
        expect(aggregateTable(groups, spec)).toEqual(aggregateRecords(masked, spec));
      }),
      { numRuns: 40 },
    );
  }, 240_000);

  it('adds totals in id order, as reading every record does, so that they agree to the last bit', async () => {
    const ns = namespace();
    const amounts: [string, number][] = [['172049', 1e16], ['172022', 1], ['172014', -1e16], ['172031', 1]];
    // Facilities, which no other case here writes, so that no filter makes the database read them in id order by
    // chance: written in the reverse of their id order, and with areas in another order again. Added in either of
    // those orders the total would be 0, not 1.
    const drafts = amounts
      .map(([areaCode, n], i) => ({
        id: ns.id(`k${i}`),
        type: 'facility' as const,
        sourceNode: ns.sourceNode,
        observedAt: '2024-01-01T09:00:00+09:00',
        quality: { level: 'synthetic' as const },
        lineage: [],
        data: { areaCode, kind: 'a', n } as unknown as RecordDraft<'facility'>['data'],
      }))
      .reverse();
    await store.upsert(drafts);
    const groups = await store.groups({ type: 'facility', groupBy: ['kind'], sum: ['n'] });
    expect(groups).toEqual([{ values: ['a'], count: 4, sums: { n: 1 } }]);
    const read = await store.query({ type: 'facility' });
    expect(countGroups(read, { groupBy: ['kind'], sum: ['n'] })).toEqual(groups);
  });

  it('lists the areas the records hold in the order reading them all by id meets them, reading none', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 20 }), async (records) => {
        const ns = namespace();
        await store.upsert(draftsOf(ns, records));
        const read = await store.query({ type: 'person', sourceNode: ns.sourceNode });
        const seen = [...new Set(read.map((r) => (r.data as { areaCode?: unknown }).areaCode).filter((a): a is string => typeof a === 'string'))];
        expect(await store.areas({ type: 'person', field: 'areaCode', sourceNode: ns.sourceNode })).toEqual(seen);
        // The same through the JSON path, for an area field without a column of its own.
        const kinds = [...new Set(read.map((r) => (r.data as { kind?: unknown }).kind).filter((a): a is string => typeof a === 'string'))];
        expect(await store.areas({ type: 'person', field: 'kind', sourceNode: ns.sourceNode })).toEqual(kinds);
      }),
      { numRuns: 15 },
    );
  }, 120_000);

  it('refuses a field path the database would read as an array index, and treats any other text as a plain key', async () => {
    const ns = namespace();
    await store.upsert(draftsOf(ns, [{ data: { care: { needs: ['a', 'b'] } }, level: 'synthetic' }]));
    for (const path of ['care.needs.0', 'care. 1', '-1']) {
      await expect(store.groups({ type: 'person', groupBy: [path], sum: [], sourceNode: ns.sourceNode })).rejects.toSatisfy(
        (e: unknown) => e instanceof StoreError && e.code === 'STORE_QUERY_INVALID',
      );
    }
    const hostile = "care'); drop table records; --";
    expect(await store.groups({ type: 'person', groupBy: [hostile], sum: [hostile], sourceNode: ns.sourceNode })).toEqual([
      { values: [null], count: 1, sums: { [hostile]: 0 } },
    ]);
    expect(await store.count({ type: 'person', sourceNode: ns.sourceNode })).toBe(1);
  });
});
