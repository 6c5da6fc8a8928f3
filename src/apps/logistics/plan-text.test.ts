import { describe, expect, it } from 'vitest';
import { planSentences } from './plan-text.ts';
import type { PlanLine, StoredPlan } from './types.ts';

const flow = { demand: 'need-1', supply: 'jp-cao-bousai|depot:blanket', depot: 'jp-cao-bousai|facility:depot-kanazawa', destination: 'jp-172022-nanao-city|shelter:s-1', category: 'blanket', quantity: 200, minutes: 119.7, vehicleClass: 'medium-truck' };
const plan = {
  id: 'plan-1', state: 'proposed', proposedAt: '2024-01-12T00:00:00.000Z', inputs: {},
  result: {
    explanation: {
      destinations: [{ destination: flow.destination, deliveries: [{ flow, route: [], reasons: [{ code: 'LOGISTICS_FLOW_NEAREST', params: { item: 'blanket', quantity: 200, unit: 'piece', depot: flow.depot, minutes: 119.7 } }] }] }],
      shortages: [],
      optimality: { code: 'LOGISTICS_OPTIMALITY_EXACT', params: {} },
    },
    notes: [{ code: 'LOGISTICS_ROUTING_STRAIGHT_LINE', params: { kmh: 30 } }],
  },
} as unknown as StoredPlan;
const line = { line: 3, supplier: 'jp-cao-bousai', stockId: 'depot:blanket', demandId: 'need-1' } as PlanLine;

describe('a plan in words', () => {
  it('says each delivery in the reader’s language with item, unit and depot in words, tied to its plan line', () => {
    const ja = planSentences(plan, [line], 'ja');
    expect(ja.destinations[0]!.deliveries[0]).toEqual({ line: 3, texts: ['200 個・本の毛布を、届け先から最も早く着く拠点 depot-kanazawa (jp-cao-bousai) から送ります（119.7分）'] });
    const en = planSentences(plan, [line], 'en');
    expect(en.destinations[0]!.deliveries[0]!.texts[0]).toBe('200 Pieces of Blankets come from depot-kanazawa (jp-cao-bousai), the depot holding it that is fastest to reach (119.7 min)');
    expect(en.notes[0]).toMatch(/30 km\/h/);
  });

  it('names depots, destinations and fleets by the names stored with the plan, and says first that capacity limited it', () => {
    const named = {
      ...plan,
      result: {
        ...plan.result,
        explanation: {
          ...(plan.result.explanation as object),
          capacity: [
            { code: 'LOGISTICS_CAPACITY_LIMITED', params: {} },
            { code: 'LOGISTICS_CAPACITY_BINDS', params: { fleet: 'firm|vehicles:small-trucks', vehicleClass: 'small-truck', measure: 'weight', count: 4, depot: flow.depot, value: 120 } },
          ],
        },
        places: [
          { role: 'depot', node: 'jp-cao-bousai', place: { type: 'facility', id: 'depot-kanazawa' }, name: { ja: '金沢備蓄倉庫', en: 'Kanazawa stockpile' } },
          { role: 'destination', node: 'jp-172022-nanao-city', place: { type: 'shelter', id: 's-1' }, name: { ja: '七尾小学校' } },
        ],
        fleets: [{ key: 'firm|vehicles:small-trucks', operator: 'firm', vehicle: 'vehicles:small-trucks', vehicleClass: 'small-truck', count: 4, kg: 2000, name: { ja: '2トン車', en: '2-tonne trucks' }, baseName: { ja: '七尾物流センター', en: 'Nanao centre' } }],
      },
    } as unknown as StoredPlan;
    const en = planSentences(named, [line], 'en');
    expect(en.destinations[0]!.deliveries[0]!.texts[0]).toContain('from Kanazawa stockpile,');
    expect(en.shortages[0]).toMatch(/^Transport capacity limited the plan/);
    expect(en.shortages[1]).toBe('2-tonne trucks, Nanao centre (Small truck (2 t class), 4 vehicles) is fully used in the planning window (weight is the limit), mostly carrying from Kanazawa stockpile. One more such vehicle would reduce the priority-weighted shortfall by 120');
    const ja = planSentences(named, [line], 'ja');
    expect(ja.shortages[1]).toContain('2トン車・七尾物流センター（小型トラック（2t級）、4台）');
    expect(ja.shortages[1]).toContain('主に 金沢備蓄倉庫 から');
  });
});
