// The lifeline application's own tables (migrations/0001-lifeline.sql), reached through the database handle the node
// gives it: operators' match decisions, safety-status reports with conflict detection, and the outbox messages that
// carry each report to record owners. The application's SQL lives here and nowhere else in the application.
import type { SafetyStatus } from '../../model/index.ts';
import type { ApplicationContext, ApplicationSql, OutboxMessageDraft, OutboxState } from '../../node/application/index.ts';
import type { MatchDecision, SafetyDelivery, SafetyDeliveryState, SafetyReport, StoredSafetyReport } from './types.ts';

export type { SafetyDelivery, SafetyDeliveryState, StoredSafetyReport };

/** One member record's share of a report: an outbox message to the record's owner. */
export interface SafetyDeliveryDraft {
  node: string;
  recordId: string;
  message: OutboxMessageDraft;
}

export interface RecordSafetyReportInput {
  report: Omit<StoredSafetyReport, 'conflictWith'>;
  /** The newest status the sources hold for the person (their records' safety), compared like a stored report. */
  sourceCurrent?: SafetyReport;
  deliveries: readonly SafetyDeliveryDraft[];
}

export type RecordSafetyReportOutcome =
  | { kind: 'recorded'; report: StoredSafetyReport; deliveries: SafetyDelivery[] }
  /** Older than the current status: kept as a conflict, nothing sent to the owners. */
  | { kind: 'conflict'; report: StoredSafetyReport; current: SafetyReport };

export interface LifelineStorage {
  /** Record an operator's decision on a pair; a later decision on the same pair replaces it. */
  saveDecision(decision: MatchDecision): Promise<void>;
  decisions(): Promise<MatchDecision[]>;
  /**
   * Record a report atomically: when `basedOnAt` is older than the current status (the newest non-conflicting report
   * here, or `sourceCurrent`), it is kept as a conflict and nothing is queued; otherwise every delivery is queued in
   * the same transaction.
   */
  recordSafetyReport(input: RecordSafetyReportInput): Promise<RecordSafetyReportOutcome>;
  /** A person's reports, newest first. */
  safetyReports(personId: string): Promise<StoredSafetyReport[]>;
  /** Every report on these persons, newest first per person. */
  safetyReportsOf(personIds: readonly string[]): Promise<Map<string, StoredSafetyReport[]>>;
  /** The deliveries of these reports, with their outbox state now. */
  safetyDeliveries(reportIds: readonly string[]): Promise<SafetyDelivery[]>;
}

