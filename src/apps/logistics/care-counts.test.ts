import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateRecords } from '../../policy/aggregate.ts';
import type { AggregateTable } from '../../node/application/index.ts';
import { ALLERGY_FREE_FROM, CARE_GROUP_BY, careCountsOf } from './care-counts.ts';
import { shelterNeeds } from './computed-needs.ts';
import { pushStandards } from './push-standards.ts';

const person = (needs: string[], shelter?: string) => ({ data: { care: { needs }, safety: shelter ? { status: 'safe', shelter } : { status: 'unknown' } } });
const many = (n: number, needs: string[], shelter?: string) => Array.from({ length: n }, () => person(needs, shelter));
const table = (records: ReturnType<typeof person>[], minimumCellSize = 3): AggregateTable =>
  aggregateRecords(records, { groupBy: [...CARE_GROUP_BY], sum: [], minimumCellSize });

describe('care counts per shelter from aggregates', () => {
  it('adds up published counts across nodes and names the nodes they come from', () => {
    const r = careCountsOf([
      { node: 'city', table: table([...many(5, ['bedridden'], 'S1'), ...many(4, ['infant'], 'S1'), ...many(3, ['food-allergy'], 'S1')]) },
      { node: 'care', table: table([...many(3, ['bedridden', 'wheelchair'], 'S1'), ...many(6, ['bedridden'], 'S2'), ...many(3, ['dementia'], 'S2')]) },
    ]);
    expect(r.counts).toEqual([
      { shelterId: 'S1', allergenFree: [{ freeFrom: ALLERGY_FREE_FROM, persons: 3 }], bedridden: 8, infants: 4, source: 'care, city' },
      { shelterId: 'S2', allergenFree: [], bedridden: 6, infants: 0, source: 'care' },
    ]);
    expect(r.sources.map((s) => [s.node, s.shelters, s.withheld.length])).toEqual([['city', 1, 0], ['care', 2, 0]]);
  });

  it('leaves a withheld category unknown, never guessed, and says which node withheld which cell', () => {
    const r = careCountsOf([{ node: 'city', table: table([...many(5, ['bedridden'], 'S1'), ...many(4, ['infant'], 'S1'), ...many(2, ['food-allergy'], 'S1')]) }]);
    // The allergy cell is too small, and the infants are withheld with it so that it cannot be worked out.
    expect(r.counts).toEqual([{ shelterId: 'S1', allergenFree: [], bedridden: 5, infants: undefined, source: 'city' }]);
    expect(r.sources[0]!.withheld).toEqual([{ shelterId: 'S1', need: 'food-allergy' }, { shelterId: 'S1', need: 'infant' }]);
  });

  it('uses nothing of a node that grouped otherwise, and treats every count as unknown when a whole table is withheld', () => {
    const other = aggregateRecords(many(5, ['bedridden'], 'S1').map((p) => ({ data: { ...p.data, areaCode: '172022' } })), { groupBy: ['areaCode', 'care.needs'], sum: [], minimumCellSize: 3 });
    const r = careCountsOf([{ node: 'x', table: other }, { node: 'tiny', table: table(many(1, ['bedridden'], 'S1')) }, { node: 'city', table: table(many(5, ['bedridden'], 'S1')) }]);
    expect(r.sources.find((s) => s.node === 'x')?.groupedBy).toEqual(['areaCode', 'care.needs']);
    expect(r.sources.find((s) => s.node === 'tiny')?.tableWithheld).toBe(true);
    expect(r.counts[0]).toMatchObject({ shelterId: 'S1', bedridden: undefined, infants: undefined });
  });

  it('keeps the population estimate of a category whose count is unknown, and covers with it only those beyond a known count', () => {
    const h = { shelterId: 'S1', areaCode: '172022', evacuees: 175 };
    const window = { days: 3, neededBy: '2024-01-13T12:00:00+09:00' };
    const known = shelterNeeds(h, { shelterId: 'S1', allergenFree: [], bedridden: 5, infants: undefined, source: 'city' }, pushStandards, window);
    const diapers = known.filter((d) => d.item.category === 'adult-diaper');
    // 175 × 29.1 % × 10 % ≈ 5.09 adults estimated, 5 counted: 0.09 × 5 a day × 3 days, rounded up.
    expect(diapers.map((d) => [d.origin, d.quantity])).toEqual([['push-estimate', Math.ceil((175 * 0.0291 - 5) * 5 * 3)], ['care-estimate', 90]]);
    expect(diapers[1]).toMatchObject({ priority: 'high' });
    expect(diapers[1]!.basis).toContain('city');
    expect(known.filter((d) => d.item.category === 'infant-formula').map((d) => d.origin)).toEqual(['push-estimate']);
  });

  it('never counts a person more often than the tables published, nor a cell under the minimum (property)', () => {
    const needs = fc.subarray(['bedridden', 'infant', 'food-allergy', 'dementia'], { maxLength: 3 });
    fc.assert(
      fc.property(fc.array(fc.tuple(needs, fc.option(fc.constantFrom('S1', 'S2', 'S3'), { nil: undefined })), { maxLength: 60 }), (people) => {
        const records = people.map(([n, s]) => person(n, s));
        const r = careCountsOf([{ node: 'city', table: table(records) }]);
        for (const c of r.counts) {
          const at = people.filter(([, s]) => s === c.shelterId);
          const count = (need: string) => at.filter(([n]) => n.includes(need)).length;
          if (c.bedridden !== undefined) expect(c.bedridden).toBe(count('bedridden'));
          if (c.infants !== undefined) expect(c.infants).toBe(count('infant'));
          for (const v of [c.bedridden, c.infants, ...c.allergenFree.map((a) => a.persons)]) if (v !== undefined && v > 0) expect(v).toBeGreaterThanOrEqual(3);
        }
      }),
      { numRuns: 100 },
    );
  });
});
