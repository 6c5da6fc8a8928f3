// Copies under policy: a consumer keeps received records only as long as the provider's policy allows, never reads
// an expired one, and deletes expired copies with one audit entry per group — audited first, deleted after.
import { randomUUID } from 'node:crypto';
import { auditDraftProblems, type AuditEntryDraft, type AuditLog, type AuditProblem } from '../audit/index.ts';
import type { MessageCode, MessageParams } from '../i18n/index.ts';
import { IdSchema } from '../model/common.ts';
import type { AccessDecision } from '../policy/decide-access.ts';
import type { ClaimedCopyGroup, CopyDraft, CopyFilter, StoredCopy } from '../store/copy-store.ts';
import type { Store } from '../store/types.ts';

export type { CopyFilter, StoredCopy } from '../store/copy-store.ts';

export interface CopyProblem {
  code: MessageCode;
  params: MessageParams;
}

/** The part of a provider's decision that governs a copy. */
export type CopyDecision = Pick<AccessDecision, 'effect' | 'dataset' | 'purpose' | 'policy' | 'obligations' | 'requestId'>;

export interface ReceivedRecords {
  /** The participant that provided the records. */
  provider: string;
  decision: CopyDecision;
  /** The records as received; each needs an `id`. */
  records: readonly { readonly id: string }[];
  receivedAt: Date;
}

export type StoreCopiesOutcome =
  | { ok: true; stored: number; expiresAt: string }
  | { ok: false; problems: CopyProblem[] };

/** Most record ids one audit entry lists (the schema's limit); the count is always complete. */
export const AUDIT_RECORD_ID_LIMIT = 1000;

const ID_PATTERN = new RegExp(IdSchema.pattern!);
const isId = (s: unknown): s is string => typeof s === 'string' && s.length >= 1 && s.length <= 200 && ID_PATTERN.test(s);

/**
 * The terms a decision sets for copies of what it allowed, or why no copy may be kept (a denial, no policy, or a
 * retention of zero). Pure.
 */
export function copyTerms(
  decision: CopyDecision,
  receivedAt: Date,
): { ok: true; terms: Omit<CopyDraft, 'provider' | 'recordId' | 'record'> } | { ok: false; problems: CopyProblem[] } {
  if (decision.effect !== 'allow') return { ok: false, problems: [{ code: 'COPY_DECISION_DENIED', params: { dataset: decision.dataset } }] };
  const { retention, retentionSeconds, onwardSharing } = decision.obligations;
  if (decision.policy === undefined || !(retentionSeconds > 0) || !Number.isFinite(retentionSeconds)) {
    return { ok: false, problems: [{ code: 'COPY_NO_RETENTION', params: { dataset: decision.dataset, retention } }] };
  }
  const expiresAt = new Date(receivedAt.getTime() + retentionSeconds * 1000);
  return {
    ok: true,
    terms: {
      dataset: decision.dataset,
      purpose: decision.purpose,
      policyId: decision.policy.id,
      policyVersion: decision.policy.version,
      retention,
      retentionSeconds,
      onwardSharing,
      ...(isId(decision.requestId) ? { requestId: decision.requestId } : {}),
      receivedAt: receivedAt.toISOString(),
      expiresAt: expiresAt.toISOString(),
    },
  };
}

/**
 * Keep received records under the decision's obligations: until `receivedAt` + retention, with the onward-sharing
 * flag. A denial, a retention of zero or a record id the audit log could not name keeps nothing.
 */
export async function storeCopies(store: Pick<Store, 'copies'>, received: ReceivedRecords): Promise<StoreCopiesOutcome> {
  const t = copyTerms(received.decision, received.receivedAt);
  if (!t.ok) return t;
  const problems: CopyProblem[] = [];
  for (const id of [received.decision.dataset, t.terms.policyId, ...received.records.map((r) => r.id)]) {
    if (!isId(id)) problems.push({ code: 'COPY_RECORD_ID_INVALID', params: { id: String(id).slice(0, 200) } });
  }
  if (problems.length > 0) return { ok: false, problems };
  const drafts: CopyDraft[] = received.records.map((r) => ({ ...t.terms, provider: received.provider, recordId: r.id, record: r }));
  const stored = await store.copies.put(drafts);
  return { ok: true, stored, expiresAt: t.terms.expiresAt };
}

