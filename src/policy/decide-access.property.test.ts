// Properties of the decision point over random policies, requests and declarations.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { areaContains, codesOf, participantRoles, purposes, type AreaCode, type ParticipantRole, type Person, type Purpose } from '../model/index.ts';
import { applyObligations } from './apply-obligations.ts';
import { coversPath, personsDataset } from './datasets.ts';
import { decideAccess, type AccessRequest } from './decide-access.ts';
import { phaseStrength } from './phase.ts';
import { parsePolicy, policyActions, policyPhases, type Policy, type PolicyAction, type PolicyPhase } from './policy-schema.ts';
import { ISHIKAWA, JAPAN, KANAZAWA, NANAO, NOTO_NOW, TOYAMA, WAJIMA, declaration, verifiedParticipant } from './test-fixtures.ts';

const areaPool: AreaCode[] = [NANAO, WAJIMA, KANAZAWA, ISHIKAWA, TOYAMA, JAPAN];
const declaredPhases = ['alert', 'emergency', 'recovery'] as const;
const personPaths = [...personsDataset.paths];

// Permits that release records: a statistics permit over persons must be aggregate-only (aggregate.test.ts covers those).
const recordPurposes: readonly Purpose[] = codesOf(purposes).filter((p) => p !== 'statistics');

const subset = <T>(items: readonly T[]) => fc.uniqueArray(fc.constantFrom(...items), { minLength: 1, maxLength: items.length });

const permitArb = fc.record(
  {
    purposes: subset(recordPurposes),
    roles: subset(codesOf(participantRoles)),
    actions: subset(codesOf(policyActions)),
    requesterJurisdiction: fc.constantFrom('any', 'covers-record-area', 'same-prefecture'),
    phases: subset(codesOf(policyPhases)),
    areas: fc.option(subset(areaPool), { nil: undefined }),
    fields: subset(personPaths),
    retention: fc.constantFrom('PT1H', 'PT72H', 'P7D', 'P30D'),
    onwardSharing: fc.boolean(),
    consentRequiredOutsideEmergency: fc.boolean(),
    delegation: fc.option(fc.constantFrom('allowed', 'not-allowed'), { nil: undefined }),
  },
  { requiredKeys: ['purposes', 'roles', 'actions', 'requesterJurisdiction', 'phases', 'fields', 'retention', 'onwardSharing', 'consentRequiredOutsideEmergency'] },
);
type PermitDraft = typeof permitArb extends fc.Arbitrary<infer T> ? T : never;

