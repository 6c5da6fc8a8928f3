// What every importer produces: validated record drafts, and row-level problems for what it refused.
// Adapters are pure (bytes in, drafts out); the import pipeline decides what is written.
import type { MessageCode, MessageParams } from '../i18n/index.ts';
import type { AnyRecord, AnyRecordDraft } from '../model/index.ts';

/** A problem tied to a place in an input file, rendered later in the reader's language. */
export interface RowProblem {
  file: string;
  /** The row a spreadsheet shows (CSV: the header is row 1, the first data row 2) or feature index + 1 (GeoJSON); absent for whole-file problems. */
  row?: number;
  /** The column or property concerned, when there is one. */
  field?: string;
  code: MessageCode;
  params: MessageParams;
}

/** A notice that does not reject anything, e.g. "converted from Shift_JIS". */
export interface FileNotice {
  file: string;
  code: MessageCode;
  params: MessageParams;
}

/**
 * A draft plus, optionally, how to combine it with the record already stored under the same id
 * (e.g. a Nanao snapshot adds one evacuee count to a shelter's time series instead of replacing it).
 */
export interface ImportItem {
  draft: AnyRecordDraft;
  row?: number;
  merge?: (current: AnyRecord) => AnyRecordDraft;
  /**
   * How to fold the draft into the record already stored under its id (never into other rows of the same import):
   * e.g. a re-imported person keeps a safety status reported later. A notice says what was kept and why.
   */
  reconcile?: (stored: AnyRecord) => { draft: AnyRecordDraft; notice?: { code: MessageCode; params: MessageParams } };
  /**
   * Only a change to a record that exists (stored, or imported earlier in the same run): applied after the record's
   * own items, skipped when there is none. An alert Update marks what it names as superseded this way, without
   * inventing the named alert when it was never received.
   */
  onlyOntoExisting?: boolean;
}

export interface ParsedFile {
  file: string;
  items: ImportItem[];
  rejected: RowProblem[];
  notices: FileNotice[];
  /** Rows or features seen, accepted or not. */
  total: number;
}

export interface ImportContext {
  /** Participant id of the node doing the import; becomes each record's sourceNode. */
  sourceNode: string;
  /** Time of the import (ISO 8601), used as lineage time and, where the file gives none, as observedAt. */
  now: string;
}

export interface Importer {
  /** The `kind` named on the command line, e.g. `gsi-shelters`. */
  kind: string;
  describe: { ja: string; en: string };
  parse(file: string, bytes: Uint8Array, ctx: ImportContext): ParsedFile;
}
