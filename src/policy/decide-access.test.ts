import { describe, expect, it } from 'vitest';
import type { Purpose } from '../model/index.ts';
import { compilePolicies } from './compile-policies.ts';
import { decideAccess, type AccessRequest, type DecisionContext } from './decide-access.ts';
import { parsePolicy, type Policy } from './policy-schema.ts';
import { NANAO, NOTO_NOW, declaration, examplePolicies, participants as p } from './test-fixtures.ts';

function policy(permits: Record<string, unknown>[], extra: Record<string, unknown> = {}): Policy {
  const r = parsePolicy({
    id: 'test-persons',
    version: 1,
    owner: 'jp-172022-nanao-city',
    dataset: 'persons',
    description: { ja: '試験', en: 'test' },
    fieldClasses: {},
    permits: permits.map((x, i) => ({
      id: `permit-${i}`,
      purposes: ['evacuation-support'],
      roles: ['municipality'],
      actions: ['read'],
      requesterJurisdiction: 'covers-record-area',
      phases: ['normal', 'alert', 'emergency', 'recovery'],
      fields: ['name'],
      retention: 'P7D',
      onwardSharing: false,
      consentRequiredOutsideEmergency: false,
      ...x,
    })),
    ...extra,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

const request = (over: Partial<AccessRequest> = {}): AccessRequest => ({
  requester: p.nanaoCity,
  purpose: 'evacuation-support' as Purpose,
  action: 'read',
  dataset: 'persons',
  fields: '*',
  recordAreas: [NANAO],
  requestId: 'req-1',
  ...over,
});
const context = (policies: readonly Policy[], over: Partial<DecisionContext> = {}): DecisionContext => ({
  policies,
  declarations: [],
  now: NOTO_NOW,
  ...over,
});

describe('decideAccess', () => {
  it('denies by default when the dataset has no policy', () => {
    const d = decideAccess(request(), context([]));
    expect(d).toMatchObject({ effect: 'deny', reasons: [{ code: 'POLICY_NO_POLICY', params: { dataset: 'persons' } }] });
  });

  it('grants the union of the fields of matching permits under the strictest duties', () => {
    const pol = policy([
      { fields: ['name', 'address'], retention: 'P7D', onwardSharing: true },
      { fields: ['care.needs'], retention: 'PT24H', onwardSharing: false },
    ]);
    const d = decideAccess(request(), context([pol]));
    expect(d.effect).toBe('allow');
    expect(d.matchedPermits.map((m) => m.permitId)).toEqual(['permit-0', 'permit-1']);
    expect(d.obligations).toMatchObject({
      grantedFields: ['name', 'address', 'care.needs'],
      retention: 'PT24H',
      retentionSeconds: 86_400,
      onwardSharing: false,
    });
  });

  it('requires consent outside an alert or emergency when a matching permit asks for it', () => {
    const pol = policy([{ consentRequiredOutsideEmergency: true }]);
    const inPhase = (phase: 'alert' | 'emergency' | 'recovery' | undefined) =>
      decideAccess(request(), context([pol], { declarations: phase ? [declaration(phase, [NANAO])] : [] })).obligations.requireConsent;
    expect(inPhase(undefined)).toBe(true);
    expect(inPhase('recovery')).toBe(true);
    expect(inPhase('alert')).toBe(false);
    expect(inPhase('emergency')).toBe(false);
  });

  it('narrows record scopes: own-record fields add up, quality levels intersect', () => {
    const pol = policy([
      { recordScope: { quality: ['synthetic', 'estimated'] } },
      { recordScope: { quality: ['synthetic'], requesterIdAt: 'safety.reportedBy' } },
    ]);
    const d = decideAccess(request(), context([pol]));
    expect(d.obligations.recordScope).toEqual({
      requesterIdAt: [{ field: 'safety.reportedBy', equals: p.nanaoCity.id }],
      quality: ['synthetic'],
    });
  });

  it('decides the same from parsed and from compiled policies', () => {
    const r = request({ requester: p.ishikawaPref, purpose: 'life-saving' });
    const ctx = { declarations: [declaration('emergency', [NANAO])] };
    expect(decideAccess(r, context(examplePolicies, ctx))).toEqual(decideAccess(r, { ...context([], ctx), policies: compilePolicies(examplePolicies) }));
  });

  it('consults every policy in force for the dataset and names the one whose permit matched', () => {
    const other = policy([{ purposes: ['recovery'], roles: ['prefecture'], requesterJurisdiction: 'any' }], { id: 'other-persons' });
    const d = decideAccess(request({ requester: p.ishikawaPref, purpose: 'recovery', fields: ['name'] }), context([policy([]), other]));
    expect(d).toMatchObject({ effect: 'allow', policy: { id: 'other-persons', version: 1 } });
  });

  it('denies with POLICY_NO_PERMITS when the policy in force has none', () => {
    expect(decideAccess(request(), context([policy([])])).reasons).toEqual([{ code: 'POLICY_NO_PERMITS', params: { policy: 'test-persons' } }]);
  });

  it('lists the matched permits when a denial is for fields alone', () => {
    const d = decideAccess(request({ fields: ['care'] }), context([policy([{}])]));
    expect(d).toMatchObject({ effect: 'deny', matchedPermits: [{ permitId: 'permit-0' }], reasons: [{ code: 'POLICY_FIELDS_NOT_GRANTED' }] });
  });

  it('records when and for whom it decided', () => {
    const d = decideAccess(request(), context([policy([{}])]));
    expect(d).toMatchObject({ decidedAt: '2024-01-10T00:00:00.000Z', requester: p.nanaoCity.id, requestId: 'req-1', areas: [{ area: NANAO, phase: 'normal' }] });
    expect(d.actingFor).toBeUndefined();
  });

  it('accepts the moment as ISO text, epoch milliseconds or a Date alike', () => {
    const pol = [policy([{ phases: ['emergency'] }])];
    const decls = [declaration('emergency', [NANAO])];
    const at = (now: DecisionContext['now']) => decideAccess(request(), context(pol, { declarations: decls, now })).effect;
    expect([at(NOTO_NOW), at(Date.parse(NOTO_NOW)), at(new Date(NOTO_NOW))]).toEqual(['allow', 'allow', 'allow']);
  });
});

describe('decideAccess over time', () => {
  it('sees a declaration end when the same list is consulted after it expires', () => {
    const pol = [policy([{ phases: ['emergency'] }])];
    const declarations = [declaration('emergency', [NANAO], { expiresAt: '2024-01-10T12:00:00+09:00' })];
    const at = (now: string) => decideAccess(request(), context(pol, { declarations, now })).areas[0]!.phase;
    expect(at('2024-01-10T11:59:59+09:00')).toBe('emergency');
    expect(at('2024-01-10T12:00:00+09:00')).toBe('normal');
    expect(at('2024-01-10T11:00:00+09:00')).toBe('emergency');
  });
});
