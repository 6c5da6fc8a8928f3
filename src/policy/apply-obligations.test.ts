import { describe, expect, it } from 'vitest';
import type { Person, RecordOf } from '../model/index.ts';
import { applyObligations } from './apply-obligations.ts';
import { decideAccess, type AccessRequest } from './decide-access.ts';
import { NANAO, NOTO_NOW, WAJIMA, compiledExamplePolicies, declaration, participants as p } from './test-fixtures.ts';

function person(overrides: Partial<Person> = {}, level: 'verified' | 'synthetic' = 'verified'): RecordOf<'person'> {
  return {
    id: 'person-1',
    type: 'person',
    version: 1,
    sourceNode: 'jp-172022-nanao-city',
    observedAt: '2024-01-02T10:00:00+09:00',
    recordedAt: '2024-01-02T10:05:00+09:00',
    quality: { level },
    lineage: [],
    data: {
      name: { full: '七尾 一郎' },
      birthDate: '1940-05-01',
      areaCode: NANAO,
      address: { text: '石川県七尾市袖ケ江町' },
      care: { needs: ['dialysis', 'lives-alone'], careLevel: '要介護2', dialysis: { schedule: ['mon', 'wed', 'fri'], clinic: p.nanaoDialysis.id } },
      consent: { shareWithSupporters: false },
      onEvacuationSupportList: true,
      safety: { status: 'unknown' },
      ...overrides,
    } as Person,
  };
}

const decide = (over: Partial<AccessRequest>, declarations = [declaration('emergency', [NANAO])]) =>
  decideAccess(
    { requester: p.ishikawaPref, purpose: 'life-saving', action: 'read', dataset: 'persons', fields: '*', recordAreas: [NANAO], requestId: 'r', ...over },
    { policies: compiledExamplePolicies, declarations, now: NOTO_NOW },
  );

describe('applyObligations', () => {
  it('keeps the envelope and only the granted fields of the payload', () => {
    const out = applyObligations(person(), decide({}));
    expect(out?.id).toBe('person-1');
    expect(out?.lineage).toEqual([]);
    expect(out?.data).toEqual({
      name: { full: '七尾 一郎' },
      address: { text: '石川県七尾市袖ケ江町' },
      care: { needs: ['dialysis', 'lives-alone'], careLevel: '要介護2' },
      onEvacuationSupportList: true,
      safety: { status: 'unknown' },
    });
  });

  it('withholds every record under a denial', () => {
    expect(applyObligations(person(), decide({ requester: p.wajimaCity }))).toBeUndefined();
  });

  it('withholds a record outside the decided areas', () => {
    expect(applyObligations(person({ areaCode: WAJIMA }), decide({}))).toBeUndefined();
  });

  it('withholds, in normal times, persons who did not consent', () => {
    const d = decide({ requester: p.nanaoCity, purpose: 'evacuation-support' }, []);
    expect(d.obligations.requireConsent).toBe(true);
    expect(applyObligations(person(), d)).toBeUndefined();
    expect(applyObligations(person({ consent: { shareWithSupporters: true } }), d)?.data.name).toEqual({ full: '七尾 一郎' });
  });

  it("gives a dialysis clinic only its own patients' dialysis details", () => {
    const d = decide({ requester: p.nanaoDialysis, purpose: 'medical-continuity', fields: ['care.dialysis'] });
    expect(applyObligations(person(), d)?.data).toEqual({ care: { dialysis: { schedule: ['mon', 'wed', 'fri'], clinic: p.nanaoDialysis.id } } });
    const other = decide({ requester: p.kanazawaDialysis, purpose: 'medical-continuity', fields: ['care.dialysis'] });
    expect(applyObligations(person(), other)).toBeUndefined();
  });

  it('gives training only synthetic records', () => {
    const d = decide({ requester: p.nanaoCity, purpose: 'training' }, []);
    expect(applyObligations(person(), d)).toBeUndefined();
    expect(applyObligations(person({}, 'synthetic'), d)?.data.name).toEqual({ full: '七尾 一郎' });
  });
});
