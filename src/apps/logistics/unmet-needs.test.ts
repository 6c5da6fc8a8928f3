import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { UnmetNeedsAnswerSchema, validate, type Demand } from '../../model/index.ts';
import type { NeedLine, StoredPlan } from './types.ts';
import { latestStandingPlan, unmetNeedsOf } from './unmet-needs.ts';

const need = (id: string, areaCode: string, category: Demand['item']['category'], quantity: number, shelter = 's1'): NeedLine => ({
  id,
  receiver: `node-${areaCode}`,
  demand: {
    origin: 'push-estimate', destination: { type: 'shelter', id: shelter }, areaCode: areaCode as Demand['areaCode'], item: { category },
    quantity, unit: 'piece', neededBy: '2024-01-02T09:00:00+09:00', priority: 'high',
  },
});

const plan = (needs: NeedLine[], unmet: { demand: string; quantity: number }[], state: StoredPlan['state'] = 'proposed'): StoredPlan => ({
  id: 'plan-1', state, proposedAt: '2024-01-02T00:00:00.000Z',
  inputs: { needs, answered: [{ node: 'node-172022', dataset: 'shelters', count: 3 }] },
  result: { unmet },
});

describe('unmet needs of a plan', () => {
  it('sums what the plan leaves unmet per municipality and item, naming every need, its node and its shelter', () => {
    const p = plan(
      [need('n1', '172022', 'blanket', 100, 's1'), need('n2', '172022', 'blanket', 50, 's2'), need('n3', '172022', 'food', 30), need('n4', '172031', 'food', 10)],
      [{ demand: 'n1', quantity: 40 }, { demand: 'n2', quantity: 10 }, { demand: 'n3', quantity: 0 }, { demand: 'n4', quantity: 10 }],
    );
    const answer = unmetNeedsOf(p, ['172022']);
    expect(answer.planId).toBe('plan-1');
    expect(answer.basis).toBe('latest-plan');
    expect(answer.sources).toEqual([{ node: 'node-172022', dataset: 'shelters', count: 3 }]);
    expect(answer.areas).toEqual([
      {
        areaCode: '172022',
        items: [{
          category: 'blanket', unit: 'piece', unmet: 50, needed: 150,
          needs: [
            { needId: 'n1', node: 'node-172022', destination: { type: 'shelter', id: 's1' }, origin: 'push-estimate', unmet: 40 },
            { needId: 'n2', node: 'node-172022', destination: { type: 'shelter', id: 's2' }, origin: 'push-estimate', unmet: 10 },
          ],
        }],
      },
    ]);
    expect(validate(UnmetNeedsAnswerSchema, answer).ok).toBe(true);
  });

  it('takes the municipalities of a prefecture asked for', () => {
    const p = plan([need('n1', '172022', 'food', 5), need('n2', '172031', 'food', 5), need('n3', '150002', 'food', 5)], [
      { demand: 'n1', quantity: 5 }, { demand: 'n2', quantity: 5 }, { demand: 'n3', quantity: 5 },
    ]);
    expect(unmetNeedsOf(p, ['170003']).areas.map((a) => a.areaCode)).toEqual(['172022', '172031']);
  });

  it('reads the latest plan that was not declined', () => {
    const declined = { ...plan([], []), id: 'plan-2', state: 'declined' as const };
    expect(latestStandingPlan([declined, plan([], [], 'approved')])?.id).toBe('plan-1');
    expect(latestStandingPlan([declined])).toBeUndefined();
  });

  it('never loses or invents unmet quantity: the figures of a municipality sum the unmet of its needs', () => {
    const codes = ['172022', '172031', '172049'];
    fc.assert(
      fc.property(
        fc.array(fc.record({ area: fc.constantFrom(...codes), category: fc.constantFrom('food' as const, 'blanket' as const), quantity: fc.integer({ min: 1, max: 1000 }), share: fc.double({ min: 0, max: 1, noNaN: true }) }), { maxLength: 30 }),
        fc.subarray(codes, { minLength: 1 }),
        (rows, asked) => {
          const needs = rows.map((r, i) => need(`n${i}`, r.area, r.category, r.quantity));
          const unmet = rows.map((r, i) => ({ demand: `n${i}`, quantity: r.quantity * r.share }));
          const answer = unmetNeedsOf(plan(needs, unmet), asked);
          for (const code of codes) {
            const expected = rows.reduce((n, r) => n + (r.area === code && asked.includes(code) && r.quantity * r.share > 1e-9 ? r.quantity * r.share : 0), 0);
            const got = answer.areas.find((a) => a.areaCode === code)?.items.reduce((n, i) => n + i.unmet, 0) ?? 0;
            expect(got).toBeCloseTo(expected, 6);
          }
          expect(validate(UnmetNeedsAnswerSchema, answer).ok).toBe(true);
        },
      ),
    );
  });
});
