// Synthetic persons-requiring-care records, shaped like what a Nanao City node shares in an emergency: the full
// record envelope with a person payload and lineage. The persons come from the one synthetic-population generator
// (src/scenario: its name tables, rates and care needs) for a Nanao-sized municipality; the envelope and the spread
// of safety statuses are the benchmarks' own. Deterministic, so every run signs and verifies the same bytes.
import type { Person, RecordOf } from '../src/model/index.ts';
import { applyObligations, type MaskedRecord } from '../src/policy/apply-obligations.ts';
import { decideAccess } from '../src/policy/decide-access.ts';
import { compiledExamplePolicies, declaration, NANAO, NOTO_NOW, participants } from '../src/policy/test-fixtures.ts';
import { ishikawaMunicipalities } from '../src/scenario/geography.ts';
import { personPayload } from '../src/scenario/person-record.ts';
import { planScenario, type MunicipalityPlan } from '../src/scenario/plan.ts';
import type { SpellingVariant } from '../src/scenario/spelling.ts';
import { truePerson } from '../src/scenario/true-person.ts';

const SEED = 20240101;
const NANAO_CITY = 'jp-172022-nanao-city';
const CLINIC = 'jp-172022-nanao-dialysis-clinic';

/** Nanao with so many listed people (≈17 million) that every index a benchmark uses is a person on the city's list. */
const nanao: MunicipalityPlan = planScenario(
  'town',
  SEED,
  20_000_000,
  [{ code: '172022', prefCode: '17', prefecture: '石川県', name: '七尾市', population: ishikawaMunicipalities['172022']!.populationK * 1000, centre: [136.967, 37.043], phoneArea: ishikawaMunicipalities['172022']!.phoneArea, localities: [] }],
  false,
).municipalities[0]!;

const statuses: Person['safety']['status'][] = ['unknown', 'safe', 'evacuated', 'needs-rescue', 'hospitalised'];

/** Person `i` as a register writes them: the city's spelling, or a provider's with the given variants. */
export function syntheticPersonPayload(i: number, variants: readonly SpellingVariant[] = []): Person {
  const p = truePerson(SEED, nanao, i);
  return personPayload(p, { nodeId: NANAO_CITY, recordId: '', variants, ...(p.dialysisSchedule ? { clinicId: CLINIC } : {}) });
}

/** One person record; `i` varies the person, its safety status and its version. */
export function syntheticPersonRecord(i: number): RecordOf<'person'> {
  const status = statuses[i % statuses.length]!;
  const data: Person = {
    ...syntheticPersonPayload(i),
    safety:
      status === 'unknown'
        ? { status }
        : { status, reportedBy: NANAO_CITY, reportedAt: '2024-01-09T17:40:00+09:00', ...(status === 'evacuated' ? { shelter: `172022-shelter-${i % 40}` } : {}) },
  };
  return {
    id: `jp-172022-person-${String(i).padStart(7, '0')}`,
    type: 'person',
    version: 1 + (i % 3),
    sourceNode: NANAO_CITY,
    observedAt: '2024-01-09T17:40:00+09:00',
    recordedAt: '2024-01-09T17:45:12+09:00',
    quality: { level: 'verified' },
    lineage: [{ activity: 'import', file: 'nanao-youshien-2024-01.csv', row: i + 1, adapter: 'person-csv', at: '2024-01-09T17:45:12+09:00' }],
    data,
  };
}

export function syntheticPersonRecords(count: number): RecordOf<'person'>[] {
  return Array.from({ length: count }, (_, i) => syntheticPersonRecord(i));
}

/**
 * What a provider actually sends and signs: each record masked by the decision for Ishikawa Prefecture's
 * life-saving request during the emergency (Nanao's `emergency-life-saving` permit), as `applyObligations` does.
 */
export function sharedPersonRecords(count: number): MaskedRecord<RecordOf<'person'>>[] {
  const decision = decideAccess(
    {
      requester: participants.ishikawaPref,
      purpose: 'life-saving',
      action: 'read',
      dataset: 'persons',
      fields: '*',
      recordAreas: [NANAO],
      requestId: 'bench-shared-persons',
    },
    { policies: compiledExamplePolicies, declarations: [declaration('emergency', [NANAO])], now: NOTO_NOW },
  );
  if (decision.effect !== 'allow') throw new Error('the life-saving request was expected to be allowed');
  return syntheticPersonRecords(count).map((r) => applyObligations(r, decision)!);
}
