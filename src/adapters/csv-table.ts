// Read a CSV file into a header and rows keyed by column name, with row numbers for error messages.
import { parse } from 'csv-parse/sync';

export interface CsvRow {
  /**
   * The row number a spreadsheet shows for this line: the header is row 1 (or later, after blank rows), so the first
   * data row is usually 2. Blank rows are skipped but still counted, and a cell spanning several text lines is one
   * row, as in a spreadsheet. Messages and lineage use this number, so a person can go straight to the row.
   */
  row: number;
  values: Record<string, string>;
}

export type CsvTable =
  | { ok: true; header: string[]; rows: CsvRow[] }
  | { ok: false; problem: 'empty' | 'malformed'; line?: number; detail: string }
  | { ok: false; problem: 'duplicate-column'; column: string }
  | { ok: false; problem: 'empty-column-name'; index: number };

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

/** A row with nothing in it, as spreadsheets leave at the end of a sheet (",,,,") or as an empty line. */
const isBlank = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

export function readCsvTable(text: string): CsvTable {
  let records: ParsedRecord[];
  try {
    // Column counts are checked below, so that blank rows of any width can be skipped rather than refused.
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false, trim: false, info: true }) as unknown as ParsedRecord[];
  } catch (e) {
    const err = e as { lines?: number; message?: string };
    return { ok: false, problem: 'malformed', line: err.lines, detail: String(err.message ?? e) };
  }
  const headerIndex = records.findIndex((r) => !isBlank(r.record));
  const headerRecord = records[headerIndex];
  if (!headerRecord) return { ok: false, problem: 'empty', detail: 'no header row' };
  const header = headerRecord.record.map((h) => h.trim());
  const seen = new Set<string>();
  for (const [i, h] of header.entries()) {
    if (h === '') return { ok: false, problem: 'empty-column-name', index: i + 1 };
    if (seen.has(h)) return { ok: false, problem: 'duplicate-column', column: h };
    seen.add(h);
  }
  const rows: CsvRow[] = [];
  for (let i = headerIndex + 1; i < records.length; i++) {
    const { record: cells, info } = records[i]!;
    if (isBlank(cells)) continue;
    if (cells.length !== header.length) {
      return {
        ok: false,
        problem: 'malformed',
        line: info.lines,
        detail: `Invalid Record Length: expect ${header.length}, got ${cells.length} on line ${info.lines}`,
      };
    }
    rows.push({ row: i + 1, values: Object.fromEntries(header.map((h, j) => [h, (cells[j] ?? '').trim()])) });
  }
  return { ok: true, header, rows };
}
