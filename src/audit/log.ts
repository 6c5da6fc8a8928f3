// What an audit log offers the rest of the node. The core knows only these interfaces; src/store implements them
// over SQL, and tests may implement them in memory.
import type { AuditCheckpoint } from './checkpoint.ts';
import type { ChainHead } from './chain.ts';
import type { AuditEntry, AuditEntryDraft } from './entry.ts';
import type { AuditFilter, AuditPageOutcome, AuditProblem, AuditSummaryOutcome } from './query.ts';
import type { AuditLogItem, AuditVerification, VerifyAuditOptions } from './verify.ts';

/**
 * When the log signs. Ed25519 verification costs ~0.1 ms, so a checkpoint per small batch would make verifying a
 * busy log take minutes; instead the first batch after a quiet spell is signed in its own transaction, and batches
 * that follow within `minIntervalMs` are signed together by one checkpoint at most `minIntervalMs` later.
 */
export interface CheckpointPolicy {
  /** Least time between checkpoints; 0 signs every batch in its own transaction. */
  minIntervalMs: number;
  /** Most entries left unsigned at any time; a larger batch gets checkpoints inside it. */
  maxUnsignedEntries: number;
}

export const defaultCheckpointPolicy: CheckpointPolicy = Object.freeze({ minIntervalMs: 1000, maxUnsignedEntries: 10_000 });

export interface AppendOptions {
  /** Sign a checkpoint covering these entries in the same transaction, whatever the policy says. */
  checkpoint?: boolean;
}

export type AppendOutcome =
  | {
      ok: true;
      /** The entries as written: committed before this resolves. */
      entries: AuditEntry[];
      /** The checkpoint written in the same transaction, when one was. */
      checkpoint?: AuditCheckpoint;
    }
  | { ok: false; problems: AuditProblem[] };

export interface AuditHeadState extends ChainHead {
  /** The participant whose node keeps the log; absent before the first entry. */
  node?: string;
  /** The last seq a checkpoint covers (0 when none). */
  checkpointSeq: number;
}

export interface AuditLogWriter {
  readonly node: string;
  /**
   * Chain and commit entries. Resolves once they are durable: concurrent appends share one transaction (group
   * commit), and entries keep the order of their append calls. Invalid drafts write nothing and are a problem value.
   */
  append(drafts: readonly AuditEntryDraft[], options?: AppendOptions): Promise<AppendOutcome>;
  /** Sign the current head now if entries are unsigned; returns the checkpoint written, if any. */
  checkpoint(): Promise<AuditCheckpoint | undefined>;
  /** Wait for queued appends, sign the unsigned tail and stop the checkpoint timer. */
  close(): Promise<void>;
}

export interface AuditLogReader {
  head(): Promise<AuditHeadState>;
  /** Every entry and checkpoint in chain order, in pages: the input of `verifyAuditChain` and of export. */
  items(options?: { pageSize?: number }): AsyncIterable<AuditLogItem[]>;
  query(filter: AuditFilter): Promise<AuditPageOutcome>;
  summarize(filter: AuditFilter): Promise<AuditSummaryOutcome>;
  /** `verifyAuditChain` over this log, with the log's own head as the expected head. */
  verify(options: Omit<VerifyAuditOptions, 'expectedHead'>): Promise<AuditVerification>;
}

export type AuditLog = AuditLogWriter & AuditLogReader;
