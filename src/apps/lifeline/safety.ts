// The safety-status workflow's pure parts: one `safety-status-update` outbox message per member record to the node
// that owns it (idempotent per report and record), and the audit entries of the operator's writes on this node.
import { OPERATOR_CONSOLE, type AuditEntryDraft, type NodeTarget } from '../../node/application/index.ts';
import { SAFETY_STATUS_UPDATE } from './safety-delivery.ts';
import type { SafetyDeliveryDraft, StoredSafetyReport } from './storage.ts';
import { LIFELINE_PURPOSE } from './gather.ts';
import type { ResolvedPerson } from './types.ts';

export interface SafetyDeliveryPlan {
  drafts: SafetyDeliveryDraft[];
  /** Member records whose owning node is not among the peers (no address to send to). */
  unroutable: { node: string; recordId: string }[];
}

/** The idempotency key of one record's update: the same report never reaches a record twice. */
export function safetyIdempotencyKey(reportId: string, recordId: string): string {
  return `lifeline-safety:${reportId}:${recordId}`.slice(0, 200);
}

/**
 * One message per member record, addressed to the record's owner. `reportedBy` is this node (the owner decides by
 * who asks); the operator's own name stays in this node's audit log.
 */
export function planSafetyDeliveries(person: ResolvedPerson, report: StoredSafetyReport, self: string, peers: readonly NodeTarget[]): SafetyDeliveryPlan {
  const urls = new Map(peers.map((p) => [p.participantId, p.nodeUrl]));
  const drafts: SafetyDeliveryDraft[] = [];
  const unroutable: SafetyDeliveryPlan['unroutable'] = [];
  for (const m of person.members) {
    const peerUrl = urls.get(m.sourceNode);
    if (peerUrl === undefined) {
      unroutable.push({ node: m.sourceNode, recordId: m.recordId });
      continue;
    }
    drafts.push({
      node: m.sourceNode,
      recordId: m.recordId,
      message: {
        peer: m.sourceNode,
        peerUrl,
        kind: SAFETY_STATUS_UPDATE,
        idempotencyKey: safetyIdempotencyKey(report.id, m.recordId),
        createdAt: report.at,
        payload: {
          personId: m.recordId,
          purpose: LIFELINE_PURPOSE,
          safety: {
            status: report.status,
            reportedBy: self,
            reportedAt: report.at,
            ...(report.shelter !== undefined ? { shelter: report.shelter } : {}),
            ...(report.note !== undefined ? { note: report.note } : {}),
          },
        },
      },
    });
  }
  return { drafts, unroutable };
}

const clip = (s: string) => s.slice(0, 1000);

/** The audit entry of a safety report recorded here (a conflict is recorded too, and says so). */
export function safetyAuditDraft(args: {
  report: StoredSafetyReport;
  recordKeys: readonly string[];
  deliveries: number;
  conflict: boolean;
  requestId: string;
}): AuditEntryDraft {
  const { report } = args;
  const current = report.conflictWith;
  return {
    kind: 'safety-report',
    requester: OPERATOR_CONSOLE,
    purpose: LIFELINE_PURPOSE,
    action: 'write-status',
    dataset: 'persons',
    fields: ['safety'],
    recordCount: args.recordKeys.length,
    ...(args.recordKeys.length > 0 ? { recordIds: args.recordKeys.slice(0, 1000) } : {}),
    decision: 'allow',
    reasons: [
      args.conflict && current !== undefined
        ? {
            code: 'LIFELINE_SAFETY_CONFLICT',
            params: { person: report.personId, status: report.status, by: clip(report.by), current: current.status, currentAt: current.at, reportId: report.id },
          }
        : {
            code: 'LIFELINE_SAFETY_RECORDED',
            params: { person: report.personId, status: report.status, by: clip(report.by), deliveries: args.deliveries, reportId: report.id },
          },
    ],
    requestId: args.requestId,
  };
}

export function decisionAuditDraft(args: { a: string; b: string; decision: 'confirm' | 'split'; by: string; requestId: string }): AuditEntryDraft {
  return {
    kind: 'lifeline-decision',
    requester: OPERATOR_CONSOLE,
    purpose: LIFELINE_PURPOSE,
    action: 'match-decision',
    dataset: 'persons',
    fields: [],
    recordCount: 2,
    recordIds: [args.a, args.b],
    decision: 'allow',
    reasons: [{ code: 'LIFELINE_DECISION_RECORDED', params: { a: args.a, b: args.b, decision: args.decision, by: clip(args.by) } }],
    requestId: args.requestId,
  };
}

/**
 * A run shows the operator persons gathered from other nodes: each provider audited what it answered, and this node
 * records that its operator was shown them — how many, from whom, under which declaration.
 */
export function runAuditDraft(args: { runId: string; persons: number; records: number; sources: readonly string[]; declarationId?: string; requestId: string }): AuditEntryDraft {
  return {
    kind: 'lifeline-run',
    requester: OPERATOR_CONSOLE,
    purpose: LIFELINE_PURPOSE,
    action: 'list',
    dataset: 'persons',
    fields: [],
    recordCount: args.records,
    ...(args.declarationId !== undefined ? { declarationId: args.declarationId } : {}),
    decision: 'allow',
    reasons: [
      {
        code: 'LIFELINE_RUN_RECORDED',
        params: { runId: args.runId, persons: args.persons, records: args.records, sources: clip(args.sources.join(', ') || '-') },
      },
    ],
    requestId: args.requestId,
  };
}

export function exportAuditDraft(args: { runId: string; personIds: readonly string[]; fields: readonly string[]; requestId: string }): AuditEntryDraft {
  return {
    kind: 'export',
    requester: OPERATOR_CONSOLE,
    purpose: LIFELINE_PURPOSE,
    action: 'export',
    dataset: 'persons',
    fields: [...args.fields],
    recordCount: args.personIds.length,
    ...(args.personIds.length > 0 && args.personIds.length <= 1000 ? { recordIds: [...args.personIds] } : {}),
    decision: 'allow',
    reasons: [{ code: 'LIFELINE_EXPORTED', params: { runId: args.runId, count: args.personIds.length } }],
    requestId: args.requestId,
  };
}
