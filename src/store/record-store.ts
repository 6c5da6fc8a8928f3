// The Store over any SqlClient: versioned upserts in batches, reads of current and past versions, queries.
// Both backends run exactly this code; only the spatial engine (PostGIS or built-in types) differs.
import { exportAuditLog, openAuditLog, queryAudit, summarizeAudit, verifyAuditLogInStore } from './audit-log-store.ts';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../trust/canonical-json.ts';
import { isRecordType, recordRuleProblems, type AnyRecordDraft, type LineageStep, type Quality, type RecordOf, type RecordType } from '../model/index.ts';
import { copyStorage } from './copy-store.ts';
import { StoreError } from './errors.ts';
import { outboxOperations, outboxStorage } from './outbox-store.ts';
import { declarationRequestOperations, declarationRequestStorage } from './declaration-request-store.ts';
import { invalid, Params, recordLimit, recordWhere, type SpatialEngine, type WhereClause } from './record-filter.ts';
import { releaseStatement, type ReleaseRow } from './record-release.ts';
import { groupRecords, recordAreas } from './record-groups.ts';
import { queueNotifications, subscriptionStorage } from './subscription-store.ts';
import { declarationStorage } from './declaration-store.ts';
import { replayNonceStorage } from './replay-nonce-store.ts';
import { anchorStorage } from './anchor-store.ts';
import { auditAnchorStorage } from './audit-anchor-store.ts';
import { applicationStorage, sqlOf } from './application-store.ts';
import { maintainTables } from './maintenance.ts';
import type { SqlClient, SqlDatabase } from './sql-client.ts';
import type { RecordOperations, RecordQuery, Store, StoreInfo, UpsertOutcome } from './types.ts';

/** Drafts written per statement: large enough to amortise round trips, small enough to keep statements modest. */
const UPSERT_CHUNK = 2000;
/** Attempts for a top-level upsert that collides with a concurrent writer creating the same record. */
const UPSERT_ATTEMPTS = 5;

