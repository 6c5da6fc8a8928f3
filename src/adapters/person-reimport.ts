// Re-importing a register over the persons already stored: what the file did not change stays as it is, and a safety
// status reported later (in the field, through the node) is never replaced by an older or undated one from a file.
import type { MessageParams } from '../i18n/index.ts';
import { safetyStatuses, type AnyRecord, type Person, type RecordDraft, type Safety } from '../model/index.ts';

/** What the importer had to assume about a row, because the file does not say. */
export interface ImportedRowFacts {
  /** The oxygen supply's "as of" is the time of the import, the file giving none. */
  oxygenAsOfAssumed: boolean;
}

/** The stored status was kept over the file's: the report that came later, and what the file says. */
export interface SafetyConflict {
  kept: Safety;
  file: Safety;
}

export interface ReconciledPerson {
  draft: RecordDraft<'person'>;
  conflict?: SafetyConflict;
}

const instant = (iso: string) => Date.parse(iso);

/** Whether the file states anything about safety: an empty cell reads as "unknown" with no reporter. */
function states(s: Safety): boolean {
  return s.reportedBy !== undefined || s.status !== 'unknown';
}

function sameStatus(a: Safety, b: Safety): boolean {
  return a.status === b.status && a.whereabouts === b.whereabouts && a.shelter === b.shelter;
}

/**
 * The newer of two statuses. A status without a time (a register file that does not date its column) is older than
 * any dated report, and is replaced by the next undated one; between dated ones the later wins, the file on a tie.
 */
export function newerSafety(stored: Safety, imported: Safety): { safety: Safety; conflict?: SafetyConflict } {
  if (stored.reportedAt === undefined) return { safety: imported };
  if (imported.reportedAt !== undefined && instant(imported.reportedAt) >= instant(stored.reportedAt)) return { safety: imported };
  const conflict = states(imported) && !sameStatus(stored, imported);
  return conflict ? { safety: stored, conflict: { kept: stored, file: imported } } : { safety: stored };
}

/** The file's oxygen figure, keeping the stored "as of" when the file restates the same figure without a time. */
function oxygenOf(stored: Person, imported: Person, facts: ImportedRowFacts): Person['care']['homeOxygen'] {
  const was = stored.care.homeOxygen;
  const now = imported.care.homeOxygen;
  if (!facts.oxygenAsOfAssumed || !was || !now) return now;
  return was.supplyHoursLeft === now.supplyHoursLeft && was.flowRateLpm === now.flowRateLpm ? { ...now, asOf: was.asOf } : now;
}

/** Fold an imported row into the stored record of the same id; a stored record that is not a person is replaced. */
export function reconcileImportedPerson(stored: AnyRecord, imported: RecordDraft<'person'>, facts: ImportedRowFacts): ReconciledPerson {
  if (stored.type !== 'person') return { draft: imported };
  const { safety, conflict } = newerSafety(stored.data.safety, imported.data.safety);
  const homeOxygen = oxygenOf(stored.data, imported.data, facts);
  const care = { ...imported.data.care, ...(homeOxygen ? { homeOxygen } : {}) };
  // Keep the steps that explain a kept status (a field report's delivery); replace this adapter's earlier imports.
  const adapters = new Set(imported.lineage.map((s) => s.adapter));
  const lineage = [...stored.lineage.filter((s) => !(s.activity === 'import' && adapters.has(s.adapter))), ...imported.lineage];
  return { draft: { ...imported, lineage, data: { ...imported.data, care, safety } }, ...(conflict ? { conflict } : {}) };
}

/** Message parameters naming both statuses in both languages. */
export function conflictParams(c: SafetyConflict): MessageParams {
  return {
    keptJa: safetyStatuses[c.kept.status].ja,
    keptEn: safetyStatuses[c.kept.status].en,
    fileJa: safetyStatuses[c.file.status].ja,
    fileEn: safetyStatuses[c.file.status].en,
    by: c.kept.reportedBy ?? '-',
    at: c.kept.reportedAt ?? '-',
  };
}