const utc = (column: string, alias = column.replace(/^.*\./, '')) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as ${alias}`;

/** `…00.123000Z` → `…00.123Z`, as Date#toISOString writes it. */
function isoTime(s: string): string {
  return s.replace(/\.(\d{3})000Z$/, '.$1Z');
}

interface ReportRow {
  report_id: string;
  person_id: string;
  status: string;
  shelter: string | null;
  note: string | null;
  reported_by: string;
  node: string;
  reported_at: string;
  based_on_at: string | null;
  conflict_with: SafetyReport | string | null;
}

const REPORT_COLUMNS = `report_id, person_id, status, shelter, note, reported_by, node, ${utc('reported_at')}, ${utc('based_on_at')}, conflict_with`;

function toReport(row: ReportRow): StoredSafetyReport {
  const conflict = typeof row.conflict_with === 'string' ? (JSON.parse(row.conflict_with) as SafetyReport) : row.conflict_with;
  return {
    id: row.report_id,
    personId: row.person_id,
    status: row.status as SafetyStatus,
    ...(row.shelter !== null ? { shelter: row.shelter } : {}),
    ...(row.note !== null ? { note: row.note } : {}),
    by: row.reported_by,
    node: row.node,
    at: isoTime(row.reported_at),
    ...(row.based_on_at !== null ? { basedOnAt: isoTime(row.based_on_at) } : {}),
    ...(conflict !== null ? { conflictWith: conflict } : {}),
  };
}

function stateOf(state: OutboxState | null): SafetyDeliveryState {
  return state === 'delivered' ? 'delivered' : state === 'failed' ? 'failed' : 'queued';
}

const later = (a: SafetyReport | undefined, b: SafetyReport | undefined): SafetyReport | undefined =>
  a === undefined ? b : b === undefined ? a : Date.parse(b.at) > Date.parse(a.at) ? b : a;

async function readReports(db: ApplicationSql, personIds: readonly string[]): Promise<StoredSafetyReport[]> {
  const r = await db.query<ReportRow>(
    `select ${REPORT_COLUMNS} from lifeline_safety_reports where person_id = any($1::text[]) order by person_id, reported_at desc, seq desc`,
    [personIds],
  );
  return r.rows.map(toReport);
}

/** The lifeline's storage over its database handle, with the outbox's delivery states from the node. */
export function lifelineStorage(context: Pick<ApplicationContext, 'database' | 'outboxStates'>): LifelineStorage {
  const db = context.database;
  return {
    async saveDecision(d) {
      const [a, b] = d.a < d.b ? [d.a, d.b] : [d.b, d.a];
      await db.query(
        `insert into lifeline_match_decisions (a, b, decision, decided_by, decided_at) values ($1, $2, $3, $4, $5)
         on conflict (a, b) do update set decision = excluded.decision, decided_by = excluded.decided_by, decided_at = excluded.decided_at`,
        [a, b, d.decision, d.by, d.at],
      );
    },

    async decisions() {
      const r = await db.query<{ a: string; b: string; decision: 'confirm' | 'split'; decided_by: string; decided_at: string }>(
        `select a, b, decision, decided_by, ${utc('decided_at')} from lifeline_match_decisions order by decided_at, a, b`,
      );
      return r.rows.map((row) => ({ a: row.a, b: row.b, decision: row.decision, by: row.decided_by, at: isoTime(row.decided_at) }));
    },

    recordSafetyReport: (input) =>
      db.transaction(async (tx) => {
        const { report } = input;
        // Reports on one person are decided one at a time, so two operators cannot both base theirs on the same status.
        await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`lifeline-safety:${report.personId}`]);
        const stored = (await readReports(tx, [report.personId])).find((r) => r.conflictWith === undefined);
        const current = later(stored, input.sourceCurrent);
        const conflict = report.basedOnAt !== undefined && current !== undefined && Date.parse(current.at) > Date.parse(report.basedOnAt);
        const full: StoredSafetyReport = conflict ? { ...report, conflictWith: current } : { ...report };
        await tx.query(
          `insert into lifeline_safety_reports (report_id, person_id, status, shelter, note, reported_by, node, reported_at, based_on_at, conflict_with)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            full.id,
            full.personId,
            full.status,
            full.shelter ?? null,
            full.note ?? null,
            full.by,
            full.node,
            full.at,
            full.basedOnAt ?? null,
            full.conflictWith === undefined ? null : JSON.stringify(full.conflictWith),
          ],
        );
        if (conflict) return { kind: 'conflict', report: full, current: current! } as const;
        const deliveries: SafetyDelivery[] = [];
        for (const d of input.deliveries) {
          const queued = await tx.outbox.enqueue(d.message);
          await tx.query('insert into lifeline_safety_deliveries (report_id, node, record_id, outbox_seq) values ($1, $2, $3, $4)', [
            full.id,
            d.node,
            d.recordId,
            queued.message.seq,
          ]);
          deliveries.push({ reportId: full.id, node: d.node, recordId: d.recordId, state: stateOf(queued.message.state) });
        }
        return { kind: 'recorded', report: full, deliveries } as const;
      }),

    async safetyReports(personId) {
      return readReports(db, [personId]);
    },

    async safetyReportsOf(personIds) {
      const out = new Map<string, StoredSafetyReport[]>();
      if (personIds.length === 0) return out;
      for (const r of await readReports(db, personIds)) {
        const list = out.get(r.personId);
        if (list) list.push(r);
        else out.set(r.personId, [r]);
      }
      return out;
    },

    async safetyDeliveries(reportIds) {
      if (reportIds.length === 0) return [];
      const r = await db.query<{ report_id: string; node: string; record_id: string; outbox_seq: number | string | null }>(
        `select report_id, node, record_id, outbox_seq from lifeline_safety_deliveries
          where report_id = any($1::text[]) order by report_id, node, record_id`,
        [reportIds],
      );
      const seqs = r.rows.flatMap((row) => (row.outbox_seq === null ? [] : [Number(row.outbox_seq)]));
      const states = await context.outboxStates(seqs);
      return r.rows.map((row) => {
        const message = row.outbox_seq === null ? undefined : states.get(Number(row.outbox_seq));
        return {
          reportId: row.report_id,
          node: row.node,
          recordId: row.record_id,
          // A delivered message the outbox has since pruned is gone from its table; only delivered ones are pruned.
          state: message === undefined ? 'delivered' : stateOf(message.state),
          ...(message?.lastErrorCode !== undefined && message.state !== 'delivered' ? { lastError: message.lastErrorCode } : {}),
        };
      });
    },
  };
}
