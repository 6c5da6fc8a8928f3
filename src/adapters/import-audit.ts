// The audit entries of an import into the owner's own node: who imported (the local operator), which files into which
// dataset, and what happened — accepted before anything is written, the counts once committed, or why nothing was.
// Pure: drafts in, no I/O; apply-import appends them.
import type { AuditEntryDraft } from '../audit/index.ts';
import type { MessageCode } from '../i18n/index.ts';
import type { RecordType } from '../model/index.ts';

/** The requester of an import run on the node's own machine (the command line), by account id, never by name. */
export const LOCAL_OPERATOR = 'operator:local';

/** The dataset a record type is published and audited as (the node's dataset names). */
const datasetOf: Readonly<Record<RecordType, string>> = {
  participant: 'participants',
  shelter: 'shelters',
  facility: 'facilities',
  person: 'persons',
  declaration: 'declarations',
  delegation: 'delegations',
  stock: 'stock',
  alert: 'alerts',
  demand: 'demands',
  vehicle: 'vehicles',
  'road-segment': 'road-segments',
  shipment: 'shipments',
  'lead-time': 'lead-times',
};

export interface ImportAuditSubject {
  /** The operator's account on this machine, e.g. `uid:1000` (an id, not a name). */
  account: string;
  kind: string;
  files: readonly string[];
  /** Record types the import writes; none when nothing was accepted. */
  types: readonly RecordType[];
}

export type ImportAuditEvent =
  /** Written before the import's transaction: the data is never visible without it. */
  | { stage: 'accepted'; rows: number; records: number; refusedRows: number }
  | { stage: 'applied'; created: number; updated: number; unchanged: number; refusedRows: number }
  /** Rows were refused and the import was not partial: nothing written. */
  | { stage: 'refused'; rows: number; refusedRows: number; problems: number }
  /** The write itself failed (rolled back): nothing written. */
  | { stage: 'failed'; detail: string };

const codes: Record<ImportAuditEvent['stage'], MessageCode> = {
  accepted: 'IMPORT_AUDIT_ACCEPTED',
  applied: 'IMPORT_AUDIT_APPLIED',
  refused: 'IMPORT_AUDIT_REFUSED',
  failed: 'IMPORT_AUDIT_FAILED',
};

export function importAuditDraft(subject: ImportAuditSubject, event: ImportAuditEvent, requestId: string): AuditEntryDraft {
  const datasets = [...new Set(subject.types.map((t) => datasetOf[t]))].sort();
  const { stage, ...counts } = event;
  const recordCount = event.stage === 'accepted' ? event.records : event.stage === 'applied' ? event.created + event.updated : 0;
  return {
    kind: 'import',
    requester: LOCAL_OPERATOR,
    purpose: 'data-import',
    action: 'import',
    // An importer writes one record type; the audit names one dataset, or the importer's kind when that is not so.
    dataset: datasets.length === 1 ? datasets[0]! : subject.kind,
    fields: [],
    recordCount,
    decision: stage === 'accepted' || stage === 'applied' ? 'allow' : 'deny',
    reasons: [
      {
        code: codes[stage],
        params: {
          account: subject.account,
          kind: subject.kind,
          files: subject.files.join(', ').slice(0, 1000),
          ...Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, typeof v === 'string' ? v.slice(0, 500) : v])),
        },
      },
    ],
    requestId,
  };
}
