// Small hand-written person records for the lifeline application's unit tests: one realistic reference person and
// a way to write the same (or another) person as another register would.
import type { PersonView, SourcedPerson } from '../../src/apps/lifeline/types.ts';

export const hanako: PersonView = {
  name: { full: '髙橋 花子', family: '髙橋', given: '花子', kana: 'タカハシ ハナコ' },
  birthDate: '1938-03-07',
  sex: 'female',
  areaCode: '172022',
  address: { text: '石川県七尾市千野町70-29', prefecture: '石川県', municipality: '七尾市', locality: '千野町', areaCode: '172022' },
  location: { type: 'Point', coordinates: [136.957575, 37.014859] },
  contact: { phone: '0767-53-1233' },
  care: { needs: ['wheelchair'] },
  consent: { shareWithSupporters: true },
  onEvacuationSupportList: true,
  safety: { status: 'unknown' },
};

/** A record `recordId` on `node`, observed at `observedAt`, holding `person`. */
export function sourced(node: string, recordId: string, person: PersonView, observedAt = '2024-01-01T09:00:00+09:00'): SourcedPerson {
  return { key: `${node}/${recordId}`, sourceNode: node, dataset: 'persons', recordId, version: 1, observedAt, person, fetchedAt: '2024-01-02T09:00:00+09:00' };
}

/** `base` with some fields replaced and, for `undefined` values, removed. */
export function variant(base: PersonView, changes: Partial<Record<keyof PersonView, unknown>>): PersonView {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out as PersonView;
}
