// A keeper receiving a node's checkpoint (delivery kind `audit-checkpoint`): the sender is proven by its request
// signature; the checkpoint must be the sender's own, signed with a key the trust list holds for it while the sender
// is in good standing; then it is kept — or, when it forks or goes back behind what is held, refused and kept as
// evidence. Every outcome is audited in the keeper's log.
import {
  AuditCheckpointDeliverySchema,
  auditFindingCodes,
  checkpointSignatureProblem,
  type AuditCheckpoint,
} from '../../audit/index.ts';
import type { MessageCode } from '../../i18n/index.ts';
import { validate } from '../../model/index.ts';
import type { AuditAnchorStorage } from '../../store/audit-anchor-store.ts';
import { listedParticipant, type TrustRegistry } from '../../trust/trust-registry.ts';
import { problemOf, requestLang } from '../problem.ts';
import type { DeliveryKindHandler } from '../routes/subscriptions.ts';
import { anchoringAuditDraft } from './anchoring-audit.ts';

/** Why an offered checkpoint is not taken, before anything is stored. */
export interface CheckpointRefusal {
  status: number;
  code: MessageCode;
  params: Record<string, string | number>;
}

/**
 * Whether `payload` is a checkpoint `sender` may have a keeper hold: well-formed, of the sender's own log, from a
 * participant in good standing, and signed with one of its listed keys valid at the checkpoint's time. Pure.
 */
export function admitCheckpoint(
  payload: unknown,
  sender: string,
  registry: TrustRegistry,
  now: Date,
): { ok: true; checkpoint: AuditCheckpoint } | { ok: false; refusal: CheckpointRefusal } {
  const parsed = validate(AuditCheckpointDeliverySchema, payload);
  if (!parsed.ok) {
    const detail = parsed.problems.map((p) => `${p.path} ${p.message}`).join('; ').slice(0, 500);
    return { ok: false, refusal: { status: 422, code: 'NODE_DELIVERY_INVALID', params: { detail } } };
  }
  const cp = parsed.value.checkpoint;
  if (cp.node !== sender) return { ok: false, refusal: { status: 403, code: 'AUDIT_ANCHOR_NODE_MISMATCH', params: { node: cp.node, sender } } };
  const listed = listedParticipant(registry, sender, now);
  if (!listed.ok) {
    const reason = listed.problems.map((p) => p.code).join(', ');
    return { ok: false, refusal: { status: 403, code: 'AUDIT_ANCHOR_SENDER_NOT_TRUSTED', params: { node: cp.node, seq: cp.seq, reason } } };
  }
  const keys = listed.value.entry.participant.keys.map((k) => ({
    kid: k.kid,
    publicKey: k.publicKey,
    ...(k.validFrom !== undefined ? { validFrom: k.validFrom } : {}),
    ...(k.validUntil !== undefined ? { validUntil: k.validUntil } : {}),
  }));
  const problem = checkpointSignatureProblem(cp, keys, sender);
  if (problem) {
    return { ok: false, refusal: { status: 422, code: 'AUDIT_ANCHOR_SIGNATURE_INVALID', params: { node: cp.node, seq: cp.seq, reason: auditFindingCodes[problem.kind] } } };
  }
  return { ok: true, checkpoint: cp };
}

export function checkpointReceiver(options: {
  anchors: Pick<AuditAnchorStorage, 'keep'>;
  registry: TrustRegistry;
  now?: () => Date;
}): DeliveryKindHandler {
  const now = options.now ?? (() => new Date());
  return async ({ request, sender, payload }) => {
    const lang = requestLang(request);
    const audit = (decision: 'allow' | 'deny', code: MessageCode, params: Record<string, string | number>, count: number) =>
      anchoringAuditDraft({ kind: 'checkpoint-received', requester: sender, decision, code, params, recordCount: count, requestId: request.id });
    const at = now();
    const admitted = admitCheckpoint(payload, sender, options.registry, at);
    if (!admitted.ok) {
      const { status, code, params } = admitted.refusal;
      return { kind: 'problem', problem: problemOf(status, code, params, lang, { requestId: request.id }), audit: audit('deny', code, params, 0) };
    }
    const cp = admitted.checkpoint;
    const judged = await options.anchors.keep(cp, at.toISOString());
    switch (judged.kind) {
      case 'new': {
        const params = { node: cp.node, seq: cp.seq };
        return { kind: 'answer', status: 201, body: { result: 'kept', node: cp.node, seq: cp.seq }, audit: audit('allow', 'AUDIT_ANCHOR_KEPT', params, 1) };
      }
      case 'duplicate': {
        const params = { node: cp.node, seq: cp.seq };
        return { kind: 'answer', status: 200, body: { result: 'already-held', node: cp.node, seq: cp.seq }, audit: audit('allow', 'AUDIT_ANCHOR_ALREADY_HELD', params, 0), duplicate: true };
      }
      case 'fork': {
        const params = { node: cp.node, seq: cp.seq, held: judged.held.hash.slice(0, 16), offered: cp.hash.slice(0, 16) };
        return { kind: 'problem', problem: problemOf(409, 'AUDIT_ANCHOR_FORK', params, lang, { requestId: request.id }), audit: audit('deny', 'AUDIT_ANCHOR_FORK', params, 0) };
      }
      case 'backwards': {
        const params = { node: cp.node, seq: cp.seq, latest: judged.latest.seq };
        return { kind: 'problem', problem: problemOf(409, 'AUDIT_ANCHOR_BACKWARDS', params, lang, { requestId: request.id }), audit: audit('deny', 'AUDIT_ANCHOR_BACKWARDS', params, 0) };
      }
    }
  };
}
