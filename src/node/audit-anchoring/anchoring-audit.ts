// Audit entries of anchoring: a node sending its checkpoints, a keeper receiving one, a keeper giving out what it holds.
import type { AuditEntryDraft } from '../../audit/index.ts';
import type { MessageCode } from '../../i18n/index.ts';

/** The checkpoint's fields: what leaves the node and what a keeper holds (no record, no person). */
export const CHECKPOINT_FIELDS = ['seq', 'hash', 'time', 'node', 'kid', 'signature'] as const;

export function anchoringAuditDraft(input: {
  kind: 'checkpoint-sent' | 'checkpoint-received' | 'checkpoint-read';
  requester: string;
  decision: 'allow' | 'deny';
  code: MessageCode;
  params: Record<string, string | number>;
  recordCount: number;
  requestId: string;
}): AuditEntryDraft {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(input.params)) params[k] = typeof v === 'string' ? v.slice(0, 1000) : v;
  return {
    kind: input.kind,
    requester: input.requester,
    purpose: 'audit-anchoring',
    action: input.kind === 'checkpoint-sent' ? 'send' : input.kind === 'checkpoint-received' ? 'keep' : 'read',
    dataset: 'audit-checkpoints',
    fields: [...CHECKPOINT_FIELDS],
    recordCount: input.recordCount,
    decision: input.decision,
    reasons: [{ code: input.code, params }],
    requestId: input.requestId,
  };
}
