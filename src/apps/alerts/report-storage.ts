// Situation reports in the application's own table (migrations/0001-alerts.sql): drafts kept as drafted, and one
// approval each, recorded once. The SQL of the alerts application lives here only.
import type { ApplicationSql } from '../../node/application/index.ts';
import type { SituationReport, SituationReportBody } from './types.ts';

interface ReportRow {
  id: string;
  drafted_at: string | Date;
  drafted_by: string;
  body: SituationReportBody | string;
  approved_by: string | null;
  approved_at: string | Date | null;
}

const iso = (t: string | Date) => new Date(t).toISOString();

function reportOf(row: ReportRow): SituationReport {
  const body = typeof row.body === 'string' ? (JSON.parse(row.body) as SituationReportBody) : row.body;
  return {
    id: row.id,
    draftedAt: iso(row.drafted_at),
    draftedBy: row.drafted_by,
    approval: row.approved_by !== null && row.approved_at !== null ? { state: 'approved', by: row.approved_by, at: iso(row.approved_at) } : { state: 'draft' },
    body,
  };
}

export type ApproveOutcome = { kind: 'approved'; report: SituationReport } | { kind: 'already-approved'; report: SituationReport } | { kind: 'unknown' };

export interface ReportStorage {
  save(report: { id: string; draftedAt: string; draftedBy: string; body: SituationReportBody }): Promise<void>;
  get(id: string): Promise<SituationReport | undefined>;
  /** Approve a draft once; a second approval changes nothing and says who approved it first. */
  approve(id: string, by: string, at: string): Promise<ApproveOutcome>;
  /** The latest reports of one picture (actual, exercise, test), newest drafted first. */
  recent(status: string, limit: number): Promise<SituationReport[]>;
  /** Undo exactly this approval (same person and time), when its audit entry could not be written. */
  withdraw(id: string, by: string, at: string): Promise<void>;
}

export function reportStorage(db: ApplicationSql): ReportStorage {
  const get = async (id: string) => {
    const r = await db.query<ReportRow>('SELECT id, drafted_at, drafted_by, body, approved_by, approved_at FROM alerts_situation_reports WHERE id = $1', [id]);
    return r.rows[0] ? reportOf(r.rows[0]) : undefined;
  };
  return {
    async save(report) {
      await db.query('INSERT INTO alerts_situation_reports (id, drafted_at, drafted_by, body) VALUES ($1, $2, $3, $4)', [
        report.id, report.draftedAt, report.draftedBy, JSON.stringify(report.body),
      ]);
    },
    get,
    async recent(status, limit) {
      const r = await db.query<ReportRow>(
        "SELECT id, drafted_at, drafted_by, body, approved_by, approved_at FROM alerts_situation_reports WHERE body->>'status' = $1 ORDER BY drafted_at DESC, id LIMIT $2",
        [status, limit],
      );
      return r.rows.map(reportOf);
    },
    async approve(id, by, at) {
      const r = await db.query<ReportRow>(
        'UPDATE alerts_situation_reports SET approved_by = $2, approved_at = $3 WHERE id = $1 AND approved_by IS NULL RETURNING id, drafted_at, drafted_by, body, approved_by, approved_at',
        [id, by, at],
      );
      if (r.rows[0]) return { kind: 'approved', report: reportOf(r.rows[0]) };
      const existing = await get(id);
      return existing ? { kind: 'already-approved', report: existing } : { kind: 'unknown' };
    },
    async withdraw(id, by, at) {
      await db.query('UPDATE alerts_situation_reports SET approved_by = NULL, approved_at = NULL WHERE id = $1 AND approved_by = $2 AND approved_at = $3', [id, by, at]);
    },
  };
}
