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

/** What keeping an offered checkpoint came to, kept with the delivery's receipt so a repeat is answered the same. */
interface KeptCheckpoint {
  status: number;
  body: Record<string, unknown>;
  code: MessageCode;
  params: Record<string, string | number>;
}

/** The answer and entry for what the store judged of a checkpoint (kept, held already, a fork, going back). */
function keptOf(cp: AuditCheckpoint, judged: Awaited<ReturnType<AuditAnchorStorage['keep']>>): KeptCheckpoint {
  switch (judged.kind) {
    case 'new':
      return { status: 201, body: { result: 'kept', node: cp.node, seq: cp.seq }, code: 'AUDIT_ANCHOR_KEPT', params: { node: cp.node, seq: cp.seq } };
    case 'duplicate':
      return { status: 200, body: { result: 'already-held', node: cp.node, seq: cp.seq }, code: 'AUDIT_ANCHOR_ALREADY_HELD', params: { node: cp.node, seq: cp.seq } };
    case 'fork':
      return { status: 409, body: {}, code: 'AUDIT_ANCHOR_FORK', params: { node: cp.node, seq: cp.seq, held: judged.held.hash.slice(0, 16), offered: cp.hash.slice(0, 16) } };
    case 'backwards':
      return { status: 409, body: {}, code: 'AUDIT_ANCHOR_BACKWARDS', params: { node: cp.node, seq: cp.seq, latest: judged.latest.seq } };
  }
}

/**
 * Kind `audit-checkpoint`: the checkpoint is kept (or its conflict recorded) in the transaction of the delivery's
 * receipt, with its entry pending there until written (src/node/delivery-receipts.ts).
 */
export function checkpointReceiver(options: { registry: TrustRegistry; now?: () => Date }): DeliveryKindHandler {
  const now = options.now ?? (() => new Date());
  return async ({ request, sender, idempotencyKey, payload, receipts }) => {
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
    const entryOf = (k: KeptCheckpoint) => audit(k.status < 300 ? 'allow' : 'deny', k.code, k.params, k.status === 201 ? 1 : 0);
    const received = await receipts.receive<KeptCheckpoint>(request, sender, idempotencyKey, async (tx) => {
      const kept = keptOf(cp, await tx.auditAnchors.keep(cp, at.toISOString()));
      return { outcome: kept, audit: entryOf(kept) };
    });
    if (received.kind === 'audit-pending') return received;
    const k = received.outcome;
    const repeat = received.kind === 'duplicate';
    if (k.status >= 300) return { kind: 'problem', problem: problemOf(k.status, k.code, k.params, lang, { requestId: request.id }), ...(repeat ? { audit: entryOf(k) } : {}) };
    return repeat
      ? { kind: 'answer', status: k.status, body: { ...k.body, duplicate: true, firstReceivedAt: received.firstReceivedAt }, duplicate: true }
      : { kind: 'answer', status: k.status, body: k.body, ...(k.status === 200 ? { duplicate: true } : {}) };
  };
}