// Timestamps leave the database as text in one fixed UTC format, so neither driver's type parsing is involved.
const utc = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as ${column}`;
const RECORD_COLUMNS = `type, id, version, source_node, ${utc('observed_at')}, ${utc('recorded_at')}, quality, lineage, data`;

interface RecordRow {
  type: string;
  id: string;
  version: number;
  source_node: string;
  observed_at: string;
  recorded_at: string;
  quality: Quality;
  lineage: LineageStep[];
  data: unknown;
}

/**
 * A page of records as one JSON text in one row, its objects in the key order `toRecord` writes: the drivers decode
 * one string instead of nine columns of each of up to a thousand rows (PGlite copies and decodes every field, then
 * parses three jsonb columns one by one), and one `JSON.parse` reads it all. `r` is the page's rows in a subquery.
 */
const PAGE_AS_JSON = `select json_agg(json_build_object('id', r.id, 'type', r.type, 'version', r.version, 'sourceNode', r.source_node, ` +
  `'observedAt', r.observed_at, 'recordedAt', r.recorded_at, 'quality', r.quality, 'lineage', r.lineage, 'data', r.data) order by r.id)::text as page`;

/** The most records one released page holds: the audit entry of a read lists up to this many ids. */
const MAX_RELEASED_PAGE = 1000;

/** Parameters numbered on from those of a WHERE clause. */
function paramsAfter(where: WhereClause): Params {
  const p = new Params();
  p.values.push(...where.params);
  return p;
}

/**
 * The rows of one page of `q` (at most `limit`, by id) with `columns`, as a subquery. For a spatial query the ids are
 * chosen from the covering point index first and just those rows read, rather than reading every record inside the
 * area to sort them and keep the first `limit`.
 */
function pageRows(q: RecordQuery, where: WhereClause, limit: number, columns: string, p: Params): string {
  if (q.within !== undefined || q.bbox !== undefined) {
    return `(select ${columns} from records where type = ${p.add(q.type)} and id in (select id from records where ${where.sql} order by id limit ${limit}))`;
  }
  return `(select ${columns} from records where ${where.sql} order by id limit ${limit})`;
}

/** The records of a page read with PAGE_AS_JSON (none when the aggregate over no rows is null). */
function recordsOfPage<T extends RecordType>(page: string | null | undefined): RecordOf<T>[] {
  if (page === null || page === undefined) return [];
  const records = JSON.parse(page) as RecordOf<T>[];
  for (const r of records) {
    r.observedAt = isoTime(r.observedAt);
    r.recordedAt = isoTime(r.recordedAt);
  }
  return records;
}

/** `…00.123000Z` → `…00.123Z` (as Date#toISOString writes it); microseconds are kept when there are any. */
function isoTime(s: string): string {
  return s.replace(/\.(\d{3})000Z$/, '.$1Z');
}

function toRecord<T extends RecordType>(row: RecordRow): RecordOf<T> {
  return {
    id: row.id,
    type: row.type as T,
    version: Number(row.version),
    sourceNode: row.source_node,
    observedAt: isoTime(row.observed_at),
    recordedAt: isoTime(row.recorded_at),
    quality: row.quality,
    lineage: row.lineage,
    data: row.data as RecordOf<T>['data'],
  };
}

/**
 * SHA-256 (hex) of the RFC 8785 canonical JSON of a payload's data and quality: what decides `unchanged`.
 * Key order and number formatting therefore never make an equal payload look changed.
 */
export function payloadHash(draft: Pick<AnyRecordDraft, 'data' | 'quality'>): string {
  return createHash('sha256').update(canonicalJson({ data: draft.data, quality: draft.quality })).digest('hex');
}

/** A draft's payload hash and the canonical texts of its data and quality, which the write reuses as its JSON. */
interface CheckedPayload {
  hash: string;
  data?: string;
  quality?: string;
}

/**
 * `payloadHash` without serialising the payload twice: the canonical text of `{data, quality}` is exactly
 * `{"data":<canonical data>,"quality":<canonical quality>}` (keys sorted, "data" < "quality"), so the two parts are
 * serialised once, hashed together, and written into the row as they are (jsonb ignores key order).
 */
function checkedPayload(draft: Pick<AnyRecordDraft, 'data' | 'quality'>): CheckedPayload {
  if (draft.data === undefined || draft.quality === undefined) return { hash: payloadHash(draft) };
  const data = canonicalJson(draft.data);
  const quality = canonicalJson(draft.quality);
  const hash = createHash('sha256').update(`{"data":${data},"quality":${quality}}`).digest('hex');
  return { hash, data, quality };
}

function recordInvalid(draft: AnyRecordDraft, detail: string): StoreError {
  return new StoreError({ code: 'STORE_RECORD_INVALID', params: { type: String(draft.type), id: String(draft.id), detail } });
}

/** The [lon, lat] of `data.location` when it is a GeoJSON Point with finite coordinates. */
function locationOf(data: unknown): [number, number] | undefined {
  const location = (data as { location?: unknown }).location;
  if (typeof location !== 'object' || location === null) return undefined;
  const { type, coordinates } = location as { type?: unknown; coordinates?: unknown };
  if (type !== 'Point' || !Array.isArray(coordinates)) return undefined;
  const [lon, lat] = coordinates as unknown[];
  return typeof lon === 'number' && typeof lat === 'number' && Number.isFinite(lon) && Number.isFinite(lat) ? [lon, lat] : undefined;
}

function areaCodeOf(data: unknown): string | null {
  const code = (data as { areaCode?: unknown }).areaCode;
  return typeof code === 'string' ? code : null;
}

interface Current {
  version: number;
  hash: string;
}

const keyOf = (type: string, id: string) => `${type}\u0000${id}`;

function checkDraft(draft: AnyRecordDraft): CheckedPayload {
  if (!isRecordType(draft.type)) throw new StoreError({ code: 'STORE_RECORD_TYPE_UNKNOWN', params: { type: String(draft.type) } });
  if (typeof draft.id !== 'string' || draft.id === '') throw recordInvalid(draft, 'the id is empty');
  if (typeof draft.observedAt !== 'string' || Number.isNaN(Date.parse(draft.observedAt))) {
    throw recordInvalid(draft, 'observedAt is not a date-time');
  }
  // Rules the schema cannot express (stock reserved above quantity) hold on every write path, not only where a
  // caller remembered to check them.
  if (typeof draft.data === 'object' && draft.data !== null) {
    const broken = recordRuleProblems(draft);
    if (broken.length > 0) throw recordInvalid(draft, broken.map((p) => `${p.path}: ${p.message}`).join('; '));
  }
  try {
    return checkedPayload(draft);
  } catch (e) {
    throw recordInvalid(draft, e instanceof Error ? e.message : String(e));
  }
}

const LOCK_CURRENT = `
  select r.type, r.id, r.version, r.payload_hash from records r
  join jsonb_to_recordset($1::jsonb) as k(type text, id text) on r.type = k.type and r.id = k.id
  order by r.type, r.id
  for update of r`;

const WRITE_VERSIONS = `
  with batch as materialized (
    select * from jsonb_to_recordset($1::jsonb) as b(
      type text, id text, version integer, source_node text, observed_at timestamptz, recorded_at timestamptz,
      quality jsonb, lineage jsonb, data jsonb, payload_hash text,
      area_code text, lon double precision, lat double precision, last boolean)
  ), versions as (
    insert into record_versions (type, id, version, source_node, observed_at, recorded_at, quality, lineage, data, payload_hash)
    select type, id, version, source_node, observed_at, recorded_at, quality, lineage, data, payload_hash from batch
  )
  insert into records (type, id, version, source_node, observed_at, recorded_at, quality, lineage, data, payload_hash, area_code, lon, lat)
  select type, id, version, source_node, observed_at, recorded_at, quality, lineage, data, payload_hash, area_code, lon, lat
  from batch where last
  on conflict (type, id) do update set
    version = excluded.version, source_node = excluded.source_node, observed_at = excluded.observed_at,
    recorded_at = excluded.recorded_at, quality = excluded.quality, lineage = excluded.lineage, data = excluded.data,
    payload_hash = excluded.payload_hash, area_code = excluded.area_code, lon = excluded.lon, lat = excluded.lat`;

/** Upsert inside an open transaction: one lookup and one write statement per chunk of drafts. */
async function upsertIn(tx: SqlClient, drafts: readonly AnyRecordDraft[], engine: SpatialEngine): Promise<UpsertOutcome[]> {
  const recordedAt = new Date().toISOString();
  const outcomes: UpsertOutcome[] = [];
  // Latest state of every key seen in this call (null: no record yet), so repeated ids compare with their predecessor.
  const state = new Map<string, Current | null>();

  for (let start = 0; start < drafts.length; start += UPSERT_CHUNK) {
    const chunk = drafts.slice(start, start + UPSERT_CHUNK);
    const checked = chunk.map(checkDraft);

    const unseen = new Map<string, { type: string; id: string }>();
    for (const d of chunk) {
      const key = keyOf(d.type, d.id);
      if (!state.has(key)) unseen.set(key, { type: d.type, id: d.id });
    }
    if (unseen.size > 0) {
      const found = await tx.query<{ type: string; id: string; version: number; payload_hash: string }>(LOCK_CURRENT, [
        JSON.stringify([...unseen.values()]),
      ]);
      for (const key of unseen.keys()) state.set(key, null);
      for (const r of found.rows) state.set(keyOf(r.type, r.id), { version: Number(r.version), hash: r.payload_hash });
    }

    // Each row's JSON without its closing brace; the `last` flag is appended once every row of the chunk is known.
    const rows: string[] = [];
    const rowKeys: string[] = [];
    chunk.forEach((d, i) => {
      const key = keyOf(d.type, d.id);
      const payload = checked[i]!;
      const hash = payload.hash;
      const current = state.get(key) ?? null;
      if (current !== null && current.hash === hash) {
        outcomes.push({ kind: 'unchanged', type: d.type, id: d.id, version: current.version });
        return;
      }
      const version = current === null ? 1 : current.version + 1;
      outcomes.push(
        current === null
          ? { kind: 'created', type: d.type, id: d.id, version: 1 }
          : { kind: 'updated', type: d.type, id: d.id, version, previousVersion: current.version },
      );
      state.set(key, { version, hash });
      const location = locationOf(d.data);
      const envelope = JSON.stringify({
        type: d.type,
        id: d.id,
        version,
        source_node: d.sourceNode,
        observed_at: d.observedAt,
        recorded_at: recordedAt,
        ...(payload.data === undefined ? { quality: d.quality, data: d.data } : {}),
        lineage: d.lineage,
        payload_hash: hash,
        area_code: areaCodeOf(d.data),
        lon: location?.[0] ?? null,
        lat: location?.[1] ?? null,
      });
      const row = payload.data === undefined ? envelope.slice(0, -1) : `${envelope.slice(0, -1)},"data":${payload.data},"quality":${payload.quality}`;
      // jsonb cannot hold U+0000; say which record carries it rather than failing the whole batch obscurely.
      if (row.includes('\\u0000')) throw recordInvalid(d, 'text contains a NUL character (U+0000)');
      rows.push(row);
      rowKeys.push(key);
    });
    if (rows.length === 0) continue;

    // Only the last write of a key in this chunk becomes its current row; every write becomes a version.
    const lastAt = new Map<string, number>();
    rowKeys.forEach((key, i) => lastAt.set(key, i));
    const batch = `[${rows.map((row, i) => `${row},"last":${lastAt.get(rowKeys[i]!) === i}}`).join(',')}]`;
    await tx.query(WRITE_VERSIONS, [batch]);
  }
  // Subscribers learn of a change only if it commits, and it cannot commit without their notifications queued.
  const finalVersions = new Map<string, { type: RecordType; id: string; version: number }>();
  for (const o of outcomes) if (o.kind !== 'unchanged') finalVersions.set(keyOf(o.type, o.id), { type: o.type, id: o.id, version: o.version });
  await queueNotifications(tx, engine, [...finalVersions.values()]);
  return outcomes;
}

/** A collision with a concurrent writer (same new record, or row locks taken in opposite orders): safe to retry. */
function isWriteConflict(e: unknown): boolean {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return code === '23505' || code === '40P01';
}

/** Record operations on a client; `inTransaction` says whether the client is already inside one. */
export function recordOperations(db: SqlClient, engine: SpatialEngine, inTransaction: boolean): RecordOperations {
  return {
    async upsert(drafts) {
      if (drafts.length === 0) return [];
      if (inTransaction) return upsertIn(db, drafts, engine);
      for (let attempt = 1; ; attempt++) {
        try {
          return await db.transaction((tx) => upsertIn(tx, drafts, engine));
        } catch (e) {
          // The loser of a race retries and then sees the winner's version as the current one.
          if (!isWriteConflict(e) || attempt >= UPSERT_ATTEMPTS) throw e;
        }
      }
    },

    async get<T extends RecordType>(type: T, id: string) {
      const r = await db.query<RecordRow>(`select ${RECORD_COLUMNS} from records where type = $1 and id = $2`, [type, id]);
      return r.rows[0] === undefined ? undefined : toRecord<T>(r.rows[0]);
    },

    async getMany<T extends RecordType>(type: T, ids: readonly string[]) {
      const found = new Map<string, RecordOf<T>>();
      if (ids.length === 0) return found;
      const r = await db.query<RecordRow>(`select ${RECORD_COLUMNS} from records where type = $1 and id = any($2::text[])`, [
        type,
        [...new Set(ids)],
      ]);
      for (const row of r.rows) found.set(row.id, toRecord<T>(row));
      return found;
    },

    async history<T extends RecordType>(type: T, id: string) {
      const r = await db.query<RecordRow>(
        `select ${RECORD_COLUMNS} from record_versions where type = $1 and id = $2 order by version`,
        [type, id],
      );
      return r.rows.map((row) => toRecord<T>(row));
    },

    async query<T extends RecordType>(q: RecordQuery<T>) {
      const where = recordWhere(q, engine, true);
      const limit = recordLimit(q);
      if (limit === 0) return [];
      if (limit !== undefined) {
        // A page (bounded, so its one text stays a page's size).
        const p = paramsAfter(where);
        const r = await db.query<{ page: string | null }>(`${PAGE_AS_JSON} from ${pageRows(q, where, limit, RECORD_COLUMNS, p)} r`, p.values);
        return recordsOfPage<T>(r.rows[0]?.page);
      }
      const r = await db.query<RecordRow>(`select ${RECORD_COLUMNS} from records where ${where.sql} order by id`, where.params);
      return r.rows.map((row) => toRecord<T>(row));
    },

    async releasePage(q, release) {
      const pageSize = recordLimit(q) ?? MAX_RELEASED_PAGE;
      if (pageSize < 1 || pageSize > MAX_RELEASED_PAGE) throw invalid('limit', `a released page holds 1 to ${MAX_RELEASED_PAGE} records`);
      const where = recordWhere(q, engine, true);
      const p = paramsAfter(where);
      // One more row than the page, to know whether another page follows.
      const sql = releaseStatement(pageRows(q, where, pageSize + 1, '*', p), pageSize, release, p);
      // As for aggregates: the planner cannot cost the per-record subqueries, and PostgreSQL's JIT would then spend
      // more time compiling than the page takes.
      const run = (client: SqlClient) => client.query<ReleaseRow>(sql, p.values);
      const r = inTransaction ? await run(db) : await db.transaction(async (tx) => (await tx.query('set local jit = off'), run(tx)));
      const row = r.rows[0];
      if (row?.nested === true) return { kind: 'nested-arrays' };
      const more = Number(row?.read ?? 0) > pageSize && typeof row?.last === 'string';
      return {
        kind: 'page',
        json: row?.page ?? '[]',
        ids: typeof row?.ids === 'string' ? (JSON.parse(row.ids) as string[]) : [],
        ...(more ? { next: row!.last! } : {}),
      };
    },

    async ids(q: RecordQuery) {
      const where = recordWhere(q, engine, true);
      const limit = recordLimit(q);
      if (limit === 0) return [];
      // One text in one row: 100,000 ids cost the drivers one string instead of 100,000 row objects, and a split is
      // cheaper than a JSON parse (≈ 30 ms less at 100,000 ids). Ids never contain a line break where the model
      // checked them; the count proves it for this answer, and any other answer is read again as a JSON array.
      const page = limit === undefined ? '' : ` order by id limit ${limit}`;
      const hits = `from (select id from records where ${where.sql}${page}) hits`;
      const r = await db.query<{ ids: string | null; n: number | string }>(`select string_agg(id, E'\\n' order by id) as ids, count(*) as n ${hits}`, where.params);
      const row = r.rows[0];
      if (!row || row.ids === null) return [];
      const ids = row.ids.split('\n');
      if (ids.length === Number(row.n)) return ids;
      const again = await db.query<{ ids: string[] | null }>(`select json_agg(id order by id) as ids ${hits}`, where.params);
      return again.rows[0]?.ids ?? [];
    },

    async count(q: RecordQuery) {
      const where = recordWhere(q, engine, false);
      const r = await db.query<{ n: number | string }>(`select count(*) as n from records where ${where.sql}`, where.params);
      return Number(r.rows[0]?.n ?? 0);
    },

    groups: (q) => groupRecords(db, q),
    areas: (q) => recordAreas(db, q),
  };
}

/** A Store over an open database whose schema is current. */
export function recordStore(db: SqlDatabase, info: StoreInfo): Store {
  const engine: SpatialEngine = info.postgis ? 'postgis' : 'builtin';
  return {
    info,
    unavailable: () => db.unavailable?.(),
    ...recordOperations(db, engine, false),
    audit: {
      open: (options) => openAuditLog(db, options),
      verify: (publicKeys, options) => verifyAuditLogInStore(db, publicKeys, options),
      query: (filter) => queryAudit(db, filter),
      summarize: (filter) => summarizeAudit(db, filter),
      export: () => exportAuditLog(db),
    },
    copies: copyStorage(db),
    outbox: outboxStorage(db),
    subscriptions: subscriptionStorage(db),
    declarations: declarationStorage(db),
    declarationRequests: declarationRequestStorage(db),
    replayNonces: replayNonceStorage(db),
    anchor: anchorStorage(db),
    auditAnchors: auditAnchorStorage(db),
    applications: applicationStorage(db, (client) => ({ get: (type, id) => recordOperations(client, engine, true).get(type, id) })),
    transaction: (fn) => db.transaction((tx) => fn({ ...recordOperations(tx, engine, true), outbox: outboxOperations(tx), applicationSql: sqlOf(tx), declarationRequests: declarationRequestOperations(tx), auditAnchors: auditAnchorStorage(tx) })),
    maintain: () => maintainTables(db, db.backend),
    close: () => db.close(),
  };
}
