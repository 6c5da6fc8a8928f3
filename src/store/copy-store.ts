// Copies of received records in SQL (table from migrations/0004-copies.sql): writes, reads that never see an expired
// copy, and the claim-then-delete steps of the expiry sweep. The policy and audit logic lives in src/federation/copies.ts.
import type { SqlClient } from './sql-client.ts';

/** One received record as it is kept, with the provider's policy terms. */
export interface CopyDraft {
  provider: string;
  dataset: string;
  recordId: string;
  /** The record as received (already masked by the provider's policy). */
  record: unknown;
  purpose: string;
  policyId: string;
  policyVersion: number;
  /** ISO 8601 duration the policy allows the copy to be kept, and the same in seconds. */
  retention: string;
  retentionSeconds: number;
  onwardSharing: boolean;
  requestId?: string;
  receivedAt: string;
  expiresAt: string;
}

export type StoredCopy = CopyDraft;

export interface CopyFilter {
  /** Only copies still within their retention at this instant. */
  now: Date;
  provider?: string;
  dataset?: string;
  purpose?: string;
  recordIds?: readonly string[];
  /** Order is by (provider, dataset, recordId); continue after this copy. */
  after?: { provider: string; dataset: string; recordId: string };
  limit?: number;
}

/** Expired copies claimed by one sweep and sharing one audit entry. */
export interface ClaimedCopyGroup {
  /** The requestId of the group's audit entry. */
  deletionId: string;
  provider: string;
  dataset: string;
  purpose: string;
  policyId: string;
  policyVersion: number;
  retention: string;
  count: number;
  /** The first `idLimit` record ids, in order. */
  recordIds: string[];
}

export interface CopyStorage {
  /** Keep copies; a copy of the same (provider, dataset, record) replaces the earlier one with its new terms. */
  put(copies: readonly CopyDraft[]): Promise<number>;
  /** Copies within their retention at `filter.now`, never an expired or claimed one. */
  read(filter: CopyFilter): Promise<StoredCopy[]>;
  /**
   * Claim every unclaimed copy expired at `now`: copies of one (provider, dataset, purpose, policy id, policy
   * version) get one deletion id, `${prefix}-${n}`. Returns how many copies were claimed.
   */
  claimExpired(now: Date, deletionIdPrefix: string): Promise<number>;
  /** Claimed copies, grouped by deletion id (claims of earlier sweeps that did not finish included). */
  claimedGroups(idLimit: number): Promise<ClaimedCopyGroup[]>;
  /** Delete the copies claimed under one deletion id; returns how many went. */
  deleteClaimed(deletionId: string): Promise<number>;
}

