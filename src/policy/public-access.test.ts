// Open data in the policy model: permits for the anonymous public, what parsePolicy refuses in them, and how the
// decision point judges a requester nobody has authenticated.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { message } from '../i18n/index.ts';
import { codesOf, participantRoles, purposes, type Purpose } from '../model/index.ts';
import { coversPath, sheltersDataset } from './datasets.ts';
import { decideAccess, PUBLIC_REQUESTER, PUBLIC_REQUESTER_ID, type AccessRequest } from './decide-access.ts';
import { nanaoPersonsPolicyDocument, nanaoSheltersPolicyDocument } from './examples.ts';
import { parsePolicy, type Policy, type PolicyProblem } from './policy-schema.ts';
import { renderDecision, renderPolicy } from './render-policy.ts';
import { NANAO, NOTO_NOW, delegation, examplePolicies, participants as p } from './test-fixtures.ts';

const publicPermit = {
  id: 'open-data',
  audience: 'public',
  purposes: ['evacuation-support', 'statistics'],
  actions: ['read'],
  phases: ['normal', 'alert', 'emergency', 'recovery'],
  fields: ['name', 'location', 'openStatus'],
  retention: 'P30D',
  onwardSharing: true,
  consentRequiredOutsideEmergency: false,
};

function sheltersDoc(permit: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    id: 'open-shelters',
    version: 1,
    owner: 'jp-172022-nanao-city',
    dataset: 'shelters',
    description: { ja: '避難所のオープンデータ', en: 'Shelter open data' },
    fieldClasses: {},
    permits: [{ ...publicPermit, ...permit }],
    ...extra,
  };
}

