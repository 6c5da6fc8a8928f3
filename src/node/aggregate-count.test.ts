// Where an allowed aggregate is counted, and that each place counts only what the decision lets through.
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { builtInDatasets, decideAccess, defineDataset, type AccessDecision, type AggregateSpec } from '../policy/index.ts';
import { compiledExamplePolicies, NANAO, NOTO_NOW, participants, WAJIMA } from '../policy/test-fixtures.ts';
import type { RecordOf } from '../model/index.ts';
import { aggregateCounting, countAggregate, type AggregateStore } from './aggregate-count.ts';

const persons = builtInDatasets.get('persons')!;

/** The example persons policy's statistics decision for Ishikawa Prefecture over Nanao's and Wajima's records. */
function statisticsDecision(): { decision: AccessDecision; spec: AggregateSpec } {
  const decision = decideAccess(
    {
      requester: participants.ishikawaPref,
      purpose: 'statistics',
      action: 'read',
      dataset: 'persons',
      fields: '*',
      recordAreas: [NANAO, WAJIMA],
      requestId: 'r1',
      answer: 'aggregate',
    },
    { policies: compiledExamplePolicies, declarations: [], now: NOTO_NOW },
  );
  if (decision.effect !== 'allow' || !decision.obligations.aggregate) throw new Error('expected an allowed aggregate');
  return { decision, spec: decision.obligations.aggregate };
}

function withDuties(decision: AccessDecision, duties: Partial<AccessDecision['obligations']>): AccessDecision {
  return { ...decision, obligations: { ...decision.obligations, ...duties } };
}

describe('aggregateCounting', () => {
  it('counts in the store, restricted to the decided areas, when the permit imposes nothing more', () => {
    const { decision, spec } = statisticsDecision();
    expect(aggregateCounting(decision, spec, 'person', persons)).toEqual({
      in: 'store',
      query: { type: 'person', groupBy: ['areaCode', 'care.needs'], sum: [], areas: { field: 'areaCode', codes: [NANAO, WAJIMA] } },
    });
  });

  it('puts consent, the requester’s own records and quality levels into the store query', () => {
    const { decision, spec } = statisticsDecision();
    const dutiful = withDuties(decision, {
      requireConsent: true,
      recordScope: { requesterIdAt: [{ field: 'care.dialysis.clinic', equals: 'clinic-1' }], quality: ['synthetic'] },
    });
    expect(aggregateCounting(dutiful, spec, 'person', persons)).toMatchObject({
      in: 'store',
      query: {
        equal: [
          { field: 'consent.shareWithSupporters', value: true },
          { field: 'care.dialysis.clinic', value: 'clinic-1' },
        ],
        qualityLevels: ['synthetic'],
      },
    });
  });

  it('counts nothing when consent is required of a dataset that cannot record it', () => {
    const { decision, spec } = statisticsDecision();
    const shelters = builtInDatasets.get('shelters')!;
    expect(aggregateCounting(withDuties(decision, { requireConsent: true }), spec, 'shelter', shelters)).toEqual({ in: 'nothing' });
  });

  it('counts in memory when a field path would be read by the database as an array index', () => {
    const { decision } = statisticsDecision();
    const numbered = defineDataset({
      name: 'persons',
      label: { ja: '番号', en: 'numbered' },
      schema: Type.Object({ areaCode: Type.String(), slots: Type.Object({ '1': Type.Boolean() }) }),
      defaultClasses: {},
      fieldLabels: {},
      areaField: 'areaCode',
    });
    const spec: AggregateSpec = { groupBy: ['areaCode', 'slots.1'], sum: [], minimumCellSize: 5 };
    expect(aggregateCounting(decision, spec, 'person', numbered)).toEqual({ in: 'memory', field: 'slots.1' });
  });
});

describe('countAggregate', () => {
  const person = (id: string, areaCode: string, needs: string[]) =>
    ({ id, type: 'person', data: { areaCode, care: { needs } }, quality: { level: 'synthetic' } }) as unknown as RecordOf<'person'>;

  function storeOf(records: RecordOf<'person'>[]) {
    const calls: string[] = [];
    const store: AggregateStore = {
      areas: async () => (calls.push('areas'), []),
      groups: async () => (calls.push('groups'), [{ values: ['172022', 'dialysis'], count: 3, sums: {} }]),
      count: async () => (calls.push('count'), records.length),
      query: (async () => (calls.push('query'), records)) as AggregateStore['query'],
    };
    return { store, calls };
  }

  it('asks the store for groups on the store path and reads no record', async () => {
    const { decision, spec } = statisticsDecision();
    const { store, calls } = storeOf([]);
    const counting = aggregateCounting(decision, spec, 'person', persons);
    expect(await countAggregate(counting, { store, type: 'person', decision, spec, datasets: builtInDatasets })).toEqual([{ values: ['172022', 'dialysis'], count: 3, sums: {} }]);
    expect(calls).toEqual(['groups']);
  });

  it('reads, masks and counts every record on the memory path, leaving out records outside the decided areas', async () => {
    const { decision, spec } = statisticsDecision();
    const { store, calls } = storeOf([person('a', NANAO, ['dialysis']), person('b', NANAO, ['dialysis', 'bedridden']), person('c', '172014', ['dialysis'])]);
    const cells = await countAggregate({ in: 'memory', field: 'x' }, { store, type: 'person', decision, spec, datasets: builtInDatasets });
    expect(cells).toEqual([
      { values: [NANAO, 'bedridden'], count: 1, sums: {} },
      { values: [NANAO, 'dialysis'], count: 2, sums: {} },
    ]);
    expect(calls).toEqual(['query']);
  });

  it('asks the store nothing when no record can pass', async () => {
    const { decision, spec } = statisticsDecision();
    const { store, calls } = storeOf([person('a', NANAO, ['dialysis'])]);
    expect(await countAggregate({ in: 'nothing' }, { store, type: 'person', decision, spec, datasets: builtInDatasets })).toEqual([]);
    expect(calls).toEqual([]);
  });
});
