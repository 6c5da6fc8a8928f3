import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { missingNotice, type MissingEntry } from './missing-notice.ts';

const unknown = (node: string, dataset: string): MissingEntry => ({ node, dataset, reason: 'refused', code: 'NODE_DATASET_UNKNOWN' });
const refused = (node: string, dataset: string, code = 'POLICY_NO_PERMIT'): MissingEntry => ({ node, dataset, reason: 'refused', code });

describe('the notice about nodes that gave nothing', () => {
  it('says each dataset nobody publishes once, with its participants, not one line per node', () => {
    const n = missingNotice([unknown('clinic', 'vehicles'), unknown('clinic', 'stock'), unknown('care', 'stock'), unknown('city', 'stock')], 1);
    expect(n.notPublished).toEqual([
      { dataset: 'stock', nodes: ['care', 'city', 'clinic'] },
      { dataset: 'vehicles', nodes: ['clinic'] },
    ]);
    expect(n.refused).toEqual([]);
    expect(n.participants).toBe(3);
    expect(n.beforeDeclaration).toBe(false);
  });

  it('groups refusals by dataset, reason and code, and keeps silent nodes apart from refusing ones', () => {
    const n = missingNotice([
      refused('mart', 'stock'), refused('firm', 'vehicles'), refused('firm', 'stock'),
      { node: 'far', dataset: 'stock', reason: 'timeout' }, refused('mart', 'stock'),
    ], 1);
    expect(n.refused).toEqual([
      { dataset: 'stock', reason: 'refused', code: 'POLICY_NO_PERMIT', nodes: ['firm', 'mart'] },
      { dataset: 'stock', reason: 'timeout', nodes: ['far'] },
      { dataset: 'vehicles', reason: 'refused', code: 'POLICY_NO_PERMIT', nodes: ['firm'] },
    ]);
  });

  it('before any declaration gives the reason once instead of the list', () => {
    const n = missingNotice([refused('mart', 'stock'), unknown('clinic', 'stock')], 0);
    expect(n.beforeDeclaration).toBe(true);
    expect(n.participants).toBe(2);
  });

  it('says nothing when every node answered, declaration or not', () => {
    expect(missingNotice([], 0)).toEqual({ beforeDeclaration: false, notPublished: [], refused: [], participants: 0 });
  });

  it('loses no node and names none twice in a group', () => {
    const entry = fc.record({
      node: fc.constantFrom('a', 'b', 'c', 'd'),
      dataset: fc.constantFrom('stock', 'vehicles', 'road-segments', 'persons', 'other'),
      reason: fc.constantFrom('refused', 'timeout', 'unreachable'),
      code: fc.option(fc.constantFrom('NODE_DATASET_UNKNOWN', 'POLICY_NO_PERMIT'), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), fc.nat(2), (missing, declarations) => {
        const n = missingNotice(missing.map(({ code, ...m }) => (code === undefined ? m : { ...m, code })), declarations);
        const groups = [...n.notPublished, ...n.refused];
        for (const g of groups) expect(new Set(g.nodes).size).toBe(g.nodes.length);
        const covered = new Set(groups.flatMap((g) => g.nodes.map((node) => `${node}|${g.dataset}`)));
        for (const m of missing) expect(covered.has(`${m.node}|${m.dataset}`)).toBe(true);
        expect(n.participants).toBe(new Set(missing.map((m) => m.node)).size);
        expect(n.beforeDeclaration).toBe(declarations === 0 && missing.length > 0);
      }),
    );
  });
});
