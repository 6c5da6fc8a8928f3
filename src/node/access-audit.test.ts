import { describe, expect, it } from 'vitest';
import { auditDraftProblems } from '../audit/index.ts';
import { decideAccess, PUBLIC_REQUESTER } from '../policy/index.ts';
import { NANAO, NOTO_NOW } from '../policy/test-fixtures.ts';
import { accessAuditDraft } from './access-audit.ts';
import { openSheltersPolicy } from './node-policies.ts';

const decision = (fields: '*' | string[] = '*', policies = [openSheltersPolicy('jp-172022-nanao-city')]) =>
  decideAccess(
    { requester: PUBLIC_REQUESTER, purpose: 'statistics', action: 'read', dataset: 'shelters', fields, recordAreas: [NANAO], requestId: 'req-1' },
    { policies, declarations: [], now: NOTO_NOW },
  );

describe('accessAuditDraft', () => {
  it('lists the ids of released records once each, up to what an entry can hold, and always counts them', () => {
    const few = accessAuditDraft({ decision: decision(), requestedFields: '*', releasedIds: ['a', 'b', 'a'] });
    expect(few).toMatchObject({ recordCount: 3, recordIds: ['a', 'b'] });
    const many = accessAuditDraft({ decision: decision(), requestedFields: '*', releasedIds: Array.from({ length: 1001 }, (_, i) => `r${i}`) });
    expect(many.recordCount).toBe(1001);
    expect(many.recordIds).toBeUndefined();
    expect(auditDraftProblems([few, many])).toEqual([]);
  });

  it('records the granted fields of an allowance and the requested fields of a denial', () => {
    expect(accessAuditDraft({ decision: decision(['name', 'nope']), requestedFields: ['name', 'nope'], releasedIds: [] }).fields).toEqual(['name']);
    const denied = accessAuditDraft({ decision: decision(['name'], []), requestedFields: ['name'], releasedIds: [] });
    expect(denied).toMatchObject({ decision: 'deny', fields: ['name'], recordCount: 0, reasons: [{ code: 'POLICY_NO_POLICY' }] });
    expect(accessAuditDraft({ decision: decision('*', []), requestedFields: '*', releasedIds: [] }).fields).toEqual(['*']);
  });

  it('keeps reason parameters within the entry schema: no undefined values, long texts shortened', () => {
    const d = decision();
    const long = { ...d, reasons: [{ code: 'POLICY_FIELDS_MASKED' as const, params: { fields: 'x'.repeat(5000), gone: undefined } }] };
    const draft = accessAuditDraft({ decision: long, requestedFields: '*', releasedIds: [] });
    expect(String(draft.reasons[0]!.params.fields)).toHaveLength(1000);
    expect(draft.reasons[0]!.params).not.toHaveProperty('gone');
    expect(auditDraftProblems([draft])).toEqual([]);
  });
});
