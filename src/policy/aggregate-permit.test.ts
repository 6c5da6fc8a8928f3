import { describe, expect, it } from 'vitest';
import { message } from '../i18n/index.ts';
import type { Purpose } from '../model/index.ts';
import { decideAccess, type AccessRequest } from './decide-access.ts';
import { nanaoPersonsPolicyDocument } from './examples.ts';
import { parsePolicy, type Policy } from './policy-schema.ts';
import { renderDecision, renderPolicy } from './render-policy.ts';
import { NANAO, NOTO_NOW, examplePolicies, participants as p } from './test-fixtures.ts';

const statisticsPermit = nanaoPersonsPolicyDocument.permits.find((x) => x.id === 'statistics')!;
const personsWith = (permit: Record<string, unknown>) => ({
  ...structuredClone(nanaoPersonsPolicyDocument),
  permits: [{ ...structuredClone(statisticsPermit), ...permit }],
});
const problemsOf = (doc: unknown) => {
  const r = parsePolicy(doc);
  return r.ok ? [] : r.problems;
};

const request = (over: Partial<AccessRequest> = {}): AccessRequest => ({
  requester: p.ishikawaPref,
  purpose: 'statistics' as Purpose,
  action: 'read',
  dataset: 'persons',
  fields: '*',
  recordAreas: [NANAO],
  requestId: 'req-stat',
  ...over,
});
const decide = (r: AccessRequest, policies: readonly Policy[] = examplePolicies) => decideAccess(r, { policies, declarations: [], now: NOTO_NOW });

describe('aggregate-only permits in a policy', () => {
  it('accepts the example statistics permit: counts per area and kind of care, under 5 withheld', () => {
    expect(problemsOf(nanaoPersonsPolicyDocument)).toEqual([]);
  });

  it('refuses a statistics permit that would release per-person records, saying why', () => {
    const problems = problemsOf(personsWith({ answer: undefined }));
    expect(problems).toEqual([
      { code: 'POLICY_SCHEMA_STATISTICS_NOT_AGGREGATE', path: '/permits/0/answer', params: expect.objectContaining({ field: 'areaCode', fieldClass: 'personal' }) },
    ]);
    const { code, params } = problems[0]!;
    expect(message(code, params, 'en')).toContain('stable record ids that can be joined with other answers');
    expect(message(code, params, 'ja')).toContain('統計目的の許可は集計');
    expect(problemsOf(personsWith({ answer: { kind: 'records' } })).map((x) => x.code)).toEqual(['POLICY_SCHEMA_STATISTICS_NOT_AGGREGATE']);
  });

  it('refuses grouping by a field of free values, which would name the people counted', () => {
    const problems = problemsOf(personsWith({ fields: ['areaCode', 'name.full'], answer: { kind: 'aggregate', groupBy: ['name.full'], minimumCellSize: 5 } }));
    expect(problems).toEqual([{ code: 'POLICY_SCHEMA_AGGREGATE_GROUP_FIELD', path: '/permits/0/answer/groupBy/0', params: expect.objectContaining({ field: 'name.full' }) }]);
  });

  it('refuses totals of a field that is not a number, and fields the permit does not grant', () => {
    const problems = problemsOf(
      personsWith({ answer: { kind: 'aggregate', groupBy: ['areaCode', 'sex'], sum: ['care.careLevel'], minimumCellSize: 5 } }),
    );
    expect(problems.map((x) => [x.code, x.path])).toEqual([
      ['POLICY_SCHEMA_AGGREGATE_FIELD_NOT_GRANTED', '/permits/0/answer/groupBy/1'],
      ['POLICY_SCHEMA_AGGREGATE_SUM_FIELD', '/permits/0/answer/sum/0'],
    ]);
  });

  it('refuses an aggregate permit that allows writing, and a minimum cell size under 3', () => {
    expect(problemsOf(personsWith({ actions: ['read', 'write'] })).map((x) => [x.code, x.path])).toEqual([['POLICY_SCHEMA_AGGREGATE_ACTION', '/permits/0/actions/1']]);
    const small = problemsOf(personsWith({ answer: { ...statisticsPermit.answer, minimumCellSize: 2 } }));
    expect(small.map((x) => [x.code, x.path])).toEqual([['POLICY_SCHEMA_AGGREGATE_MINIMUM', '/permits/0/answer/minimumCellSize']]);
    expect(message(small[0]!.code, small[0]!.params, 'en')).toContain('at 2 or less a withheld count is known to be 1');
  });

  it('lets a statistics permit over public data (open shelter data) release records', () => {
    const shelters = {
      id: 's', version: 1, owner: 'jp-172022-nanao-city', dataset: 'shelters', description: { ja: '避難所', en: 'shelters' }, fieldClasses: {},
      permits: [{ ...structuredClone(statisticsPermit), answer: undefined, fields: ['name', 'capacity'] }],
    };
    expect(problemsOf(shelters)).toEqual([]);
  });
});

