import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byReason, givenCounts, missingNotice, PLAN_DATASETS, type MissingEntry, type NoticeInput } from './missing-notice.ts';

const unknown = (node: string, dataset: string): MissingEntry => ({ node, dataset, reason: 'refused', code: 'NODE_DATASET_UNKNOWN' });
const refused = (node: string, dataset: string, code = 'NODE_ACCESS_DENIED'): MissingEntry => ({ node, dataset, reason: 'refused', code });
const input = (over: Partial<NoticeInput>): NoticeInput => ({ missing: [], given: {}, estimatesFromShelters: false, declarationsInForce: 1, ...over });

describe('the notice about data the plan did not get', () => {
  it('names no participant that holds none of a dataset, and says only what changes the plan (the ASEAN demo)', () => {
    // The AHA Centre holds stock; nobody holds vehicles, roads or persons; the needs are requests, not estimates.
    const missing = ['ph-ocd', 'ph-dswd-fo8'].flatMap((n) => [unknown(n, 'stock'), unknown(n, 'vehicles'), unknown(n, 'road-segments'), unknown(n, 'persons')]);
    const n = missingNotice(input({ missing: [...missing, unknown('aha', 'vehicles'), unknown('aha', 'road-segments'), unknown('aha', 'persons')], given: { stock: 27 } }));
    expect(n.lines).toEqual([
      { dataset: 'vehicles', gap: 'none', withheld: [] },
      { dataset: 'road-segments', gap: 'none', withheld: [] },
    ]);
    expect(n.participants).toBe(0);
    expect(n.beforeDeclaration).toBe(false);
  });

  it('names the participants that refused, were silent or unreadable, once per dataset, with their reason and code', () => {
    const n = missingNotice(input({
      missing: [refused('mart', 'stock'), { node: 'far', dataset: 'stock', reason: 'timeout' }, refused('mart', 'stock'), refused('firm', 'vehicles'), unknown('city', 'stock')],
      given: { stock: 10, 'road-segments': 37 },
    }));
    expect(n.lines).toEqual([
      { dataset: 'stock', gap: 'partly', withheld: [{ node: 'far', reason: 'timeout' }, { node: 'mart', reason: 'refused', code: 'NODE_ACCESS_DENIED' }] },
      { dataset: 'vehicles', gap: 'none', withheld: [{ node: 'firm', reason: 'refused', code: 'NODE_ACCESS_DENIED' }] },
    ]);
    expect(n.participants).toBe(3);
  });

  it('speaks of care counts only when some need is estimated from a shelter’s evacuee count', () => {
    const missing = [refused('clinic', 'persons')];
    expect(missingNotice(input({ missing })).lines.map((l) => l.dataset)).toEqual(['stock', 'vehicles', 'road-segments']);
    const estimated = missingNotice(input({ missing, estimatesFromShelters: true, given: { stock: 1, vehicles: 1, 'road-segments': 1, persons: 0 } }));
    expect(estimated.lines).toEqual([{ dataset: 'persons', gap: 'none', withheld: [{ node: 'clinic', reason: 'refused', code: 'NODE_ACCESS_DENIED' }] }]);
    const counted = missingNotice(input({ estimatesFromShelters: true, given: { stock: 1, vehicles: 1, 'road-segments': 1, persons: 2 } }));
    expect(counted.lines).toEqual([]);
  });

  it('speaks of shelters only when a participant withheld them: without any, the needs are the requests entered', () => {
    expect(missingNotice(input({ given: { stock: 1, vehicles: 1, 'road-segments': 1 } })).lines).toEqual([]);
    expect(missingNotice(input({ missing: [{ node: 'town', dataset: 'shelters', reason: 'unreachable' }], given: { stock: 1, vehicles: 1, 'road-segments': 1 } })).lines).toEqual([
      { dataset: 'shelters', gap: 'none', withheld: [{ node: 'town', reason: 'unreachable' }] },
    ]);
  });

  it('leaves out datasets that only name places', () => {
    const n = missingNotice(input({ missing: [refused('depot', 'facilities')], given: { stock: 1, vehicles: 1, 'road-segments': 1 } }));
    expect(n).toEqual({ beforeDeclaration: false, lines: [], participants: 0 });
  });

  it('before any declaration gives the reason once when someone refused, not when nobody holds the data', () => {
    expect(missingNotice(input({ missing: [refused('mart', 'stock')], given: { stock: 3 }, declarationsInForce: 0 })).beforeDeclaration).toBe(true);
    expect(missingNotice(input({ missing: [unknown('clinic', 'stock')], declarationsInForce: 0 })).beforeDeclaration).toBe(false);
    expect(missingNotice(input({ missing: [{ node: 'far', dataset: 'stock', reason: 'timeout' }], declarationsInForce: 0 })).beforeDeclaration).toBe(false);
  });

  it('names every participant that withheld a plan dataset exactly once in its line, and no participant that holds none', () => {
    const entry = fc.record({
      node: fc.constantFrom('a', 'b', 'c', 'd'),
      dataset: fc.constantFrom(...PLAN_DATASETS, 'facilities'),
      reason: fc.constantFrom('refused', 'timeout', 'unreachable'),
      code: fc.option(fc.constantFrom('NODE_DATASET_UNKNOWN', 'NODE_ACCESS_DENIED'), { nil: undefined }),
    });
    const given = fc.dictionary(fc.constantFrom(...PLAN_DATASETS), fc.nat(3));
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), given, fc.boolean(), fc.nat(2), (raw, counts, estimates, declarations) => {
        const missing = raw.map(({ code, ...m }) => (code === undefined ? m : { ...m, code }));
        const n = missingNotice({ missing, given: counts, estimatesFromShelters: estimates, declarationsInForce: declarations });
        for (const l of n.lines) expect(new Set(l.withheld.map((w) => w.node)).size).toBe(l.withheld.length);
        const named = new Set(n.lines.flatMap((l) => l.withheld.map((w) => `${w.node}|${l.dataset}`)));
        for (const m of missing) {
          const counts = m.code !== 'NODE_DATASET_UNKNOWN' && m.dataset !== 'facilities' && (m.dataset !== 'persons' || estimates);
          const holdsOnlyUnknown = missing.filter((x) => x.node === m.node && x.dataset === m.dataset).every((x) => x.code === 'NODE_DATASET_UNKNOWN');
          if (counts) expect(named.has(`${m.node}|${m.dataset}`)).toBe(true);
          if (holdsOnlyUnknown) expect(named.has(`${m.node}|${m.dataset}`)).toBe(false);
        }
        expect(n.participants).toBe(new Set(n.lines.flatMap((l) => l.withheld.map((w) => w.node))).size);
        for (const l of n.lines) expect(l.gap).toBe((counts[l.dataset] ?? 0) > 0 ? 'partly' : 'none');
      }),
    );
  });
});

describe('what the nodes gave', () => {
  it('sums records per dataset over nodes and counts care tables only where a node counted shelters by kind of care', () => {
    const given = givenCounts(
      [{ node: 'a', dataset: 'stock', count: 3 }, { node: 'b', dataset: 'stock', count: 2 }, { node: 'a', dataset: 'persons', count: 9 }],
      [{ shelters: 4 }, { shelters: 0 }, { shelters: 2, groupedBy: ['area'] }],
    );
    expect(given).toEqual({ stock: 5, persons: 1 });
  });
});

describe('a line’s participants by reason', () => {
  it('says a reason shared by several participants once, after their names, keeping the line’s order', () => {
    expect(byReason([
      { node: 'a', reason: 'refused', code: 'NODE_ACCESS_DENIED' }, { node: 'b', reason: 'timeout' }, { node: 'c', reason: 'refused', code: 'NODE_ACCESS_DENIED' },
    ])).toEqual([{ reason: 'refused', code: 'NODE_ACCESS_DENIED', nodes: ['a', 'c'] }, { reason: 'timeout', nodes: ['b'] }]);
  });
});
