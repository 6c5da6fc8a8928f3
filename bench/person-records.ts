// Synthetic persons-requiring-care records, shaped like what a Nanao City node shares in an emergency: the full
// record envelope with a person payload (name, address, location, contact, care, consent, safety) and lineage.
// Shaped like the person CSV importer's output. Deterministic, so every run signs and verifies the same bytes.
import type { Person, RecordOf } from '../src/model/index.ts';
import { applyObligations, type MaskedRecord } from '../src/policy/apply-obligations.ts';
import { decideAccess } from '../src/policy/decide-access.ts';
import { compiledExamplePolicies, declaration, NANAO, NOTO_NOW, participants } from '../src/policy/test-fixtures.ts';

const families = ['七尾', '和倉', '中島', '能登', '田鶴浜', '石崎', '万行', '藤橋', '小島', '矢田'];
const givens = ['一郎', '花子', '太郎', 'ハナ', '幸子', '清', 'トメ', '誠', '和子', '勇'];
const kanaFamilies = ['ナナオ', 'ワクラ', 'ナカジマ', 'ノト', 'タツルハマ', 'イシザキ', 'マンギョウ', 'フジハシ', 'コジマ', 'ヤタ'];
const kanaGivens = ['イチロウ', 'ハナコ', 'タロウ', 'ハナ', 'サチコ', 'キヨシ', 'トメ', 'マコト', 'カズコ', 'イサム'];
const localities = ['袖ケ江町', '府中町', '和倉町', '石崎町', '中島町中島', '田鶴浜町', '万行町', '藤橋町', '小島町', '矢田新町'];
const needSets: Person['care']['needs'][] = [
  ['dialysis', 'lives-alone'],
  ['bedridden'],
  ['wheelchair', 'dementia'],
  ['home-oxygen'],
  ['visual-impairment'],
  ['hearing-impairment', 'lives-alone'],
  ['limited-japanese'],
];
const statuses: Person['safety']['status'][] = ['unknown', 'safe', 'evacuated', 'needs-rescue', 'hospitalised'];

/** One person record; `i` varies names, places, care and status. */
export function syntheticPersonRecord(i: number): RecordOf<'person'> {
  const needs = needSets[i % needSets.length]!;
  const care: Person['care'] = { needs: [...needs], careLevel: `要介護${(i % 5) + 1}` };
  if (needs.includes('dialysis')) {
    care.dialysis = { schedule: i % 2 === 0 ? ['mon', 'wed', 'fri'] : ['tue', 'thu', 'sat'], clinic: 'jp-172022-nanao-dialysis-clinic' };
  }
  if (needs.includes('home-oxygen')) care.homeOxygen = { supplyHoursLeft: 12 + (i % 60) / 4, asOf: '2024-01-10T08:30:00+09:00', flowRateLpm: 1.5 };
  if (needs.includes('limited-japanese')) care.language = 'vi';
  const status = statuses[i % statuses.length]!;
  const data: Person = {
    name: { full: `${families[i % 10]} ${givens[(i >> 3) % 10]}`, kana: `${kanaFamilies[i % 10]} ${kanaGivens[(i >> 3) % 10]}` },
    birthDate: `19${30 + (i % 60)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
    sex: i % 2 === 0 ? 'female' : 'male',
    areaCode: '172022' as Person['areaCode'],
    address: { text: `石川県七尾市${localities[i % 10]}${(i % 30) + 1}-${(i % 17) + 1}`, postalCode: `926-${String(8000 + (i % 900)).padStart(4, '0')}` },
    location: { type: 'Point', coordinates: [136.9 + ((i * 7919) % 10_000) / 100_000, 37.0 + ((i * 104_729) % 10_000) / 100_000] },
    contact: { phone: `0767-${String(50 + (i % 50)).padStart(2, '0')}-${String(i % 10_000).padStart(4, '0')}` },
    care,
    consent: { shareWithSupporters: i % 3 !== 0, recordedAt: '2023-06-01T10:00:00+09:00' },
    onEvacuationSupportList: i % 4 !== 3,
    safety:
      status === 'unknown'
        ? { status }
        : { status, reportedBy: 'jp-172022-nanao-city', reportedAt: '2024-01-09T17:40:00+09:00', ...(status === 'evacuated' ? { shelter: `172022-shelter-${i % 40}` } : {}) },
  };
  return {
    id: `jp-172022-person-${String(i).padStart(7, '0')}`,
    type: 'person',
    version: 1 + (i % 3),
    sourceNode: 'jp-172022-nanao-city',
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
