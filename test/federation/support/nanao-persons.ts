// Nanao City's persons as the federation tests share them: its real persons policy (life-saving permit) and small
// synthetic person records, one per number.
import { areaCode, type LonLat, type Person, type RecordDraft } from '../../../src/model/index.ts';
import type { NodePolicy } from '../../../src/node/node-policies.ts';
import { nanaoPersonsPolicyDocument, parsePolicy } from '../../../src/policy/index.ts';

export const NANAO_CITY = 'jp-172022-nanao-city';

/** Nanao City's persons policy from src/policy/examples.ts, as a node loads it. */
export function nanaoPersonsPolicy(): NodePolicy {
  const parsed = parsePolicy(nanaoPersonsPolicyDocument);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return { policy: parsed.value, source: 'examples.ts' };
}

export interface SyntheticPersonOptions {
  /** Where the person lives (default: a little east of Nanao per number). */
  at?: LonLat;
  status?: 'unknown' | 'safe';
  /** The safety report's time, also the record's observation time. */
  reportedAt?: string;
}

/** A dialysis patient on Nanao's evacuation-support list, `nanao-person-<n>`, status unknown unless told. */
export function syntheticNanaoPerson(n: number, o: SyntheticPersonOptions = {}): RecordDraft<'person'> {
  const at = o.reportedAt ?? '2024-01-01T09:00:00+09:00';
  const data: Person = {
    name: { full: `試験 ${n}郎` },
    birthDate: '1940-01-01',
    areaCode: areaCode('172022'),
    location: { type: 'Point', coordinates: o.at ?? [136.96 + n * 0.001, 37.04] },
    care: { needs: ['dialysis'], careLevel: '要介護2' },
    consent: { shareWithSupporters: false },
    onEvacuationSupportList: true,
    safety: { status: o.status ?? 'unknown', reportedAt: at },
  };
  return { id: `nanao-person-${n}`, type: 'person', sourceNode: NANAO_CITY, observedAt: at, quality: { level: 'synthetic' }, lineage: [{ activity: 'entry', at }], data };
}
