// The import pipeline: parse every file with an importer, then — unless something was rejected and the caller did
// not ask for a partial import — write all accepted records in ONE transaction, so a failed import changes nothing.
import type { MessageCode, MessageParams } from '../i18n/index.ts';
import type { AnyRecord, AnyRecordDraft, RecordType } from '../model/index.ts';
import type { RecordOperations, Store } from '../store/types.ts';
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
  /** False when nothing was written because of rejections (without `partial`) or because of `dryRun`. */
  applied: boolean;
}

export interface ImportOptions {
  partial?: boolean;
  dryRun?: boolean;
  /** Called after parsing each file and after each written chunk. */
  onProgress?: (event: { phase: 'parse' | 'write'; done: number; total: number }) => void;
  chunkSize?: number;
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

  if ((summary.rejected.length > 0 && !options.partial) || options.dryRun) return summary;
  await store.transaction((tx) => writeRecords(tx, pending, summary, options));
  summary.applied = true;
  return summary;
}
