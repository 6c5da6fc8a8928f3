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
});
