import { describe, expect, it } from 'vitest';
import { copyDeletedEntry, copyTerms, mayShareOnward, type CopyDecision } from './copies.ts';
import { auditDraftProblems } from '../audit/index.ts';

const received = new Date('2026-01-10T09:00:00.000Z');
const decision: CopyDecision = {
  effect: 'allow',
  dataset: 'persons-requiring-assistance',
  purpose: 'evacuation-support',
  policy: { id: 'evacuation-list', version: 3 },
  requestId: 'req-1',
  obligations: {
    grantedFields: ['id'],
    maskedFields: [],
    sensitiveFields: [],
    retention: 'P7D',
    retentionSeconds: 7 * 86_400,
    onwardSharing: false,
    requireConsent: true,
    audit: true,
  },
};

describe('copyTerms', () => {
  it('sets the expiry to the receipt time plus the retention and carries the onward-sharing ban', () => {
    const t = copyTerms(decision, received);
    expect(t).toMatchObject({ ok: true, terms: { expiresAt: '2026-01-17T09:00:00.000Z', onwardSharing: false, policyId: 'evacuation-list', policyVersion: 3 } });
  });

  it('allows no copy for a denial or a zero retention', () => {
    expect(copyTerms({ ...decision, effect: 'deny' }, received)).toMatchObject({ ok: false, problems: [{ code: 'COPY_DECISION_DENIED' }] });
    const zero = { ...decision, obligations: { ...decision.obligations, retention: 'PT0S', retentionSeconds: 0 } };
    expect(copyTerms(zero, received)).toMatchObject({ ok: false, problems: [{ code: 'COPY_NO_RETENTION' }] });
  });
});

describe('mayShareOnward', () => {
  it('allows sharing only when the policy allowed it and the copy has not expired', () => {
    const expiresAt = '2026-01-17T09:00:00.000Z';
    expect(mayShareOnward({ onwardSharing: false, expiresAt }, received)).toBe(false);
    expect(mayShareOnward({ onwardSharing: true, expiresAt }, received)).toBe(true);
    expect(mayShareOnward({ onwardSharing: true, expiresAt }, new Date(expiresAt))).toBe(false);
  });
});

describe('copyDeletedEntry', () => {
  it('is a valid audit draft naming the group, its count and at most 1000 ids', () => {
    const recordIds = Array.from({ length: 1200 }, (_, i) => `p-${i}`);
    const draft = copyDeletedEntry('jp-170003-ishikawa-pref', {
      deletionId: 'copy-sweep-x-1',
      provider: 'jp-172022-nanao-city',
      dataset: 'persons-requiring-assistance',
      purpose: 'evacuation-support',
      policyId: 'evacuation-list',
      policyVersion: 3,
      retention: 'P7D',
      count: 1200,
      recordIds,
    });
    expect(auditDraftProblems([draft])).toEqual([]);
    expect(draft).toMatchObject({ kind: 'copy-deleted', recordCount: 1200, requestId: 'copy-sweep-x-1' });
    expect(draft.recordIds).toHaveLength(1000);
  });
});
