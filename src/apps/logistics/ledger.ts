// The supplier's stock ledger (docs/logistics.md, "how a supplier's stock is held"): the figure of a stock record that
// commitments draw on, and what is left to commit. A commitment holds stock until the goods leave; once dispatched it
// still counts until a stock count observed after the departure replaces the figure (the count then no longer holds
// those goods). Pure: the storage applies it under a lock on the ledger row, in the commitment's transaction.
import type { ShipmentState } from '../../model/index.ts';

/** The stock record's figure the ledger holds: its version, when it was counted, what it could ship then. */
export interface LedgerBasis {
  stockId: string;
  version: number;
  observedAt: string;
  shippable: number;
}

/** One of the supplier's orders on that stock line. */
export interface LedgerCommitment {
  orderId: string;
  quantity: number;
  state: ShipmentState;
  dispatchedAt?: string;
}

/** Whether a commitment still draws on the ledger's figure. */
export function drawsOn(basis: Pick<LedgerBasis, 'observedAt'>, c: LedgerCommitment): boolean {
  if (c.state === 'planned' || c.state === 'declined') return false;
  if (c.state === 'committed' || c.dispatchedAt === undefined) return true;
  return Date.parse(c.dispatchedAt) > Date.parse(basis.observedAt);
}

/** What is left to commit: the figure less every commitment that draws on it, never below zero. */
export function availableToCommit(basis: LedgerBasis, commitments: readonly LedgerCommitment[]): number {
  const held = commitments.reduce((n, c) => n + (drawsOn(basis, c) ? c.quantity : 0), 0);
  return Math.max(0, basis.shippable - held);
}

export type CommitDecision = { ok: true; availableAfter: number } | { ok: false; available: number };

/** Whether `quantity` more can be committed on this figure. */
export function decideCommit(basis: LedgerBasis, commitments: readonly LedgerCommitment[], quantity: number): CommitDecision {
  const available = availableToCommit(basis, commitments);
  return quantity <= available + 1e-9 ? { ok: true, availableAfter: Math.max(0, available - quantity) } : { ok: false, available };
}
