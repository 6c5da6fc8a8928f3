// The lives-to-save list as CSV for spreadsheets and paper: UTF-8 with a BOM (so Excel in Japan opens it as UTF-8),
// a header row in the reader's language, RFC 4180 quoting, and cells that cannot start a formula.
import type { Lang } from '../../node/application/index.ts';
import { lifelineMessages, type LifelineMessageCode } from './messages.ts';
import { careNeeds, safetyStatuses } from '../../model/index.ts';
import type { LifelineRow } from './rows.ts';

const COLUMNS: readonly [LifelineMessageCode, (r: LifelineRow, lang: Lang) => string][] = [
  ['LIFELINE_CSV_PRIORITY', (r) => String(r.priority.score)],
  ['LIFELINE_CSV_ID', (r) => r.id],
  ['LIFELINE_CSV_NAME', (r) => r.name],
  ['LIFELINE_CSV_KANA', (r) => r.kana ?? ''],
  ['LIFELINE_CSV_PHONE', (r) => r.phone ?? ''],
  ['LIFELINE_CSV_BIRTH_DATE', (r) => r.birthDate ?? ''],
  ['LIFELINE_CSV_AGE', (r) => (r.age !== undefined ? String(r.age) : '')],
  ['LIFELINE_CSV_ADDRESS', (r) => r.address ?? ''],
  ['LIFELINE_CSV_AREA', (r) => r.areaCode ?? ''],
  ['LIFELINE_CSV_LOCATION', (r) => (r.location ? `${r.location[0]},${r.location[1]}` : '')],
  ['LIFELINE_CSV_NEEDS', (r, lang) => r.needs.map((n) => careNeeds[n]?.[lang] ?? n).join('・')],
  ['LIFELINE_CSV_STATUS', (r, lang) => safetyStatuses[r.safety.status]?.[lang] ?? r.safety.status],
  ['LIFELINE_CSV_STATUS_AT', (r) => r.safety.at ?? ''],
  ['LIFELINE_CSV_STATUS_BY', (r) => r.safety.by ?? ''],
  ['LIFELINE_CSV_FACTORS', (r) => r.priority.factors.map((f) => `${f.message} (+${f.points})`).join(' / ')],
  ['LIFELINE_CSV_WITHHELD', (r) => (r.withheld ?? []).map((w) => w.message).join(' / ')],
  ['LIFELINE_CSV_SOURCES', (r) => r.sources.map((s) => `${s.node}/${s.recordId}`).join(' ')],
  ['LIFELINE_CSV_CONFLICTS', (r) => r.conflicts.map((c) => c.field).join(' ')],
  ['LIFELINE_CSV_CONFIDENCE', (r) => (r.matchConfidence !== undefined ? r.matchConfidence.toFixed(2) : '')],
];

/** Field paths the export carries, for its audit entry. */
export const CSV_EXPORT_FIELDS = ['name', 'address', 'location', 'contact', 'care.needs', 'safety', 'birthDate'] as const;

/** One CSV cell: quoted when needed, and a leading = + - @ (a formula to a spreadsheet) neutralised with a quote. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvHeader(lang: Lang): string {
  return COLUMNS.map(([code]) => csvCell(lifelineMessages.text(code, {}, lang))).join(',');
}

export function csvLine(row: LifelineRow, lang: Lang): string {
  return COLUMNS.map(([, cell]) => csvCell(cell(row, lang))).join(',');
}

/** The whole file: BOM, header, one line per row, CRLF line ends. */
export function lifelineCsv(rows: Iterable<LifelineRow>, lang: Lang): string {
  const lines = [csvHeader(lang)];
  for (const r of rows) lines.push(csvLine(r, lang));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
