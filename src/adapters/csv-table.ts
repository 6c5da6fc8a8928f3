// Read a CSV file into a header and rows keyed by column name, with row numbers for error messages.
import { parse } from 'csv-parse/sync';

export interface CsvRow {
  /** 1-based data row number (the first row after the header is 1). */
  row: number;
  values: Record<string, string>;
}

export type CsvTable =
  | { ok: true; header: string[]; rows: CsvRow[] }
  | { ok: false; problem: 'empty' | 'malformed'; line?: number; detail: string }
  | { ok: false; problem: 'duplicate-column'; column: string }
  | { ok: false; problem: 'empty-column-name'; index: number };

export function readCsvTable(text: string): CsvTable {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: false, skip_empty_lines: true, trim: false }) as string[][];
  } catch (e) {
    const err = e as { lines?: number; message?: string };
    return { ok: false, problem: 'malformed', line: err.lines, detail: String(err.message ?? e) };
  }
  const [headerRow, ...data] = records;
  if (!headerRow) return { ok: false, problem: 'empty', detail: 'no header row' };
  const header = headerRow.map((h) => h.trim());
  const seen = new Set<string>();
  for (const [i, h] of header.entries()) {
    if (h === '') return { ok: false, problem: 'empty-column-name', index: i + 1 };
    if (seen.has(h)) return { ok: false, problem: 'duplicate-column', column: h };
    seen.add(h);
  }
  const rows = data.map((cells, i) => ({
    row: i + 1,
    values: Object.fromEntries(header.map((h, j) => [h, (cells[j] ?? '').trim()])),
  }));
  return { ok: true, header, rows };
}
