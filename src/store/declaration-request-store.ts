// Requests for a disaster declaration, as each side keeps them (table from migrations/0012-declaration-requests.sql):
// the requester's sent requests and the recipient's received ones, each pending until its one answer.
import type { SqlClient } from './sql-client.ts';

export type DeclarationRequestDirection = 'sent' | 'received';

export interface DeclarationRequestDraft {
  direction: DeclarationRequestDirection;
  requester: string;
  requestId: string;
  recipient: string;
  hazard: string;
  phase: string;
  areas: readonly string[];
  reason: string;
  /** ISO 8601 with offset. */
  requestedAt: string;
  /** The outbox message that carries it (a sent request). */
  outboxSeq?: number;
}

/** How a request was answered; a pending one has none. */
export type DeclarationRequestAnswer =
  | { state: 'issued'; declarationId: string; answeredAt: string }
  | { state: 'declined'; declineReason: string; answeredAt: string };

export type KeptDeclarationRequest = Omit<DeclarationRequestDraft, 'outboxSeq'> & {
  seq: number;
  outboxSeq?: number;
} & ({ state: 'pending' } | DeclarationRequestAnswer);

export interface DeclarationRequestKey {
  direction: DeclarationRequestDirection;
  requester: string;
  requestId: string;
}

export interface DeclarationRequestOperations {
  /** Keep a request; the same (direction, requester, id) again keeps nothing and answers `kept: false`. */
  keep(draft: DeclarationRequestDraft): Promise<{ kept: boolean }>;
  get(key: DeclarationRequestKey): Promise<KeptDeclarationRequest | undefined>;
  /**
   * Record the answer of a pending request (and, on the recipient's side, the outbox message carrying it). Answers
   * false, changing nothing, when there is no such request or it was answered already.
   */
  answer(key: DeclarationRequestKey, answer: DeclarationRequestAnswer, outboxSeq?: number): Promise<boolean>;
}

export interface DeclarationRequestStorage extends DeclarationRequestOperations {
  /** One side's requests, newest first. */
  list(direction: DeclarationRequestDirection, limit: number): Promise<KeptDeclarationRequest[]>;
}

interface Row {
  seq: number | string;
  direction: DeclarationRequestDirection;
  requester: string;
  request_id: string;
  recipient: string;
  hazard: string;
  phase: string;
  areas: string;
  reason: string;
  requested_at: string;
  state: 'pending' | 'issued' | 'declined';
  declaration_id: string | null;
  decline_reason: string | null;
  answered_at: string | null;
  outbox_seq: number | string | null;
}

const utc = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ${column}`;
const COLUMNS = `seq, direction, requester, request_id, recipient, hazard, phase, areas, reason, ${utc('requested_at')}, state,
  declaration_id, decline_reason, ${utc('answered_at')}, outbox_seq`;

function toKept(r: Row): KeptDeclarationRequest {
  const base = {
    seq: Number(r.seq),
    direction: r.direction,
    requester: r.requester,
    requestId: r.request_id,
    recipient: r.recipient,
    hazard: r.hazard,
    phase: r.phase,
    areas: JSON.parse(r.areas) as string[],
    reason: r.reason,
    requestedAt: r.requested_at,
    ...(r.outbox_seq !== null ? { outboxSeq: Number(r.outbox_seq) } : {}),
  };
  if (r.state === 'issued') return { ...base, state: 'issued', declarationId: r.declaration_id ?? '', answeredAt: r.answered_at ?? '' };
  if (r.state === 'declined') return { ...base, state: 'declined', declineReason: r.decline_reason ?? '', answeredAt: r.answered_at ?? '' };
  return { ...base, state: 'pending' };
}

export function declarationRequestOperations(db: SqlClient): DeclarationRequestOperations {
  return {
    async keep(d) {
      const r = await db.query(
        `insert into declaration_requests
           (direction, requester, request_id, recipient, hazard, phase, areas, reason, requested_at, state, outbox_seq)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10)
         on conflict (direction, requester, request_id) do nothing returning seq`,
        [d.direction, d.requester, d.requestId, d.recipient, d.hazard, d.phase, JSON.stringify(d.areas), d.reason, d.requestedAt, d.outboxSeq ?? null],
      );
      return { kept: r.rows.length > 0 };
    },
    async get(key) {
      const r = await db.query<Row>(`select ${COLUMNS} from declaration_requests where direction = $1 and requester = $2 and request_id = $3`, [
        key.direction,
        key.requester,
        key.requestId,
      ]);
      return r.rows[0] ? toKept(r.rows[0]) : undefined;
    },
    async answer(key, a, outboxSeq) {
      const r = await db.query(
        `update declaration_requests
            set state = $4, declaration_id = $5, decline_reason = $6, answered_at = $7, outbox_seq = coalesce($8, outbox_seq)
          where direction = $1 and requester = $2 and request_id = $3 and state = 'pending'
          returning seq`,
        [
          key.direction,
          key.requester,
          key.requestId,
          a.state,
          a.state === 'issued' ? a.declarationId : null,
          a.state === 'declined' ? a.declineReason : null,
          a.answeredAt,
          outboxSeq ?? null,
        ],
      );
      return r.rows.length > 0;
    },
  };
}

export function declarationRequestStorage(db: SqlClient): DeclarationRequestStorage {
  return {
    ...declarationRequestOperations(db),
    async list(direction, limit) {
      const r = await db.query<Row>(`select ${COLUMNS} from declaration_requests where direction = $1 order by seq desc limit $2`, [direction, limit]);
      return r.rows.map(toKept);
    },
  };
}
