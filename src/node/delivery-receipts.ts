// Receipts of deliveries with their audit entries, one mechanism for every delivery kind (the node's own and the
// applications'): what a delivery changed, its receipt and the audit entry recording it commit in one transaction —
// the entry kept pending with the receipt —, the entry is appended after, and the receipt is settled then. A crash or
// a refused append in between leaves the entry pending: the answer is 503, and the sender's redelivery of the key
// writes it once (NODE_DELIVERY_AUDITED_ON_REDELIVERY) — so no change a delivery made stays without its entry.
import type { FastifyRequest } from 'fastify';
import type { AuditEntryDraft, AuditLogWriter } from '../audit/index.ts';
import type { IdempotencyRegistry } from '../federation/outbox.ts';
import type { TransactionOperations } from '../store/types.ts';

/** What applying a delivery kept (its answer, stored with the receipt) and the entry that records it. */
export interface AuditedApplication<O extends object> {
  outcome: O;
  audit: AuditEntryDraft;
  /**
   * The delivery was refused before anything was applied (the owner's policy said no): its key is not kept, so the
   * sender's retry of the same key, once the cause is mended (a declaration issued), is decided again.
   */
  appliedNothing?: true;
}

export type AuditedReceipt<O> =
  | { kind: 'applied'; outcome: O }
  /** The key was received before: the first outcome, whose entry is written by now. */
  | { kind: 'duplicate'; outcome: O; firstReceivedAt: string }
  /** The outcome is committed but its entry could not be written: answer 503, so the sender delivers again. */
  | { kind: 'audit-pending' };

export interface AuditedReceipts {
  /**
   * Apply a delivery at most once per (sender, idempotency key), its audit entry committed with it as pending and
   * written before this resolves (`audit-pending` when it could not be). `sender` is the participant the request
   * signature proved.
   */
  receive<O extends object>(
    request: FastifyRequest,
    sender: string,
    idempotencyKey: string,
    apply: (tx: TransactionOperations) => Promise<AuditedApplication<O>>,
  ): Promise<AuditedReceipt<O>>;
}

/**
 * The receipt as stored: the outcome's own keys beside the entry still to write. Kept flat so receipts stored before
 * (an outcome alone) read as outcomes whose entry was written.
 */
type StoredReceipt<O> = O & { pendingAudit?: AuditEntryDraft };

/** Append one delivery's entry; false (logged) when the log did not take it. */
export async function appendDeliveryEntry(auditLog: Pick<AuditLogWriter, 'append'>, request: FastifyRequest, draft: AuditEntryDraft): Promise<boolean> {
  try {
    const r = await auditLog.append([draft]);
    if (!r.ok) request.log.error({ requestId: request.id, problems: r.problems.map((p) => p.code) }, 'delivery not audited');
    return r.ok;
  } catch (e) {
    request.log.error({ requestId: request.id, err: e }, 'delivery not audited');
    return false;
  }
}

export function auditedReceipts(options: { receipts: IdempotencyRegistry; auditLog: Pick<AuditLogWriter, 'append'> }): AuditedReceipts {
  const { receipts, auditLog } = options;

  return {
    async receive<O extends object>(request: FastifyRequest, sender: string, idempotencyKey: string, apply: (tx: TransactionOperations) => Promise<AuditedApplication<O>>): Promise<AuditedReceipt<O>> {
      let appliedNothing = false;
      const received = await receipts.receive<StoredReceipt<O>>(
        sender,
        idempotencyKey,
        async (tx) => {
          const applied = await apply(tx);
          appliedNothing = applied.appliedNothing === true;
          return { ...applied.outcome, pendingAudit: applied.audit };
        },
        () => !appliedNothing,
      );
      const { pendingAudit, ...rest } = received.outcome as StoredReceipt<O>;
      const outcome = rest as unknown as O;
      if (pendingAudit !== undefined) {
        // A duplicate still pending was applied before, but its entry was never written (the node stopped, or the log
        // refused, after the commit): written now, saying so.
        const draft: AuditEntryDraft =
          received.kind === 'duplicate'
            ? { ...pendingAudit, reasons: [...pendingAudit.reasons, { code: 'NODE_DELIVERY_AUDITED_ON_REDELIVERY', params: { firstReceivedAt: received.firstReceivedAt } }] }
            : pendingAudit;
        if (!(await appendDeliveryEntry(auditLog, request, draft))) return { kind: 'audit-pending' };
        await receipts.settle(sender, idempotencyKey, outcome);
      }
      return received.kind === 'duplicate' ? { kind: 'duplicate', outcome, firstReceivedAt: received.firstReceivedAt } : { kind: 'applied', outcome };
    },
  };
}