/** Copies within their retention at `filter.now`; an expired copy is never returned, swept or not. */
export function readCopies(store: Pick<Store, 'copies'>, filter: CopyFilter): Promise<StoredCopy[]> {
  return store.copies.read(filter);
}

/** Whether a copy may be passed on to another participant: the policy allowed it and the copy has not expired. */
export function mayShareOnward(copy: Pick<StoredCopy, 'onwardSharing' | 'expiresAt'>, now: Date = new Date()): boolean {
  return copy.onwardSharing && now.getTime() < Date.parse(copy.expiresAt);
}

/** The refusal to show when a copy may not be shared onward, or undefined when it may. */
export function onwardSharingProblem(
  copy: Pick<StoredCopy, 'onwardSharing' | 'expiresAt' | 'provider' | 'dataset' | 'policyId' | 'policyVersion' | 'retention'>,
  now: Date = new Date(),
): CopyProblem | undefined {
  if (mayShareOnward(copy, now)) return undefined;
  if (!copy.onwardSharing) {
    return { code: 'COPY_ONWARD_SHARING_FORBIDDEN', params: { provider: copy.provider, dataset: copy.dataset, policy: `${copy.policyId}@${copy.policyVersion}` } };
  }
  return { code: 'COPY_RETENTION_EXPIRED', params: { provider: copy.provider, retention: copy.retention, count: 1 } };
}

/** The audit entry for one group of deleted copies. The node that deletes them is the actor. */
export function copyDeletedEntry(node: string, group: ClaimedCopyGroup): AuditEntryDraft {
  return {
    kind: 'copy-deleted',
    requester: node,
    purpose: group.purpose,
    action: 'delete',
    dataset: group.dataset,
    fields: [],
    recordCount: group.count,
    recordIds: group.recordIds.slice(0, AUDIT_RECORD_ID_LIMIT),
    policy: { id: group.policyId, version: group.policyVersion },
    decision: 'allow',
    reasons: [{ code: 'COPY_RETENTION_EXPIRED', params: { provider: group.provider, retention: group.retention, count: group.count } }],
    requestId: group.deletionId,
  };
}

export interface CopySweepDeps {
  store: Pick<Store, 'copies'>;
  auditLog: Pick<AuditLog, 'node' | 'append' | 'query'>;
}

export interface SweptGroup {
  deletionId: string;
  provider: string;
  dataset: string;
  purpose: string;
  policy: { id: string; version: number };
  count: number;
  deleted: number;
  /** The audit entry's seq; absent when an earlier, interrupted sweep had already written it. */
  auditSeq?: number;
}

export interface CopySweepOutcome {
  /** Copies this sweep found expired and claimed. */
  claimed: number;
  /** Copies deleted, claims left by an interrupted earlier sweep included. */
  deleted: number;
  groups: SweptGroup[];
  /** Groups left claimed because their audit entry could not be written; the next sweep tries again. */
  problems: AuditProblem[];
}

/**
 * Delete every copy expired at `now`, with one `copy-deleted` audit entry per (provider, dataset, purpose, policy)
 * group. Three steps, each durable: claim (the copies stop being readable), audit, delete. A crash after the claim
 * leaves claimed copies, which no read returns; the next sweep audits them unless an entry with their deletion id
 * is already in the log, and then deletes them — so every deletion is audited exactly once.
 */