function parsed(doc: unknown): Policy {
  const r = parsePolicy(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

function problemsOf(doc: unknown): PolicyProblem[] {
  const r = parsePolicy(doc);
  if (r.ok) throw new Error('expected the policy to be refused');
  return r.problems;
}

const personsWith = (permit: Record<string, unknown>) => ({
  ...structuredClone(nanaoPersonsPolicyDocument),
  // The example's statistics permit, made to release records: a public permit never reaches persons either way.
  permits: [{ ...structuredClone(nanaoPersonsPolicyDocument.permits[5]), purposes: ['evacuation-support'], answer: undefined, ...permit }],
});

const request = (over: Partial<AccessRequest> = {}): AccessRequest => ({
  requester: PUBLIC_REQUESTER,
  purpose: 'evacuation-support' as Purpose,
  action: 'read',
  dataset: 'shelters',
  fields: '*',
  recordAreas: [NANAO],
  requestId: 'req-public',
  ...over,
});
const decide = (r: AccessRequest, policies: readonly Policy[]) => decideAccess(r, { policies, declarations: [], now: NOTO_NOW });

describe('parsePolicy and public permits', () => {
  it('accepts a public permit over public shelter fields, with no roles and no jurisdiction', () => {
    const policy = parsed(sheltersDoc());
    expect(policy.permits[0]).toMatchObject({ audience: 'public', fields: ['name', 'location', 'openStatus'] });
    expect(policy.permits[0]!.roles).toBeUndefined();
  });

  it('refuses a public permit that grants a sensitive field, naming the field and its class', () => {
    const problems = problemsOf(personsWith({ audience: 'public', roles: undefined, requesterJurisdiction: undefined, fields: ['areaCode', 'care.needs'] }));
    expect(problems).toContainEqual({
      code: 'POLICY_SCHEMA_PUBLIC_FIELD',
      path: '/permits/0/fields/1',
      params: { path: '/permits/0/fields/1', field: 'care.needs', fieldClass: 'sensitive', dataset: 'persons' },
    });
    const sensitive = problems.find((x) => x.params.field === 'care.needs')!;
    expect(message(sensitive.code, sensitive.params, 'en')).toContain('field "care.needs" of dataset persons is classed sensitive');
    expect(message(sensitive.code, sensitive.params, 'ja')).toContain('項目「care.needs」の区分は sensitive です');
  });

  it('refuses a public permit that grants personal data, and names the field a parent would expose', () => {
    expect(problemsOf(personsWith({ audience: 'public', roles: undefined, requesterJurisdiction: undefined, fields: ['areaCode'] }))).toEqual([
      { code: 'POLICY_SCHEMA_PUBLIC_FIELD', path: '/permits/0/fields/0', params: expect.objectContaining({ field: 'areaCode', fieldClass: 'personal' }) },
    ]);
    const restricted = sheltersDoc({ fields: ['address'] }, { fieldClasses: { 'address.text': 'personal' } });
    expect(problemsOf(restricted)[0]).toMatchObject({ code: 'POLICY_SCHEMA_PUBLIC_FIELD', params: { field: 'address.text', fieldClass: 'personal' } });
  });

  it('lets a policy close a public field but never open a personal one to the public', () => {
    expect(problemsOf(sheltersDoc({ fields: ['contact'] }, { fieldClasses: { contact: 'personal' } }))[0]).toMatchObject({
      code: 'POLICY_SCHEMA_PUBLIC_FIELD',
      params: { field: 'contact' },
    });
    const loosened = personsWith({ audience: 'public', roles: undefined, requesterJurisdiction: undefined, fields: ['care'] });
    loosened.fieldClasses = { care: 'public' } as never;
    expect(problemsOf(loosened)[0]).toMatchObject({ code: 'POLICY_SCHEMA_PUBLIC_FIELD', params: { field: 'care', fieldClass: 'sensitive' } });
  });

  it('refuses requester conditions and writes on a public permit', () => {
    const problems = problemsOf(
      sheltersDoc({ roles: ['ngo'], requesterJurisdiction: 'covers-record-area', actions: ['read', 'write-status'], recordScope: { requesterIdAt: 'localId' } }),
    );
    expect(problems.map((x) => [x.code, x.path])).toEqual([
      ['POLICY_SCHEMA_PUBLIC_REQUESTER_CONDITION', '/permits/0/roles'],
      ['POLICY_SCHEMA_PUBLIC_REQUESTER_CONDITION', '/permits/0/requesterJurisdiction'],
      ['POLICY_SCHEMA_PUBLIC_REQUESTER_CONDITION', '/permits/0/recordScope/requesterIdAt'],
      ['POLICY_SCHEMA_PUBLIC_ACTION', '/permits/0/actions/1'],
    ]);
    expect(parsePolicy(sheltersDoc({ requesterJurisdiction: 'any' })).ok).toBe(true);
  });

  it('still requires roles and a jurisdiction condition of a permit for participants, by default or when said', () => {
    const { roles: _r, requesterJurisdiction: _j, ...bare } = structuredClone(nanaoSheltersPolicyDocument.permits[0]);
    for (const audience of [undefined, 'participants']) {
      const doc = { ...structuredClone(nanaoSheltersPolicyDocument), permits: [{ ...bare, ...(audience ? { audience } : {}) }] };
      expect(problemsOf(doc).map((x) => [x.code, x.path])).toEqual([
        ['POLICY_SCHEMA_PERMIT_REQUIRES', '/permits/0/roles'],
        ['POLICY_SCHEMA_PERMIT_REQUIRES', '/permits/0/requesterJurisdiction'],
      ]);
    }
    expect(problemsOf(sheltersDoc({ audience: 'everyone' }))[0]).toMatchObject({ code: 'POLICY_SCHEMA_INVALID', path: '/permits/0/audience' });
  });
});

describe('decideAccess for the public', () => {
  const open = parsed(sheltersDoc());

  it('allows the public to read what a public permit grants, and names it in the decision', () => {
    const d = decide(request({ fields: ['name', 'location', 'contact'] }), [open]);
    expect(d).toMatchObject({ effect: 'allow', requester: PUBLIC_REQUESTER_ID, policy: { id: 'open-shelters', version: 1 } });
    expect(d.obligations).toMatchObject({ grantedFields: ['name', 'location'], maskedFields: ['contact'], retention: 'P30D', onwardSharing: true });
    expect(d.reasons[0]).toMatchObject({ code: 'POLICY_PUBLIC_PERMIT_MATCHED', permitId: 'open-data', params: { purpose: 'evacuation-support' } });
  });

  it('lets a participant read under a public permit whatever its role or jurisdiction', () => {
    const d = decide(request({ requester: p.kanazawaDialysis, purpose: 'statistics' }), [open]);
    expect(d).toMatchObject({ effect: 'allow', requester: p.kanazawaDialysis.id });
    expect(d.reasons[0]).toMatchObject({ code: 'POLICY_PUBLIC_PERMIT_MATCHED', permitId: 'open-data' });
  });

  it('denies the public a persons policy with one reason saying only participants are served', () => {
    const d = decide(request({ dataset: 'persons', purpose: 'life-saving' }), examplePolicies);
    expect(d).toMatchObject({ effect: 'deny', requester: PUBLIC_REQUESTER_ID, policy: { id: 'nanao-persons' } });
    expect(d.reasons).toEqual([{ code: 'POLICY_PUBLIC_NOT_PERMITTED', params: { dataset: 'persons' } }]);
    expect(d.obligations.grantedFields).toEqual([]);
    expect(renderDecision(d, 'ja')[0]).toContain('「要配慮者名簿」は認証のない要求には提供されません');
    expect(renderDecision(d, 'en')[0]).toContain('"persons requiring care" is not shared with unauthenticated requesters');
  });

  it('denies the public a shelters policy written for participants only, even where every participant may read', () => {
    const d = decide(request({ purpose: 'supply-logistics' }), examplePolicies);
    expect(d.reasons).toEqual([{ code: 'POLICY_PUBLIC_NOT_PERMITTED', params: { dataset: 'shelters' } }]);
    expect(decide(request({ requester: p.ngo, purpose: 'supply-logistics' }), examplePolicies).effect).toBe('allow');
  });

  it('explains a public denial by the public permits alone, not by participant permits it could never meet', () => {
    const mixed = parsed(sheltersDoc({}, { permits: [{ ...publicPermit }, { ...nanaoSheltersPolicyDocument.permits[1] }] }));
    const d = decide(request({ purpose: 'life-saving' }), [mixed]);
    expect(d.effect).toBe('deny');
    expect(d.reasons).toEqual([expect.objectContaining({ code: 'POLICY_PURPOSE_NOT_PERMITTED', permitId: 'open-data' })]);
    expect(decide(request({ action: 'write-status' }), [mixed]).reasons[0]).toMatchObject({ code: 'POLICY_ACTION_NOT_PERMITTED' });
  });

  it('keeps a public permit to its areas and phases', () => {
    const nanaoOnly = parsed(sheltersDoc({ areas: ['172022'], phases: ['normal'] }));
    expect(decide(request({ recordAreas: [NANAO] }), [nanaoOnly]).effect).toBe('allow');
    expect(decide(request({ recordAreas: ['172049' as never] }), [nanaoOnly]).reasons[0]).toMatchObject({ code: 'POLICY_AREA_NOT_COVERED' });
  });

  it('never lets the public act under a delegation', () => {
    const d = decide(request({ onBehalfOf: { owner: p.nanaoCity, delegation: delegation({ datasets: ['shelters'] }) } }), [open]);
    expect(d).toMatchObject({ effect: 'deny', reasons: [{ code: 'POLICY_DELEGATION_MISMATCH', params: { actual: PUBLIC_REQUESTER_ID } }] });
  });

  it('denies by default when the dataset has no policy at all', () => {
    expect(decide(request(), []).reasons).toEqual([{ code: 'POLICY_NO_POLICY', params: { dataset: 'shelters' } }]);
  });
});

describe('renderPolicy for a public permit', () => {
  it('says anyone may read, without authentication, and that reads are still recorded', () => {
    const names = { participantNames: { 'jp-172022-nanao-city': { ja: '七尾市', en: 'Nanao City' } } };
    const ja = renderPolicy(parsed(sheltersDoc()), 'ja', names).permits[0]!.text;
    expect(ja).toContain('七尾市は、平常時・災害時を問わず、避難支援・統計の目的で、名称・位置・開設状況を誰でも（認証なしで）閲覧できるようにします。');
    expect(ja).toContain('監査ログに記録します');
    const en = renderPolicy(parsed(sheltersDoc()), 'en', names).permits[0]!.text;
    expect(en).toContain('Nanao City provides name, location and opening status to anyone, without authentication, for evacuation support or statistics, at all times.');
    expect(en).toContain('every read is still decided and recorded in the audit log');
  });
});

describe('public access properties', () => {
  const shelterFields = [...sheltersDataset.paths];
  const subset = <T>(items: readonly T[]) => fc.uniqueArray(fc.constantFrom(...items), { minLength: 1, maxLength: items.length });
  const permitArb = fc.record({
    audience: fc.constantFrom('public', 'participants'),
    purposes: subset(codesOf(purposes)),
    phases: subset(['normal', 'alert', 'emergency', 'recovery'] as const),
    fields: subset(shelterFields),
    retention: fc.constantFrom('PT1H', 'P7D', 'P30D'),
    onwardSharing: fc.boolean(),
  });

  it('lets the public in only through public permits, and only to fields they grant', () => {
    fc.assert(
      fc.property(fc.array(permitArb, { minLength: 1, maxLength: 5 }), fc.constantFrom(...codesOf(purposes)), fc.oneof(fc.constant('*' as const), subset(shelterFields)), (drafts, purpose, fields) => {
        const permits = drafts.map((d, i) => ({
          id: `permit-${i}`,
          actions: ['read'],
          consentRequiredOutsideEmergency: false,
          ...d,
          ...(d.audience === 'participants' ? { roles: codesOf(participantRoles), requesterJurisdiction: 'any' } : {}),
        }));
        const policy = parsed(sheltersDoc({}, { permits }));
        const d = decide(request({ purpose: purpose as Purpose, fields }), [policy]);
        const publicPermits = policy.permits.filter((x) => x.audience === 'public' && x.purposes.includes(purpose as Purpose) && x.phases.includes('normal'));
        const grantsSome = publicPermits.some((x) => fields === '*' || fields.some((f) => x.fields.some((g) => coversPath(g, f) || coversPath(f, g))));
        expect(d.effect).toBe(grantsSome ? 'allow' : 'deny');
        for (const m of d.matchedPermits) expect(policy.permits.find((x) => x.id === m.permitId)!.audience).toBe('public');
        for (const g of d.obligations.grantedFields) {
          expect(publicPermits.some((x) => x.fields.some((f) => coversPath(f, g))), g).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