const utc = (column: string, as = column) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ${as}`;

interface CopyRow {
  provider: string;
  dataset: string;
  record_id: string;
  record: unknown;
  purpose: string;
  policy_id: string;
  policy_version: number | string;
  retention: string;
  retention_seconds: number | string;
  onward_sharing: boolean;
  request_id: string | null;
  received_at: string;
  expires_at: string;
}

const COPY_COLUMNS = `provider, dataset, record_id, record, purpose, policy_id, policy_version, retention, retention_seconds,
  onward_sharing, request_id, ${utc('received_at')}, ${utc('expires_at')}`;

function toCopy(r: CopyRow): StoredCopy {
  return {
    provider: r.provider,
    dataset: r.dataset,
    recordId: r.record_id,
    record: r.record,
    purpose: r.purpose,
    policyId: r.policy_id,
    policyVersion: Number(r.policy_version),
    retention: r.retention,
    retentionSeconds: Number(r.retention_seconds),
    onwardSharing: r.onward_sharing,
    ...(r.request_id === null ? {} : { requestId: r.request_id }),
    receivedAt: r.received_at,
    expiresAt: r.expires_at,
  };
}

/** Rows per statement: one JSON parameter each, so only memory bounds it. */
const PUT_CHUNK = 2000;

const PUT = `
  insert into copies (provider, dataset, record_id, record, purpose, policy_id, policy_version, retention,
    retention_seconds, onward_sharing, request_id, received_at, expires_at, deletion_id)
  select provider, dataset, record_id, record, purpose, policy_id, policy_version, retention,
    retention_seconds, onward_sharing, request_id, received_at, expires_at, null
  from jsonb_to_recordset($1::jsonb) as c(provider text, dataset text, record_id text, record jsonb, purpose text,
    policy_id text, policy_version integer, retention text, retention_seconds bigint, onward_sharing boolean,
    request_id text, received_at timestamptz, expires_at timestamptz)
  on conflict (provider, dataset, record_id) do update set
    record = excluded.record, purpose = excluded.purpose, policy_id = excluded.policy_id,
    policy_version = excluded.policy_version, retention = excluded.retention,
    retention_seconds = excluded.retention_seconds, onward_sharing = excluded.onward_sharing,
    request_id = excluded.request_id, received_at = excluded.received_at, expires_at = excluded.expires_at,
    deletion_id = null`;

const CLAIM = `
  with groups as (
    select provider, dataset, purpose, policy_id, policy_version,
      $2 || '-' || row_number() over (order by provider, dataset, purpose, policy_id, policy_version) as deletion_id
    from copies
    where deletion_id is null and expires_at <= $1::timestamptz
    group by provider, dataset, purpose, policy_id, policy_version
  )
  update copies c set deletion_id = g.deletion_id
  from groups g
  where c.deletion_id is null and c.expires_at <= $1::timestamptz
    and c.provider = g.provider and c.dataset = g.dataset and c.purpose = g.purpose
    and c.policy_id = g.policy_id and c.policy_version = g.policy_version`;

const CLAIMED_GROUPS = `
  select deletion_id, provider, dataset, purpose, policy_id, policy_version, min(retention) as retention,
    count(*) as n, (array_agg(record_id order by record_id))[1:$1::integer] as record_ids
  from copies
  where deletion_id is not null
  group by deletion_id, provider, dataset, purpose, policy_id, policy_version
  order by deletion_id`;

/** The copies table on a client (the store's database or an open transaction). */
export function copyStorage(db: SqlClient): CopyStorage {
  return {
    async put(copies) {
      let written = 0;
      for (let i = 0; i < copies.length; i += PUT_CHUNK) {
        const rows = copies.slice(i, i + PUT_CHUNK).map((c) => ({
          provider: c.provider,
          dataset: c.dataset,
          record_id: c.recordId,
          record: c.record,
          purpose: c.purpose,
          policy_id: c.policyId,
          policy_version: c.policyVersion,
          retention: c.retention,
          retention_seconds: c.retentionSeconds,
          onward_sharing: c.onwardSharing,
          request_id: c.requestId ?? null,
          received_at: c.receivedAt,
          expires_at: c.expiresAt,
        }));
        const r = await db.query(PUT, [JSON.stringify(rows)]);
        written += r.affectedRows ?? rows.length;
      }
      return written;
    },

    async read(filter) {
      const params: unknown[] = [filter.now.toISOString()];
      const where = ['deletion_id is null', 'expires_at > $1::timestamptz'];
      const add = (sql: (p: string) => string, value: unknown) => {
        params.push(value);
        where.push(sql(`$${params.length}`));
      };
      if (filter.provider !== undefined) add((p) => `provider = ${p}`, filter.provider);
      if (filter.dataset !== undefined) add((p) => `dataset = ${p}`, filter.dataset);
      if (filter.purpose !== undefined) add((p) => `purpose = ${p}`, filter.purpose);
      if (filter.recordIds !== undefined) add((p) => `record_id = any(${p}::text[])`, [...filter.recordIds]);
      if (filter.after !== undefined) {
        params.push(filter.after.provider, filter.after.dataset, filter.after.recordId);
        const n = params.length;
        where.push(`(provider, dataset, record_id) > ($${n - 2}, $${n - 1}, $${n})`);
      }
      const limit = filter.limit === undefined ? '' : ` limit ${Math.max(0, Math.floor(filter.limit))}`;
      const r = await db.query<CopyRow>(
        `select ${COPY_COLUMNS} from copies where ${where.join(' and ')} order by provider, dataset, record_id${limit}`,
        params,
      );
      return r.rows.map(toCopy);
    },

    async claimExpired(now, deletionIdPrefix) {
      const r = await db.query(CLAIM, [now.toISOString(), deletionIdPrefix]);
      return r.affectedRows ?? 0;
    },

    async claimedGroups(idLimit) {
      const r = await db.query<{
        deletion_id: string;
        provider: string;
        dataset: string;
        purpose: string;
        policy_id: string;
        policy_version: number | string;
        retention: string;
        n: number | string;
        record_ids: string[] | null;
      }>(CLAIMED_GROUPS, [Math.max(0, Math.floor(idLimit))]);
      return r.rows.map((g) => ({
        deletionId: g.deletion_id,
        provider: g.provider,
        dataset: g.dataset,
        purpose: g.purpose,
        policyId: g.policy_id,
        policyVersion: Number(g.policy_version),
        retention: g.retention,
        count: Number(g.n),
        recordIds: g.record_ids ?? [],
      }));
    },

    async deleteClaimed(deletionId) {
      const r = await db.query('delete from copies where deletion_id = $1', [deletionId]);
      return r.affectedRows ?? 0;
    },
  };
}
