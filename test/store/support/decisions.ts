// Allowed decisions with chosen grants and duties, as decideAccess makes them (only what masking and counting read),
// and drafts of random record payloads: for tests comparing what the store does with the policy layer in memory.
import type { AreaCode, QualityLevel, RecordDraft } from '../../../src/model/index.ts';
import type { AccessDecision, AggregateSpec } from '../../../src/policy/index.ts';
import type { namespace } from './drafts.ts';

/** The duties a decision may carry: its areas, consent, the requester's own records (owner p1), quality levels. */
export type Duties = { areas: string[]; requireConsent: boolean; ownRecords: boolean; quality: QualityLevel[] | undefined };

export function allowedDecision(granted: readonly string[], d: Duties, aggregate?: AggregateSpec): AccessDecision {
  return {
    effect: 'allow',
    requestId: 'r',
    dataset: 'persons',
    purpose: aggregate ? 'statistics' : 'life-saving',
    action: 'read',
    requester: 'p1',
    matchedPermits: [],
    reasons: [],
    decidedAt: '2024-01-10T00:00:00.000Z',
    areas: d.areas.map((area) => ({ area: area as AreaCode, phase: aggregate ? 'normal' : 'emergency' })),
    obligations: {
      grantedFields: [...granted],
      maskedFields: [],
      sensitiveFields: [],
      retention: 'P90D',
      retentionSeconds: 7_776_000,
      onwardSharing: false,
      requireConsent: d.requireConsent,
      ...(d.ownRecords || d.quality
        ? { recordScope: { requesterIdAt: d.ownRecords ? [{ field: 'owner', equals: 'p1' }] : [], ...(d.quality ? { quality: d.quality } : {}) } }
        : {}),
      ...(aggregate ? { aggregate } : {}),
      audit: true,
    },
  };
}

/**
 * Person drafts of these payloads. Ids whose text order is not their number order, so that "in id order" means the
 * database's order; with `varied`, times with and without microseconds and lineage or none.
 */
export function payloadDrafts(ns: ReturnType<typeof namespace>, records: readonly { data: unknown; level: QualityLevel }[], varied = false): RecordDraft<'person'>[] {
  return records.map((r, i) => ({
    id: ns.id(String((i * 7919) % 1000)),
    type: 'person' as const,
    sourceNode: ns.sourceNode,
    observedAt: varied && i % 2 === 1 ? '2024-01-01T09:00:00.123456+09:00' : '2024-01-01T09:00:00+09:00',
    quality: { level: r.level },
    lineage: varied && i % 3 !== 0 ? [{ activity: 'import', file: 'f.csv', row: i, at: '2024-01-01T09:00:00+09:00' }] : [],
    data: r.data as RecordDraft<'person'>['data'],
  }));
}
