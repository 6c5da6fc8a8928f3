import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { UnmetNeedsAnswerSchema, UnmetNeedsAnswerV2Schema, validate, type Demand, type Stock } from '../../model/index.ts';
import type { NeedLine, StoredPlan } from './types.ts';
import { latestStandingPlan, needsAgainstStock, unmetNeedsBasis, unmetNeedsOf } from './unmet-needs.ts';

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

  it("follows the plan as it stands: an operator's edit and a supplier's decline change what is unmet, the solver's figure does not", () => {
    const p = plan([need('n1', '172022', 'blanket', 100), need('n2', '172022', 'food', 30)], [{ demand: 'n1', quantity: 40 }, { demand: 'n2', quantity: 0 }], 'approved');
    // The solver planned 60 blankets in two lines and all 30 meals; the operator cut a line to 10, a supplier declined the meals.
    const progress = { lines: [{ demandId: 'n1', quantity: 10 }, { demandId: 'n1', quantity: 30 }, { demandId: 'n2', quantity: 30 }], declined: new Map([['n2', 30]]) };
    const items = unmetNeedsOf(p, ['172022'], progress).areas[0]!.items;
    expect(items.map((i) => [i.category, i.unmet])).toEqual([['blanket', 60], ['food', 30]]);
    expect(unmetNeedsOf(p, ['172022']).areas[0]!.items.map((i) => [i.category, i.unmet])).toEqual([['blanket', 40]]);
    // Sent beyond the need (an edit up) leaves nothing unmet, never a negative figure.
    expect(unmetNeedsOf(p, ['172022'], { lines: [{ demandId: 'n1', quantity: 150 }, { demandId: 'n2', quantity: 30 }], declined: new Map() }).areas).toEqual([]);
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

const stock = (category: Stock['item']['category'], quantity: number, extra: Partial<Stock> = {}): Stock => ({
  heldAt: { type: 'facility', id: 'depot-1' }, areaCode: '172022' as Stock['areaCode'], item: { category }, quantity, unit: 'piece', ...extra,
});

const against = (needs: NeedLine[], stocks: { node: string; data: Stock }[], areas: string[]) =>
  needsAgainstStock({ needs, stock: stocks, sources: [{ node: 'node-a', dataset: 'stock', count: stocks.length }], missing: [{ node: 'node-b', dataset: 'stock', reason: 'refused' }], computedAt: '2024-01-02T00:00:00.000Z' }, areas, { kind: 'no-plan' });

describe('the basis of unmet needs (version 2)', () => {
  it('reads the newest plan while it stands, and says why there is none to read otherwise', () => {
    expect(unmetNeedsBasis([])).toEqual({ kind: 'no-plan' });
    expect(unmetNeedsBasis([plan([], [], 'approved')])).toMatchObject({ kind: 'plan', plan: { id: 'plan-1' } });
    expect(unmetNeedsBasis([{ ...plan([], []), id: 'plan-2', state: 'declined' }, plan([], [], 'approved')])).toEqual({ kind: 'latest-declined', planId: 'plan-2' });
  });
});

describe('needs against the stock known', () => {
  it('gives the open needs of the asked areas per item, and per item the stock known against every need the node sees', () => {
    const answer = against(
      [need('n1', '172022', 'blanket', 100), need('n2', '172049', 'blanket', 50), need('n3', '172022', 'food', 30)],
      [{ node: 'node-a', data: stock('blanket', 90, { reserved: 10 }) }, { node: 'node-c', data: stock('blanket', 20) }, { node: 'node-a', data: stock('drinking-water', 500) }],
      ['172022'],
    );
    expect(answer).toMatchObject({ kind: 'needs-against-stock', why: 'no-plan', computedAt: '2024-01-02T00:00:00.000Z', missing: [{ node: 'node-b', dataset: 'stock', reason: 'refused' }] });
    expect(answer.areas).toEqual([
      {
        areaCode: '172022',
        items: [
          { category: 'blanket', unit: 'piece', needed: 100, needs: [{ needId: 'n1', node: 'node-172022', destination: { type: 'shelter', id: 's1' }, origin: 'push-estimate', quantity: 100 }] },
          { category: 'food', unit: 'piece', needed: 30, needs: [{ needId: 'n3', node: 'node-172022', destination: { type: 'shelter', id: 's1' }, origin: 'push-estimate', quantity: 30 }] },
        ],
      },
    ]);
    // Blankets: 100 here, 150 everywhere; 80 shippable (10 reserved) + 20 known; drinking water is needed nowhere asked.
    expect(answer.items).toEqual([
      { category: 'blanket', unit: 'piece', neededInAreas: 100, neededEverywhere: 150, knownStock: 100, short: 50, holders: [{ node: 'node-a', quantity: 80 }, { node: 'node-c', quantity: 20 }] },
      { category: 'food', unit: 'piece', neededInAreas: 30, neededEverywhere: 30, knownStock: 0, short: 30, holders: [] },
    ]);
    expect(validate(UnmetNeedsAnswerV2Schema, answer).ok).toBe(true);
  });

  it('names the declined plan when the latest was declined', () => {
    const answer = needsAgainstStock({ needs: [], stock: [], sources: [], missing: [], computedAt: '2024-01-02T00:00:00.000Z' }, ['172022'], { kind: 'latest-declined', planId: 'plan-9' });
    expect(answer).toEqual({ kind: 'needs-against-stock', why: 'latest-declined', declinedPlanId: 'plan-9', computedAt: '2024-01-02T00:00:00.000Z', areas: [], items: [], sources: [], missing: [] });
    expect(validate(UnmetNeedsAnswerV2Schema, answer).ok).toBe(true);
  });

  it('never loses or invents a need or stock: the figures sum what was given, and the shortfall is what the stock does not cover', () => {
    const codes = ['172022', '172031', '172049'];
    const category = fc.constantFrom('food' as const, 'blanket' as const);
    fc.assert(
      fc.property(
        fc.array(fc.record({ area: fc.constantFrom(...codes), category, quantity: fc.integer({ min: 1, max: 1000 }) }), { maxLength: 30 }),
        fc.array(fc.record({ node: fc.constantFrom('node-a', 'node-b'), category, quantity: fc.integer({ min: 0, max: 1000 }) }), { maxLength: 10 }),
        fc.subarray(codes, { minLength: 1 }),
        (rows, stocks, asked) => {
          const answer = against(rows.map((r, i) => need(`n${i}`, r.area, r.category, r.quantity)), stocks.map((s) => ({ node: s.node, data: stock(s.category, s.quantity) })), asked);
          for (const c of ['food', 'blanket'] as const) {
            const here = rows.filter((r) => r.category === c && asked.includes(r.area)).reduce((n, r) => n + r.quantity, 0);
            const all = rows.filter((r) => r.category === c).reduce((n, r) => n + r.quantity, 0);
            const held = stocks.filter((s) => s.category === c).reduce((n, s) => n + s.quantity, 0);
            const item = answer.items.find((i) => i.category === c);
            if (here === 0) {
              expect(item).toBeUndefined();
              continue;
            }
            expect(item).toMatchObject({ neededInAreas: here, neededEverywhere: all, knownStock: held, short: Math.max(0, all - held) });
            const summed = answer.areas.flatMap((a) => a.items).filter((i) => i.category === c).reduce((n, i) => n + i.needed, 0);
            expect(summed).toBe(here);
          }
          expect(validate(UnmetNeedsAnswerV2Schema, answer).ok).toBe(true);
        },
      ),
    );
  });
});
