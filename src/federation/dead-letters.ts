// Retention of dead letters: messages a peer refused for good stay in the outbox for an operator to see, but not
// forever. Past the retention (30 days by default) they are deleted, each deletion recorded in the audit log first
// (one entry per peer, naming the messages by outbox sequence number; never their payload).
import { randomUUID } from 'node:crypto';
import type { AuditEntryDraft, AuditLogWriter, AuditProblem } from '../audit/index.ts';
import type { OutboxStorage } from '../store/outbox-store.ts';

export const DEFAULT_DEAD_LETTER_RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;
/** Messages handled per purge; a larger backlog goes in the following purges. */
const BATCH = 1000;

/** TSUNAGU_OUTBOX_DEAD_LETTER_DAYS: days a dead letter is kept (a positive number; default 30). */
export function deadLetterRetentionDaysFromEnv(env: NodeJS.ProcessEnv): { ok: true; value: number } | { ok: false; problem: string } {
  const text = env.TSUNAGU_OUTBOX_DEAD_LETTER_DAYS?.trim();
  if (!text) return { ok: true, value: DEFAULT_DEAD_LETTER_RETENTION_DAYS };
  const days = Number(text);
  return Number.isFinite(days) && days > 0
    ? { ok: true, value: days }
    : { ok: false, problem: `TSUNAGU_OUTBOX_DEAD_LETTER_DAYS=${JSON.stringify(text)}: 正の日数を指定してください / must be a positive number of days` };
}

export interface DeadLetterPurgeOptions {
  storage: Pick<OutboxStorage, 'deadLetters' | 'deleteDeadLetters'>;
  auditLog: Pick<AuditLogWriter, 'append'>;
  /** Days a dead letter is kept after it was settled (default 30). */
  retentionDays?: number;
}

export interface DeadLetterPurgeOutcome {
  deleted: number;
  /** Peers whose dead letters were deleted, with how many each. */
  peers: { peer: string; count: number }[];
  /** Audit problems: nothing was deleted for them. */
  problems: AuditProblem[];
}

/**
 * Audit, then delete, the dead letters settled more than the retention before `now`. A purge stopped between the two
 * steps leaves the messages, which the next purge audits again and deletes: a deletion is never unaudited.
 */
export async function purgeDeadLetters(options: DeadLetterPurgeOptions, now: Date): Promise<DeadLetterPurgeOutcome> {
  const days = options.retentionDays ?? DEFAULT_DEAD_LETTER_RETENTION_DAYS;
  if (!(days > 0)) throw new RangeError('the dead-letter retention must be positive');
  const before = new Date(now.getTime() - days * DAY_MS).toISOString();
  const due = await options.storage.deadLetters({ settledBefore: before, limit: BATCH });
  if (due.length === 0) return { deleted: 0, peers: [], problems: [] };
  const byPeer = new Map<string, number[]>();
  for (const m of due) byPeer.set(m.peer, [...(byPeer.get(m.peer) ?? []), m.seq]);
  const requestId = `outbox-retention-${randomUUID()}`;
  const drafts: AuditEntryDraft[] = [...byPeer].map(([peer, seqs]) => ({
    kind: 'admin',
    requester: 'outbox-retention',
    purpose: 'dead-letter-retention',
    action: 'delete',
    dataset: 'outbox',
    fields: [],
    recordCount: seqs.length,
    recordIds: seqs.slice(0, 1000).map((s) => `outbox:${s}`),
    decision: 'allow',
    reasons: [{ code: 'OUTBOX_DEAD_LETTERS_PURGED', params: { count: seqs.length, peer: peer.slice(0, 200), before } }],
    requestId,
  }));
  const appended = await options.auditLog.append(drafts);
  if (!appended.ok) return { deleted: 0, peers: [], problems: appended.problems };
  const deleted = await options.storage.deleteDeadLetters(due.map((m) => m.seq));
  return { deleted, peers: [...byPeer].map(([peer, seqs]) => ({ peer, count: seqs.length })), problems: [] };
}

export interface DeadLetterSweeperOptions extends DeadLetterPurgeOptions {
  /** How often to purge (default hourly). */
  intervalMs?: number;
  now?: () => Date;
  onPurge?: (outcome: DeadLetterPurgeOutcome) => void;
  onError?: (error: unknown) => void;
}

export interface DeadLetterSweeper {
  /** Purge now and then every interval; the timer does not keep the process alive. */
  start(): void;
  /** Stop, waiting for a purge in progress. */
  stop(): Promise<void>;
}

export function createDeadLetterSweeper(options: DeadLetterSweeperOptions): DeadLetterSweeper {
  const now = options.now ?? (() => new Date());
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<void> | undefined;
  const run = () => {
    // Purges never overlap: a turn that finds one running is skipped.
    if (running) return;
    running = purgeDeadLetters(options, now())
      .then((o) => options.onPurge?.(o), (e: unknown) => options.onError?.(e))
      .finally(() => {
        running = undefined;
      });
  };
  return {
    start() {
      if (timer !== undefined) return;
      run();
      timer = setInterval(run, Math.max(1, options.intervalMs ?? 3_600_000));
      timer.unref?.();
    },
    async stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
