import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safetyStatuses, type Safety, type SafetyStatus } from '../model/index.ts';
import type { AnyRecord, Person, RecordDraft } from '../model/index.ts';
import { newerSafety, reconcileImportedPerson } from './person-reimport.ts';

const statuses = Object.keys(safetyStatuses) as SafetyStatus[];
const time = fc.integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2024-12-31T00:00:00Z') }).map((ms) => new Date(ms).toISOString());
const safety: fc.Arbitrary<Safety> = fc.record(
  { status: fc.constantFrom(...statuses), reportedBy: fc.constantFrom('jp-172022-nanao-city', 'jp-170003-ishikawa-pref'), reportedAt: time },
  { requiredKeys: ['status'] },
);

describe('choosing between a stored and an imported safety status', () => {
  it('never replaces a dated status with an undated or older one', () => {
    fc.assert(
      fc.property(safety, safety, (stored, imported) => {
        const { safety: chosen } = newerSafety(stored, imported);
        if (stored.reportedAt !== undefined && (imported.reportedAt === undefined || Date.parse(imported.reportedAt) < Date.parse(stored.reportedAt))) {
          expect(chosen).toBe(stored);
        } else {
          expect(chosen).toBe(imported);
        }
      }),
    );
  });

  it('reports a conflict only when it keeps the stored status and the file states a different one', () => {
    fc.assert(
      fc.property(safety, safety, (stored, imported) => {
        const { safety: chosen, conflict } = newerSafety(stored, imported);
        if (conflict) {
          expect(chosen).toBe(stored);
          expect(conflict).toEqual({ kept: stored, file: imported });
          expect(imported.status !== stored.status || imported.whereabouts !== stored.whereabouts).toBe(true);
        }
        expect(newerSafety(stored, stored).conflict).toBeUndefined();
      }),
    );
  });

  it('is what was stored when the file restates the same undated status', () => {
    const stored: Safety = { status: 'evacuated', reportedBy: 'jp-172022-nanao-city', reportedAt: '2024-01-10T09:00:00+09:00' };
    expect(newerSafety(stored, { status: 'evacuated', reportedBy: 'jp-172022-nanao-city' })).toEqual({ safety: stored });
    expect(newerSafety({ status: 'unknown' }, { status: 'safe', reportedBy: 'jp-172022-nanao-city' })).toEqual({ safety: { status: 'safe', reportedBy: 'jp-172022-nanao-city' } });
  });
});

describe('reconciling an imported person with the stored one', () => {
  const person = (hours: number, asOf: string): Person => ({
    name: { full: '能登 太郎' },
    areaCode: '172022' as Person['areaCode'],
    care: { needs: ['home-oxygen'], homeOxygen: { supplyHoursLeft: hours, asOf } },
    consent: { shareWithSupporters: false },
    onEvacuationSupportList: true,
    safety: { status: 'unknown' },
  });
  const draft = (data: Person, at: string): RecordDraft<'person'> => ({
    id: 'p:1',
    type: 'person',
    sourceNode: 'jp-172022-nanao-city',
    observedAt: at,
    quality: { level: 'synthetic' },
    lineage: [{ activity: 'import', adapter: 'person-csv', file: 'a.csv', row: 2, at }],
    data,
  });
  const stored = { ...draft(person(24, '2024-01-10T09:00:00+09:00'), '2024-01-10T09:00:00+09:00'), version: 1, recordedAt: '2024-01-10T00:00:00Z' } as AnyRecord;

  it('keeps when the oxygen was counted if the file restates the same hours without a time', () => {
    const again = draft(person(24, '2024-01-12T09:00:00+09:00'), '2024-01-12T09:00:00+09:00');
    expect(reconcileImportedPerson(stored, again, { oxygenAsOfAssumed: true }).draft.data.care.homeOxygen).toEqual({ supplyHoursLeft: 24, asOf: '2024-01-10T09:00:00+09:00' });
  });

  it('takes the new time when the hours changed or the file dates them', () => {
    const fewer = draft(person(12, '2024-01-12T09:00:00+09:00'), '2024-01-12T09:00:00+09:00');
    expect(reconcileImportedPerson(stored, fewer, { oxygenAsOfAssumed: true }).draft.data.care.homeOxygen?.asOf).toBe('2024-01-12T09:00:00+09:00');
    const dated = draft(person(24, '2024-01-12T09:00:00+09:00'), '2024-01-12T09:00:00+09:00');
    expect(reconcileImportedPerson(stored, dated, { oxygenAsOfAssumed: false }).draft.data.care.homeOxygen?.asOf).toBe('2024-01-12T09:00:00+09:00');
  });

  it('replaces this adapter’s earlier import step in the lineage instead of piling them up', () => {
    const again = draft(person(24, '2024-01-12T09:00:00+09:00'), '2024-01-12T09:00:00+09:00');
    expect(reconcileImportedPerson(stored, again, { oxygenAsOfAssumed: true }).draft.lineage).toEqual(again.lineage);
  });
});