describe('deciding an aggregate request', () => {
  it('answers a prefecture asking for statistics with the aggregate only, whatever fields it asked for', () => {
    const d = decide(request({ answer: 'aggregate', fields: ['name', 'care'] }));
    expect(d).toMatchObject({ effect: 'allow', matchedPermits: [{ permitId: 'statistics' }] });
    expect(d.obligations.aggregate).toEqual({ groupBy: ['areaCode', 'care.needs'], sum: [], minimumCellSize: 5 });
    expect(d.obligations.grantedFields).toEqual(['areaCode', 'care.needs']);
    expect(renderDecision(d, 'en')).toContain('Only counts per area code, kinds of care needed are released; groups under 5 are withheld (no record or id leaves)');
  });

  it('denies per-person statistics, naming the aggregate the permit would give', () => {
    const d = decide(request({ fields: ['areaCode', 'care.needs'] }));
    expect(d.effect).toBe('deny');
    expect(d.reasons[0]).toMatchObject({ code: 'POLICY_AGGREGATE_ONLY', permitId: 'statistics', params: { minimum: 5 } });
    expect(renderDecision(d, 'ja')[0]).toContain('集計（answer=aggregate）を求めてください');
  });

  it('denies an aggregate for a purpose or role the statistics permit does not name', () => {
    expect(decide(request({ answer: 'aggregate', purpose: 'life-saving' })).effect).toBe('deny');
    expect(decide(request({ answer: 'aggregate', requester: p.wajimaCity })).reasons.map((r) => r.code)).toContain('POLICY_ROLE_NOT_PERMITTED');
  });

  it('does not answer an aggregate from a permit that releases records', () => {
    const d = decide(request({ answer: 'aggregate', purpose: 'evacuation-support', requester: p.nanaoCity }));
    expect(d.effect).toBe('deny');
    expect(d.reasons.map((r) => r.code)).toContain('POLICY_AGGREGATE_NOT_OFFERED');
  });

  it('takes the largest minimum cell size when several aggregate permits match', () => {
    const doc = personsWith({});
    doc.permits.push({ ...structuredClone(statisticsPermit), id: 'statistics-strict', answer: { kind: 'aggregate', groupBy: ['areaCode'], minimumCellSize: 10 } } as never);
    const r = parsePolicy(doc);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(decide(request({ answer: 'aggregate' }), [r.value]).obligations.aggregate).toEqual({ groupBy: ['areaCode', 'care.needs'], sum: [], minimumCellSize: 10 });
  });
});

describe('rendering an aggregate-only permit', () => {
  it('says in both languages that only counts per group are released and small counts withheld', () => {
    const names = { participantNames: { 'jp-172022-nanao-city': { ja: '七尾市', en: 'Nanao City' } } };
    const policy = examplePolicies.find((x) => x.dataset === 'persons')!;
    const en = renderPolicy(policy, 'en', names).permits.find((x) => x.id === 'statistics')!.text;
    const ja = renderPolicy(policy, 'ja', names).permits.find((x) => x.id === 'statistics')!.text;
    expect(en).toContain('Nanao City releases only counts per area (municipality or the like) and kinds of care needed to any prefecture or national agency, for statistics');
    expect(en).toContain('Counts under 5 are withheld');
    expect(en).toContain('no record or id is released');
    expect(ja).toContain('地域（市区町村など）・支援が必要な事項ごとの件数だけを提供します');
    expect(ja).toContain('5件未満の区分は伏せ');
  });
});

describe('aggregates of other datasets: stock totals per area', () => {
  const stockPolicy = {
    id: 'retailer-stock',
    version: 1,
    owner: 'jp-retailer-demo',
    dataset: 'stock',
    description: { ja: '在庫', en: 'stock' },
    fieldClasses: {},
    permits: [
      {
        id: 'area-totals',
        purposes: ['supply-logistics', 'statistics'],
        roles: ['prefecture', 'municipality'],
        actions: ['read'],
        requesterJurisdiction: 'covers-record-area',
        phases: ['normal', 'recovery'],
        fields: ['areaCode', 'item.category', 'quantity'],
        retention: 'P7D',
        onwardSharing: false,
        consentRequiredOutsideEmergency: false,
        answer: { kind: 'aggregate', groupBy: ['areaCode', 'item.category'], sum: ['quantity'], minimumCellSize: 3 },
      },
    ],
  };

  it('accepts totals of a quantity per area and item category, and says so in both languages', () => {
    const r = parsePolicy(stockPolicy);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const en = renderPolicy(r.value, 'en').permits[0]!.text;
    expect(en).toContain('releases only counts and totals of quantity per area (municipality or the like) and item category');
    expect(renderPolicy(r.value, 'ja').permits[0]!.text).toContain('地域（市区町村など）・品目分類ごとの件数と数量の合計だけを提供します');
    const d = decide(request({ requester: p.nanaoCity, purpose: 'supply-logistics', dataset: 'stock', answer: 'aggregate' }), [r.value]);
    expect(d.obligations.aggregate).toEqual({ groupBy: ['areaCode', 'item.category'], sum: ['quantity'], minimumCellSize: 3 });
  });

  it('refuses grouping stock by its free-text item name', () => {
    const doc = structuredClone(stockPolicy);
    doc.permits[0]!.fields.push('item.name');
    doc.permits[0]!.answer.groupBy = ['item.name'];
    expect(problemsOf(doc).map((x) => x.code)).toEqual(['POLICY_SCHEMA_AGGREGATE_GROUP_FIELD']);
  });
});