export async function sweepExpiredCopies(deps: CopySweepDeps, now: Date): Promise<CopySweepOutcome> {
  const prefix = `copy-sweep-${randomUUID()}`;
  const claimed = await deps.store.copies.claimExpired(now, prefix);
  const groups = await deps.store.copies.claimedGroups(AUDIT_RECORD_ID_LIMIT);
  const problems: AuditProblem[] = [];

  const toAudit: { group: ClaimedCopyGroup; draft: AuditEntryDraft }[] = [];
  const alreadyAudited: ClaimedCopyGroup[] = [];
  for (const group of groups) {
    if (!group.deletionId.startsWith(`${prefix}-`)) {
      const found = await deps.auditLog.query({ requestId: group.deletionId, kind: 'copy-deleted', limit: 1 });
      if (!found.ok) {
        problems.push(...found.problems);
        continue;
      }
      if (found.page.entries.length > 0) {
        alreadyAudited.push(group);
        continue;
      }
    }
    const draft = copyDeletedEntry(deps.auditLog.node, group);
    const invalid = auditDraftProblems([draft]);
    if (invalid.length > 0) {
      problems.push(...invalid.map((p): AuditProblem => ({ code: 'AUDIT_DRAFT_INVALID', params: { path: p.path, detail: p.message } })));
      continue;
    }
    toAudit.push({ group, draft });
  }

  const swept: SweptGroup[] = [];
  let deleted = 0;
  const remove = async (group: ClaimedCopyGroup, auditSeq?: number) => {
    const n = await deps.store.copies.deleteClaimed(group.deletionId);
    deleted += n;
    swept.push({
      deletionId: group.deletionId,
      provider: group.provider,
      dataset: group.dataset,
      purpose: group.purpose,
      policy: { id: group.policyId, version: group.policyVersion },
      count: group.count,
      deleted: n,
      ...(auditSeq === undefined ? {} : { auditSeq }),
    });
  };

  for (const group of alreadyAudited) await remove(group);
  if (toAudit.length > 0) {
    const appended = await deps.auditLog.append(toAudit.map((a) => a.draft));
    if (!appended.ok) {
      problems.push(...appended.problems);
    } else {
      for (let i = 0; i < toAudit.length; i++) await remove(toAudit[i]!.group, appended.entries[i]?.seq);
    }
  }
  return { claimed, deleted, groups: swept, problems };
}

export interface CopySweeperOptions extends CopySweepDeps {
  intervalMs: number;
  /** The clock (tests). */
  now?: () => Date;
  /** Told of each finished sweep (for structured logs: counts and ids only). */
  onSweep?: (outcome: CopySweepOutcome) => void;
  /** Told of a sweep that threw (the database was unavailable); the next one runs as planned. */
  onError?: (error: unknown) => void;
}

export interface CopySweeper {
  /** Sweep now and then every `intervalMs`; a second start does nothing. */
  start(): void;
  /** Stop sweeping and wait for a sweep in progress to finish. */
  stop(): Promise<void>;
  /** One sweep now (waits for one in progress instead of overlapping it). */
  sweepNow(): Promise<CopySweepOutcome>;
}

/** Sweep expired copies on a timer. Sweeps never overlap; the timer does not keep the process alive. */
export function createCopySweeper(options: CopySweeperOptions): CopySweeper {
  const now = options.now ?? (() => new Date());
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<CopySweepOutcome> | undefined;
  let started = false;

  const sweepNow = (): Promise<CopySweepOutcome> => {
    if (running) return running;
    running = sweepExpiredCopies(options, now()).finally(() => {
      running = undefined;
    });
    return running;
  };

  // Each start begins a new chain of timers; a chain from before a stop ends at its next turn.
  let generation = 0;
  const schedule = (gen: number) => {
    if (!started || gen !== generation) return;
    timer = setTimeout(() => {
      timer = undefined;
      sweepNow()
        .then((outcome) => options.onSweep?.(outcome), (e: unknown) => options.onError?.(e))
        .finally(() => schedule(gen));
    }, Math.max(1, options.intervalMs));
    timer.unref?.();
  };

  return {
    start() {
      if (started) return;
      started = true;
      const gen = ++generation;
      sweepNow()
        .then((outcome) => options.onSweep?.(outcome), (e: unknown) => options.onError?.(e))
        .finally(() => schedule(gen));
    },
    async stop() {
      started = false;
      generation++;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await running?.catch(() => {});
    },
    sweepNow,
  };
}
