// A trust anchor's state (tables from migrations/0010-trust-anchor.sql): the versions of its signed trust list and the
// join requests it received. Only storage here: what a list may contain and who may join is src/trust's job.
import { declarationDocumentHash } from './declaration-store.ts';
import type { SqlClient } from './sql-client.ts';

export interface PublishedListDraft {
  version: number;
  trustListId: string;
  issuedAt: string;
  /** What changed, in a word (init, admit, update, suspend, revoke, reinstate, roll-key, recognise, publish). */
  operation: string;
  /** The participant or anchor concerned, when one is. */
  subject?: string;
  /** The signed list `{ payload, proof }`. */
  document: unknown;
}

export interface PublishedList extends PublishedListDraft {
  document: unknown;
}

export type JoinRequestStatus = 'pending' | 'approved' | 'declined';

export interface KeptJoinRequest {
  seq: number;
  requestId: string;
  participantId: string;
  document: unknown;
  source: 'file' | 'online';
  receivedAt: string;
  status: JoinRequestStatus;
  decidedAt?: string;
  decisionReason?: string;
}

export interface JoinDecision {
  seq: number;
  status: 'approved' | 'declined';
  at: string;
  reason?: string;
}

export interface AnchorStorage {
  /** The newest published version, if any. */
  current(): Promise<PublishedList | undefined>;
  /** Versions newest first (at most `limit`). */
  history(limit: number): Promise<PublishedList[]>;
  /**
   * Keep a new version and, in the same transaction, the decision on the join request it answers. Answers false (and
   * keeps nothing) when the version is already taken: another operation published first, so this one must start over.
   */
  publish(list: PublishedListDraft, decision?: JoinDecision): Promise<boolean>;
  /** Keep a received join request as pending; the same document again keeps nothing and answers its existing row. */
  receive(request: { requestId: string; participantId: string; document: unknown; source: 'file' | 'online'; receivedAt: string }): Promise<KeptJoinRequest>;
  /** A kept request by its seq or its request id (the newest with that id). */
  request(ref: number | string): Promise<KeptJoinRequest | undefined>;
  requests(status?: JoinRequestStatus): Promise<KeptJoinRequest[]>;
  /** Decide a pending request without publishing (a decline). Answers false when it was not pending. */
  decide(decision: JoinDecision): Promise<boolean>;
}

const utc = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ${column}`;

interface ListRow {
  version: number;
  trust_list_id: string;
  issued_at: string;
  operation: string;
  subject: string | null;
  document: string;
}

interface RequestRow {
  seq: number | string;
  request_id: string;
  participant_id: string;
  document: string;
  source: 'file' | 'online';
  received_at: string;
  status: JoinRequestStatus;
  decided_at: string | null;
  decision_reason: string | null;
}

const LIST_COLUMNS = `version, trust_list_id, ${utc('issued_at')}, operation, subject, document`;
const REQUEST_COLUMNS = `seq, request_id, participant_id, document, source, ${utc('received_at')}, status, ${utc('decided_at')}, decision_reason`;

function listOf(row: ListRow): PublishedList {
  return {
    version: Number(row.version),
    trustListId: row.trust_list_id,
    issuedAt: row.issued_at,
    operation: row.operation,
    ...(row.subject === null ? {} : { subject: row.subject }),
    document: JSON.parse(row.document) as unknown,
  };
}

function requestOf(row: RequestRow): KeptJoinRequest {
  return {
    seq: Number(row.seq),
    requestId: row.request_id,
    participantId: row.participant_id,
    document: JSON.parse(row.document) as unknown,
    source: row.source,
    receivedAt: row.received_at,
    status: row.status,
    ...(row.decided_at === null ? {} : { decidedAt: row.decided_at }),
    ...(row.decision_reason === null ? {} : { decisionReason: row.decision_reason }),
  };
}

async function decideIn(db: SqlClient, d: JoinDecision): Promise<boolean> {
  const r = await db.query(
    `update anchor_join_requests set status = $2, decided_at = $3, decision_reason = $4 where seq = $1 and status = 'pending' returning seq`,
    [d.seq, d.status, d.at, d.reason ?? null],
  );
  return r.rows.length > 0;
}

export function anchorStorage(db: SqlClient): AnchorStorage {
  return {
    async current() {
      const r = await db.query<ListRow>(`select ${LIST_COLUMNS} from anchor_trust_lists order by version desc limit 1`);
      return r.rows[0] ? listOf(r.rows[0]) : undefined;
    },
    async history(limit) {
      const r = await db.query<ListRow>(`select ${LIST_COLUMNS} from anchor_trust_lists order by version desc limit $1`, [limit]);
      return r.rows.map(listOf);
    },
    publish(list, decision) {
      return db.transaction(async (tx) => {
        const r = await tx.query(
          `insert into anchor_trust_lists (version, trust_list_id, issued_at, operation, subject, document)
           values ($1, $2, $3, $4, $5, $6) on conflict (version) do nothing returning version`,
          [list.version, list.trustListId, list.issuedAt, list.operation, list.subject ?? null, JSON.stringify(list.document)],
        );
        if (r.rows.length === 0) return false;
        // A request decided meanwhile by someone else must not be approved twice: roll the version back.
        if (decision && !(await decideIn(tx, decision))) throw new Error(`join request ${decision.seq} is no longer pending`);
        return true;
      });
    },
    async receive(req) {
      const sha = declarationDocumentHash(req.document);
      await db.query(
        `insert into anchor_join_requests (request_id, participant_id, document_sha256, document, source, received_at)
         values ($1, $2, $3, $4, $5, $6) on conflict (document_sha256) do nothing`,
        [req.requestId, req.participantId, sha, JSON.stringify(req.document), req.source, req.receivedAt],
      );
      const r = await db.query<RequestRow>(`select ${REQUEST_COLUMNS} from anchor_join_requests where document_sha256 = $1`, [sha]);
      return requestOf(r.rows[0]!);
    },
    async request(ref) {
      const r =
        typeof ref === 'number'
          ? await db.query<RequestRow>(`select ${REQUEST_COLUMNS} from anchor_join_requests where seq = $1`, [ref])
          : await db.query<RequestRow>(`select ${REQUEST_COLUMNS} from anchor_join_requests where request_id = $1 order by seq desc limit 1`, [ref]);
      return r.rows[0] ? requestOf(r.rows[0]) : undefined;
    },
    async requests(status) {
      const r =
        status === undefined
          ? await db.query<RequestRow>(`select ${REQUEST_COLUMNS} from anchor_join_requests order by seq`)
          : await db.query<RequestRow>(`select ${REQUEST_COLUMNS} from anchor_join_requests where status = $1 order by seq`, [status]);
      return r.rows.map(requestOf);
    },
    decide: (d) => decideIn(db, d),
  };
}