function policyOf(permits: readonly PermitDraft[]): Policy {
  const r = parsePolicy({
    id: 'random-persons',
    version: 1,
    owner: 'jp-172022-nanao-city',
    dataset: 'persons',
    description: { ja: '無作為', en: 'random' },
    fieldClasses: {},
    permits: permits.map((x, i) => JSON.parse(JSON.stringify({ ...x, id: `permit-${i}` }))),
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

const declarationsArb = fc.array(fc.record({ phase: fc.constantFrom(...declaredPhases), areas: subset(areaPool) }), { maxLength: 3 });

const requestArb = fc.record({
  role: fc.constantFrom(...codesOf(participantRoles)),
  jurisdiction: subset(areaPool),
  purpose: fc.constantFrom(...codesOf(purposes)),
  action: fc.constantFrom(...codesOf(policyActions)),
  recordAreas: subset(areaPool),
  fields: fc.oneof(fc.constant('*' as const), subset(personPaths)),
});
type RequestDraft = typeof requestArb extends fc.Arbitrary<infer T> ? T : never;

function decide(policy: Policy, r: RequestDraft, decls: { phase: (typeof declaredPhases)[number]; areas: AreaCode[] }[]) {
  const request: AccessRequest = {
    requester: verifiedParticipant('jp-random-requester', r.role as ParticipantRole, r.jurisdiction),
    purpose: r.purpose as Purpose,
    action: r.action as PolicyAction,
    dataset: 'persons',
    fields: r.fields,
    recordAreas: r.recordAreas,
    requestId: 'prop',
  };
  const declarations = decls.map((d, i) => declaration(d.phase, d.areas, { id: `decl-${i}` }));
  return decideAccess(request, { policies: [policy], declarations, now: NOTO_NOW });
}

/** The phase of an area, worked out independently of the engine for declarations that are all active. */
function expectedPhase(area: AreaCode, decls: { phase: (typeof declaredPhases)[number]; areas: AreaCode[] }[]): PolicyPhase {
  let phase: PolicyPhase = 'normal';
  for (const d of decls) {
    if (d.areas.some((a) => areaContains(a, area)) && phaseStrength[d.phase] > phaseStrength[phase]) phase = d.phase;
  }
  return phase;
}

describe('decision properties', () => {
  it('denies a request whose purpose, role, phase or area falls outside every permit', () => {
    fc.assert(
      fc.property(fc.array(permitArb, { maxLength: 5 }), requestArb, declarationsArb, (permits, r, decls) => {
        const outsideEvery = permits.every(
          (x) =>
            !x.purposes.includes(r.purpose) ||
            !x.roles.includes(r.role) ||
            r.recordAreas.some((a) => !x.phases.includes(expectedPhase(a, decls))) ||
            (x.areas !== undefined && r.recordAreas.some((a) => !x.areas!.some((pa) => areaContains(pa, a)))),
        );
        fc.pre(outsideEvery);
        const d = decide(policyOf(permits), r, decls);
        expect(d.effect).toBe('deny');
        expect(d.obligations.grantedFields).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('never turns an allowance into a denial by adding a permit, and changes nothing when the new permit does not match', () => {
    fc.assert(
      fc.property(fc.array(permitArb, { maxLength: 4 }), permitArb, requestArb, declarationsArb, (permits, extra, r, decls) => {
        const before = decide(policyOf(permits), r, decls);
        const after = decide(policyOf([...permits, extra]), r, decls);
        if (before.effect === 'allow') expect(after.effect).toBe('allow');
        const extraId = `permit-${permits.length}`;
        if (!after.matchedPermits.some((m) => m.permitId === extraId)) {
          expect(after.effect).toBe(before.effect);
          expect(after.obligations).toEqual(before.obligations);
          expect(after.matchedPermits).toEqual(before.matchedPermits);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never lets a field that was not granted through masking', () => {
    const personArb: fc.Arbitrary<Person> = fc.record({
      name: fc.record({ full: fc.constantFrom('七尾 一郎', '能登 花子'), kana: fc.constantFrom('ナナオ イチロウ', 'ノト ハナコ') }),
      birthDate: fc.constant('1940-05-01'),
      sex: fc.constantFrom('female', 'male'),
      areaCode: fc.constant(NANAO as string),
      address: fc.record({ text: fc.constant('石川県七尾市'), postalCode: fc.constant('926-0000') }),
      location: fc.constant({ type: 'Point' as const, coordinates: [136.96, 37.04] as [number, number] }),
      contact: fc.record({ phone: fc.constant('0767-00-0000') }),
      care: fc.record({
        needs: fc.uniqueArray(fc.constantFrom('dialysis', 'bedridden', 'lives-alone' as const)),
        careLevel: fc.constant('要介護3'),
        dialysis: fc.record({ schedule: fc.constant(['mon' as const]), clinic: fc.constant('jp-clinic') }),
        note: fc.string(),
      }),
      consent: fc.record({ shareWithSupporters: fc.boolean() }),
      onEvacuationSupportList: fc.boolean(),
      safety: fc.record({ status: fc.constantFrom('unknown', 'safe' as const), whereabouts: fc.string() }),
    }) as fc.Arbitrary<Person>;

    const leafPaths = (value: unknown, path = ''): string[] => {
      if (Array.isArray(value)) return value.some((v) => typeof v === 'object' && v !== null) ? value.flatMap((v) => leafPaths(v, path)) : [path];
      if (typeof value === 'object' && value !== null) {
        return Object.entries(value).flatMap(([k, v]) => leafPaths(v, path === '' ? k : `${path}.${k}`));
      }
      return [path];
    };

    fc.assert(
      fc.property(permitArb, requestArb, personArb, (permit, r, data) => {
        const purpose = r.purpose === 'statistics' ? 'recovery' : r.purpose;
        const open = { ...permit, purposes: [purpose], roles: [r.role], actions: [r.action], requesterJurisdiction: 'any', phases: ['normal'], areas: undefined, consentRequiredOutsideEmergency: false };
        const d = decide(policyOf([open as PermitDraft]), { ...r, purpose, recordAreas: [NANAO] }, []);
        const out = applyObligations({ data, quality: { level: 'verified' } }, d);
        if (d.effect === 'deny') {
          expect(out).toBeUndefined();
          return;
        }
        for (const leaf of leafPaths(out!.data)) {
          expect(d.obligations.grantedFields.some((g) => coversPath(g, leaf)), leaf).toBe(true);
        }
        if (r.fields !== '*') {
          for (const leaf of leafPaths(out!.data)) expect(r.fields.some((f) => coversPath(f, leaf) || coversPath(leaf, f)), leaf).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
