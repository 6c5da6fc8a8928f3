// The owner's questions to an audit log — who used my data, when, for what, and with what answer — as a filter, a
// page of entries and a summary. The store answers them in SQL; `matchesAuditFilter` answers them for exported files.
import { Type, type Static } from '@sinclair/typebox';
import type { MessageCode, MessageParams } from '../i18n/index.ts';
import { DateTimeSchema, IdSchema, ParticipantIdSchema, validate } from '../model/index.ts';
import type { AuditEntry } from './entry.ts';

const Code = Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z][a-z0-9-]*$' });

export const AuditFilterSchema = Type.Object(
  {
    /** Entries at or after this instant. */
    from: Type.Optional(DateTimeSchema),
    /** Entries before this instant. */
    to: Type.Optional(DateTimeSchema),
    requester: Type.Optional(IdSchema),
    onBehalfOf: Type.Optional(ParticipantIdSchema),
    purpose: Type.Optional(Code),
    dataset: Type.Optional(IdSchema),
    decision: Type.Optional(Type.Union([Type.Literal('allow'), Type.Literal('deny')])),
    requestId: Type.Optional(IdSchema),
    kind: Type.Optional(Code),
    /** Entries that list this record id. */
    recordId: Type.Optional(IdSchema),
    /** Page size, 1–1000 (default 100). */
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    /** `nextCursor` of the previous page. */
    cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
    /** Newest first (default) or oldest first. */
    order: Type.Optional(Type.Union([Type.Literal('newest-first'), Type.Literal('oldest-first')])),
  },
  { additionalProperties: false, $id: 'AuditFilter' },
);
export type AuditFilter = Static<typeof AuditFilterSchema>;

/** A filter checked and put in the form the store compares: times as UTC text, defaults filled in. */
export interface NormalizedAuditFilter extends Omit<AuditFilter, 'limit' | 'order' | 'cursor'> {
  limit: number;
  order: 'newest-first' | 'oldest-first';
  /** Continue after (oldest-first) or before (newest-first) this seq. */
  cursor?: number;
}

export interface AuditProblem {
  code: MessageCode;
  params: MessageParams;
}

export type NormalizedFilterOutcome = { ok: true; filter: NormalizedAuditFilter } | { ok: false; problems: AuditProblem[] };

export const DEFAULT_AUDIT_PAGE_SIZE = 100;

export function normalizeAuditFilter(input: unknown): NormalizedFilterOutcome {
  const v = validate(AuditFilterSchema, input ?? {});
  if (!v.ok) {
    return { ok: false, problems: v.problems.map((p) => ({ code: 'AUDIT_FILTER_INVALID', params: { path: p.path || '/', detail: p.message } })) };
  }
  const { limit, order, cursor, from, to, ...rest } = v.value;
  const filter: NormalizedAuditFilter = { ...rest, limit: limit ?? DEFAULT_AUDIT_PAGE_SIZE, order: order ?? 'newest-first' };
  if (from !== undefined) filter.from = new Date(from).toISOString();
  if (to !== undefined) filter.to = new Date(to).toISOString();
  if (cursor !== undefined) filter.cursor = Number(cursor);
  return { ok: true, filter };
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

/** One line of "who used my data": a requester, a purpose and a decision, with how often and how much. */
export interface AuditSummaryRow {
  requester: string;
  purpose: string;
  decision: 'allow' | 'deny';
  /** Number of entries (requests decided). */
  entries: number;
  /** Records concerned, summed over those entries. */
  records: number;
  first: string;
  last: string;
}

export interface AuditSummary {
  rows: AuditSummaryRow[];
  entries: number;
  records: number;
}

export type AuditPageOutcome = { ok: true; page: AuditPage } | { ok: false; problems: AuditProblem[] };
export type AuditSummaryOutcome = { ok: true; summary: AuditSummary } | { ok: false; problems: AuditProblem[] };

/** Whether an entry passes a filter's conditions (paging aside): the reference the SQL must agree with. */
export function matchesAuditFilter(e: AuditEntry, f: Omit<NormalizedAuditFilter, 'limit' | 'order' | 'cursor'>): boolean {
  return (
    (f.from === undefined || e.time >= f.from) &&
    (f.to === undefined || e.time < f.to) &&
    (f.requester === undefined || e.requester === f.requester) &&
    (f.onBehalfOf === undefined || e.onBehalfOf === f.onBehalfOf) &&
    (f.purpose === undefined || e.purpose === f.purpose) &&
    (f.dataset === undefined || e.dataset === f.dataset) &&
    (f.decision === undefined || e.decision === f.decision) &&
    (f.requestId === undefined || e.requestId === f.requestId) &&
    (f.kind === undefined || e.kind === f.kind) &&
    (f.recordId === undefined || (e.recordIds ?? []).includes(f.recordId))
  );
}

/** Summarise entries already selected (an exported file, a test's expectation). Rows ordered like the store's. */
export function summarizeAuditEntries(entries: Iterable<AuditEntry>): AuditSummary {
  const rows = new Map<string, AuditSummaryRow>();
  let total = 0;
  let records = 0;
  for (const e of entries) {
    total++;
    records += e.recordCount;
    const key = JSON.stringify([e.requester, e.purpose, e.decision]);
    const row = rows.get(key);
    if (!row) {
      rows.set(key, { requester: e.requester, purpose: e.purpose, decision: e.decision, entries: 1, records: e.recordCount, first: e.time, last: e.time });
    } else {
      row.entries++;
      row.records += e.recordCount;
      if (e.time < row.first) row.first = e.time;
      if (e.time > row.last) row.last = e.time;
    }
  }
  return { rows: [...rows.values()].sort(compareSummaryRows), entries: total, records };
}

/** Plain code-unit order, the same as SQL `COLLATE "C"`, so both sides sort alike. */
export function compareSummaryRows(a: AuditSummaryRow, b: AuditSummaryRow): number {
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return cmp(a.requester, b.requester) || cmp(a.purpose, b.purpose) || cmp(a.decision, b.decision);
}
