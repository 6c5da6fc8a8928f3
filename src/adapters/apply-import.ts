// The import pipeline: parse every file with an importer, then — unless something was rejected and the caller did
// not ask for a partial import — write all accepted records in ONE transaction, so a failed import changes nothing.
import { randomUUID } from 'node:crypto';
import type { AuditLogWriter } from '../audit/index.ts';
import type { MessageCode, MessageParams } from '../i18n/index.ts';
import type { AnyRecord, AnyRecordDraft, RecordType } from '../model/index.ts';
import type { RecordOperations, Store } from '../store/types.ts';
import { importAuditDraft, type ImportAuditEvent, type ImportAuditSubject } from './import-audit.ts';
import type { FileNotice, ImportContext, ImportItem, Importer, RowProblem } from './types.ts';

export interface InputFile {
  /** Name shown in messages and kept in lineage (no directory). */
  name: string;
  bytes: Uint8Array;
}

export interface FileSummary {
  file: string;
  rows: number;
  accepted: number;
  rejected: number;
}

export interface ImportSummary {
  kind: string;
  files: FileSummary[];
  rowsRead: number;
  rowsRejected: number;
  /** Records written for the first time, given a new version, or left as they were. */
  created: number;
  updated: number;
  unchanged: number;
  rejected: RowProblem[];
  notices: FileNotice[];
  /** False when nothing was written because of rejections (without `partial`), `dryRun`, or no audit entry. */
  applied: boolean;
  /** Why the import could not be recorded in the audit log before writing (with `audit`): then nothing was written. */
  unaudited?: string;
}

export interface ImportOptions {
  partial?: boolean;
  dryRun?: boolean;
  /** Called after parsing each file and after each written chunk. */
  onProgress?: (event: { phase: 'parse' | 'write'; done: number; total: number }) => void;
  chunkSize?: number;
  /**
   * Record the import in the owner's audit log: an entry before the write (so the data is never visible without
   * one), the counts after it, or why nothing was written. Without its first entry nothing is written. Dry runs
   * write nothing and are not recorded.
   */
  audit?: { log: Pick<AuditLogWriter, 'append'>; account: string };
}

function problem(file: string, code: MessageCode, params: MessageParams, row?: number, field?: string): RowProblem {
  return { file, code, params, ...(row !== undefined ? { row } : {}), ...(field !== undefined ? { field } : {}) };
}

interface PendingRecord {
  type: RecordType;
  id: string;
  /** Items in input order; the first without `merge` replaces, the ones with `merge` fold into what precedes. */
  items: { item: ImportItem; file: string }[];
}

/**
 * Records named twice without a merge rule conflict: the same shelter in two GSI files, say. The later row is
 * rejected, naming the first, rather than letting file order decide silently.
 */
function groupByRecord(parsed: { file: string; items: ImportItem[] }[], rejected: RowProblem[]): PendingRecord[] {
  const byKey = new Map<string, PendingRecord & { firstFile: string; firstRow?: number }>();
  for (const { file, items } of parsed) {
    for (const item of items) {
      const key = `${item.draft.type}\u0000${item.draft.id}`;
      const existing = byKey.get(key);
      if (!existing) {
        byKey.set(key, { type: item.draft.type, id: item.draft.id, items: [{ item, file }], firstFile: file, firstRow: item.row });
      } else if (item.merge) {
        existing.items.push({ item, file });
      } else {
        rejected.push(
          problem(file, 'IMPORT_DUPLICATE_ACROSS_FILES', { id: item.draft.id, firstFile: existing.firstFile, firstRow: existing.firstRow ?? '-' }, item.row),
        );
      }
    }
  }
  return [...byKey.values()];
}

/** Fold one record's items over the stored version into the single draft to write (none when nothing applies). */
function foldRecord(pending: PendingRecord, stored: AnyRecord | undefined, notices: FileNotice[]): AnyRecordDraft | undefined {
  let current: AnyRecord | undefined = stored;
  let draft: AnyRecordDraft | undefined;
  // Changes that only apply onto an existing record come after the items that may create it, whatever the file order.
  const ordered = [...pending.items.filter(({ item }) => !item.onlyOntoExisting), ...pending.items.filter(({ item }) => item.onlyOntoExisting)];
  for (const { item, file } of ordered) {
    if (item.onlyOntoExisting && !current) continue;
    if (current && item.merge) draft = item.merge(current);
    else if (current && current === stored && item.reconcile) {
      const reconciled = item.reconcile(current);
      draft = reconciled.draft;
      if (reconciled.notice) notices.push({ file, ...reconciled.notice });
    } else draft = item.draft;
    // The merged draft becomes the "current" state the next item folds into; version/recordedAt are irrelevant here.
    current = { ...draft, version: (current?.version ?? 0) + 1, recordedAt: draft.observedAt } as AnyRecord;
  }
  return draft;
}

