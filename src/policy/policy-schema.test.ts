import { describe, expect, it } from 'vitest';
import { message } from '../i18n/index.ts';
import { nanaoPersonsPolicyDocument, nanaoSheltersPolicyDocument } from './examples.ts';
import { parsePolicies, parsePolicy, type PolicyProblem } from './policy-schema.ts';

type Doc = Record<string, unknown> & { permits: Record<string, unknown>[] };
const doc = (): Doc => structuredClone(nanaoPersonsPolicyDocument) as unknown as Doc;
const withPermit = (i: number, change: Record<string, unknown>): Doc => {
  const d = doc();
  d.permits[i] = { ...d.permits[i], ...change };
  return d;
};
const problemsOf = (input: unknown): PolicyProblem[] => {
  const r = parsePolicy(input);
  if (r.ok) throw new Error('expected the policy to be refused');
  return r.problems;
};

describe('parsePolicy', () => {
  it('accepts the example policies, from JSON text or as values', () => {
    expect(parsePolicy(JSON.stringify(nanaoPersonsPolicyDocument)).ok).toBe(true);
    expect(parsePolicy(nanaoSheltersPolicyDocument).ok).toBe(true);
  });

  it('names an unknown purpose, its place and the known purposes', () => {
    const [p, ...rest] = problemsOf(withPermit(1, { purposes: ['life-saving', 'rescue'] }));
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ code: 'POLICY_SCHEMA_UNKNOWN_PURPOSE', path: '/permits/1/purposes/1', params: { value: 'rescue' } });
    expect(String(p!.params.allowed)).toContain('evacuation-support');
  });

  it('names an unknown role, action, phase and jurisdiction condition', () => {
    const codes = problemsOf(
      withPermit(0, { roles: ['mayor'], actions: ['delete'], phases: ['disaster'], requesterJurisdiction: 'nearby' }),
    ).map((p) => [p.code, p.path]);
    expect(codes).toEqual([
      ['POLICY_SCHEMA_UNKNOWN_ROLE', '/permits/0/roles/0'],
      ['POLICY_SCHEMA_UNKNOWN_ACTION', '/permits/0/actions/0'],
      ['POLICY_SCHEMA_UNKNOWN_PHASE', '/permits/0/phases/0'],
      ['POLICY_SCHEMA_UNKNOWN_JURISDICTION', '/permits/0/requesterJurisdiction'],
    ]);
  });

  it('refuses empty purposes once, in words, not as a generic schema error', () => {
    expect(problemsOf(withPermit(2, { purposes: [] }))).toEqual([
      { code: 'POLICY_SCHEMA_EMPTY_LIST', path: '/permits/2/purposes', params: { path: '/permits/2/purposes' } },
    ]);
  });

  it('refuses a retention that is not a duration, and one in months', () => {
    expect(problemsOf(withPermit(0, { retention: '72 hours' }))[0]).toMatchObject({ code: 'POLICY_SCHEMA_BAD_DURATION', path: '/permits/0/retention' });
    expect(problemsOf(withPermit(0, { retention: 'P1M' }))[0]).toMatchObject({ code: 'POLICY_SCHEMA_DURATION_CALENDAR' });
  });

  it('refuses field paths the dataset does not have, in permits, classes and record scopes', () => {
    const d = withPermit(3, { fields: ['care.dialysis', 'care.bloodType'], recordScope: { requesterIdAt: 'care.clinic' } });
    d.fieldClasses = { ...(d.fieldClasses as object), 'health.history': 'sensitive' };
    expect(problemsOf(d).map((p) => [p.code, p.path, p.params.value])).toEqual([
      ['POLICY_SCHEMA_UNKNOWN_FIELD', '/fieldClasses/health.history', 'health.history'],
      ['POLICY_SCHEMA_UNKNOWN_FIELD', '/permits/3/fields/1', 'care.bloodType'],
      ['POLICY_SCHEMA_UNKNOWN_FIELD', '/permits/3/recordScope/requesterIdAt', 'care.clinic'],
    ]);
  });

  it('refuses duplicate permit ids, naming the first use', () => {
    expect(problemsOf(withPermit(4, { id: 'statistics' }))[0]).toMatchObject({
      code: 'POLICY_SCHEMA_DUPLICATE_PERMIT',
      path: '/permits/5/id',
      params: { id: 'statistics', first: '/permits/4' },
    });
  });

  it('refuses an unknown dataset and a bad area code', () => {
    expect(problemsOf({ ...doc(), dataset: 'medical-records' })[0]).toMatchObject({ code: 'POLICY_SCHEMA_UNKNOWN_DATASET' });
    expect(problemsOf(withPermit(0, { areas: ['172021'] }))[0]).toMatchObject({
      code: 'POLICY_SCHEMA_BAD_AREA',
      path: '/permits/0/areas/0',
      params: { problem: 'AREA_CODE_CHECK_DIGIT' },
    });
  });

  it('refuses a consent condition on a dataset that records no consent', () => {
    const shelters = structuredClone(nanaoSheltersPolicyDocument) as unknown as Doc;
    shelters.permits[0] = { ...shelters.permits[0], consentRequiredOutsideEmergency: true };
    expect(problemsOf(shelters)[0]).toMatchObject({ code: 'POLICY_SCHEMA_NO_CONSENT_FIELD', path: '/permits/0/consentRequiredOutsideEmergency' });
  });

  it('refuses a policy that ends before it starts', () => {
    expect(problemsOf({ ...doc(), validUntil: '2023-01-01T00:00:00+09:00' })[0]).toMatchObject({ code: 'POLICY_SCHEMA_VALIDITY' });
  });

  it('reports structural problems with their JSON pointer', () => {
    expect(problemsOf({ ...doc(), version: 0 })[0]).toMatchObject({ code: 'POLICY_SCHEMA_INVALID', path: '/version' });
    expect(problemsOf(withPermit(0, { onwardSharing: 'no' }))[0]).toMatchObject({ code: 'POLICY_SCHEMA_INVALID', path: '/permits/0/onwardSharing' });
    expect(problemsOf({ ...doc(), extra: 1 })[0]).toMatchObject({ code: 'POLICY_SCHEMA_INVALID' });
    expect(problemsOf('{"id": ')[0]).toMatchObject({ code: 'POLICY_SCHEMA_NOT_JSON' });
    expect(problemsOf([])[0]).toMatchObject({ code: 'POLICY_SCHEMA_INVALID', path: '' });
  });

  it('refuses a whole policy when one permit of many is broken', () => {
    const r = parsePolicy(withPermit(6, { phases: ['after'] }));
    expect(r.ok).toBe(false);
    expect(r).not.toHaveProperty('value');
  });

  it('returns a frozen copy that later changes to the input cannot reach', () => {
    const input = doc();
    const r = parsePolicy(input);
    if (!r.ok) throw new Error('expected ok');
    input.permits[0]!.purposes = ['training'];
    expect(r.value.permits[0]!.purposes).toEqual(['life-saving', 'evacuation-support']);
    expect(Object.isFrozen(r.value.permits[0]!.fields)).toBe(true);
  });

  it('renders every problem in Japanese and English with no placeholder left over', () => {
    const all = [
      ...problemsOf(withPermit(0, { purposes: ['x'], roles: [], retention: 'P1M', fields: ['nope'], areas: ['999999'] })),
      ...problemsOf({ ...doc(), validUntil: '2020-01-01T00:00:00Z', dataset: 'x' }),
    ];
    for (const p of all) {
      for (const lang of ['ja', 'en'] as const) expect(message(p.code, p.params, lang)).not.toMatch(/{{|}}/);
    }
  });
});

describe('parsePolicies', () => {
  it('refuses the whole set when two policies share an id and version', () => {
    const r = parsePolicies([nanaoPersonsPolicyDocument, nanaoSheltersPolicyDocument, nanaoPersonsPolicyDocument]);
    expect(r).toMatchObject({ ok: false, problems: [{ code: 'POLICY_SCHEMA_DUPLICATE_POLICY', path: '/2' }] });
  });

  it('prefixes each problem with the index of its policy', () => {
    const r = parsePolicies([nanaoSheltersPolicyDocument, withPermit(0, { purposes: ['x'] })]);
    expect(r).toMatchObject({ ok: false, problems: [{ code: 'POLICY_SCHEMA_UNKNOWN_PURPOSE', path: '/1/permits/0/purposes/0' }] });
  });
});
