import { describe, expect, it } from 'vitest';
import type { AuditEntry } from './entry.ts';
import { matchesAuditFilter, normalizeAuditFilter, summarizeAuditEntries } from './query.ts';

const base: AuditEntry = {
  seq: 1,
  time: '2025-01-01T00:00:00.000Z',
  node: 'jp-172022-nanao-city',
  kind: 'access-decision',
  requester: 'jp-170001-ishikawa-pref',
  purpose: 'evacuation-support',
  action: 'query',
  dataset: 'persons',
  fields: [],
  recordCount: 3,
  decision: 'allow',
  reasons: [],
  requestId: 'r1',
  prevHash: '0'.repeat(64),
  hash: '1'.repeat(64),
};

describe('normalizeAuditFilter', () => {
  it('fills in defaults and turns times with offsets into the stored UTC form', () => {
    const r = normalizeAuditFilter({ from: '2025-01-01T09:00:00+09:00', cursor: '40' });
    expect(r).toEqual({ ok: true, filter: { from: '2025-01-01T00:00:00.000Z', cursor: 40, limit: 100, order: 'newest-first' } });
  });

  it('returns each invalid field as a problem with its path', () => {
    const r = normalizeAuditFilter({ decision: 'maybe', limit: 5000, extra: 1 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.every((p) => p.code === 'AUDIT_FILTER_INVALID')).toBe(true);
    expect(!r.ok && r.problems.map((p) => p.params.path)).toEqual(expect.arrayContaining(['/decision', '/limit']));
  });
});

describe('matchesAuditFilter', () => {
  it('treats from as inclusive and to as exclusive', () => {
    expect(matchesAuditFilter(base, { from: base.time })).toBe(true);
    expect(matchesAuditFilter(base, { to: base.time })).toBe(false);
  });

  it('matches a record id only in entries that list it', () => {
    expect(matchesAuditFilter({ ...base, recordIds: ['p-1'] }, { recordId: 'p-1' })).toBe(true);
    expect(matchesAuditFilter(base, { recordId: 'p-1' })).toBe(false);
  });
});

describe('summarizeAuditEntries', () => {
  it('counts entries and records per requester, purpose and decision, with the first and last time', () => {
    const s = summarizeAuditEntries([
      base,
      { ...base, seq: 2, time: '2025-01-02T00:00:00.000Z', recordCount: 4 },
      { ...base, seq: 3, decision: 'deny', recordCount: 0 },
      { ...base, seq: 4, requester: 'a-first', recordCount: 1 },
    ]);
    expect(s).toEqual({
      entries: 4,
      records: 8,
      rows: [
        { requester: 'a-first', purpose: 'evacuation-support', decision: 'allow', entries: 1, records: 1, first: base.time, last: base.time },
        { requester: base.requester, purpose: 'evacuation-support', decision: 'allow', entries: 2, records: 7, first: base.time, last: '2025-01-02T00:00:00.000Z' },
        { requester: base.requester, purpose: 'evacuation-support', decision: 'deny', entries: 1, records: 0, first: base.time, last: base.time },
      ],
    });
  });
});