async function writeRecords(
  ops: RecordOperations,
  pending: PendingRecord[],
  summary: ImportSummary,
  options: ImportOptions,
): Promise<void> {
  const chunkSize = options.chunkSize ?? 2000;
  for (let start = 0; start < pending.length; start += chunkSize) {
    const chunk = pending.slice(start, start + chunkSize);
    const needsCurrent = new Map<RecordType, string[]>();
    for (const p of chunk) {
      if (p.items.some(({ item }) => item.merge || item.reconcile)) needsCurrent.set(p.type, [...(needsCurrent.get(p.type) ?? []), p.id]);
    }
    const stored = new Map<string, AnyRecord>();
    for (const [type, ids] of needsCurrent) {
      for (const [id, rec] of await ops.getMany(type, ids)) stored.set(`${type}\u0000${id}`, rec as AnyRecord);
    }
    const drafts = chunk
      .map((p) => foldRecord(p, stored.get(`${p.type}\u0000${p.id}`), summary.notices))
      .filter((d): d is AnyRecordDraft => d !== undefined);
    const outcomes = await ops.upsert(drafts);
    for (const o of outcomes) summary[o.kind] += 1;
    options.onProgress?.({ phase: 'write', done: Math.min(start + chunkSize, pending.length), total: pending.length });
  }
}

export async function applyImport(
  store: Store,
  importer: Importer,
  files: readonly InputFile[],
  ctx: ImportContext,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const summary: ImportSummary = {
    kind: importer.kind,
    files: [],
    rowsRead: 0,
    rowsRejected: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: [],
    notices: [],
    applied: false,
  };
  const parsed: { file: string; items: ImportItem[]; total: number }[] = [];
  files.forEach((f, i) => {
    const result = importer.parse(f.name, f.bytes, ctx);
    parsed.push({ file: result.file, items: result.items, total: result.total });
    summary.rejected.push(...result.rejected);
    summary.notices.push(...result.notices);
    summary.rowsRead += result.total;
    options.onProgress?.({ phase: 'parse', done: i + 1, total: files.length });
  });
  const pending = groupByRecord(parsed, summary.rejected);
  // A file refused as a whole has problems without row numbers, so count what was accepted, not what was named.
  const duplicates = summary.rejected.filter((r) => r.code === 'IMPORT_DUPLICATE_ACROSS_FILES');
  summary.files = parsed.map(({ file, items, total }) => {
    // Changes onto other records (onlyOntoExisting) are not rows of their own.
    const accepted = items.filter((i) => !i.onlyOntoExisting).length - duplicates.filter((d) => d.file === file).length;
    return { file, rows: total, accepted, rejected: total - accepted };
  });
  summary.rowsRejected = summary.files.reduce((n, f) => n + f.rejected, 0);

  if (options.dryRun) return summary;
  const audit = options.audit;
  const requestId = `import-${randomUUID()}`;
  const subject: ImportAuditSubject | undefined = audit && {
    account: audit.account,
    kind: importer.kind,
    files: files.map((f) => f.name),
    types: [...new Set(pending.map((p) => p.type))],
  };
  /** Append one entry; the failure's text when it could not be made durable. */
  const record = async (event: ImportAuditEvent): Promise<string | undefined> => {
    if (!audit || !subject) return undefined;
    try {
      const appended = await audit.log.append([importAuditDraft(subject, event, requestId)]);
      return appended.ok ? undefined : appended.problems.map((p) => p.code).join(', ');
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  };
  if (summary.rejected.length > 0 && !options.partial) {
    const failure = await record({ stage: 'refused', rows: summary.rowsRead, refusedRows: summary.rowsRejected, problems: summary.rejected.length });
    if (failure !== undefined) summary.unaudited = failure;
    return summary;
  }
  const before = await record({ stage: 'accepted', rows: summary.rowsRead, records: pending.length, refusedRows: summary.rowsRejected });
  if (before !== undefined) {
    summary.unaudited = before;
    return summary;
  }
  try {
    await store.transaction((tx) => writeRecords(tx, pending, summary, options));
  } catch (e) {
    // The error's code only: a database message can quote the values of a row, i.e. personal data.
    const code = typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : e instanceof Error ? e.name : 'unknown';
    await record({ stage: 'failed', detail: code });
    throw e;
  }
  summary.applied = true;
  // Should this entry fail, the one written before the transaction still records the import and what it accepted.
  await record({ stage: 'applied', created: summary.created, updated: summary.updated, unchanged: summary.unchanged, refusedRows: summary.rowsRejected });
  return summary;
}
