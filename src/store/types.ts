// The storage interface every backend implements with the same migrations and behaviour.
// Nothing above src/store builds SQL: callers speak in records, queries and outcomes.
import type { MaintenanceOutcome } from './maintenance.ts';
import type { StoreProblem } from './errors.ts';
import type { AnyRecord, AnyRecordDraft, AreaCode, AreaGeometry, BBox, RecordOf, RecordType } from '../model/index.ts';
import type {
  AuditFilter,
  AuditPageOutcome,
  AuditPublicKey,
  AuditSummaryOutcome,
  AuditVerification,
  VerifyAuditOptions,
} from '../audit/index.ts';
import type { OpenAuditLogOptions, OpenAuditLogOutcome } from './audit-log-store.ts';
import type { CopyStorage } from './copy-store.ts';
import type { OutboxOperations, OutboxStorage } from './outbox-store.ts';
import type { DeclarationRequestOperations, DeclarationRequestStorage } from './declaration-request-store.ts';
import type { SubscriptionStorage } from './subscription-store.ts';
import type { DeclarationStorage } from './declaration-store.ts';
import type { ReplayNonceStorage } from './replay-nonce-store.ts';
import type { AnchorStorage } from './anchor-store.ts';
import type { AuditAnchorStorage } from './audit-anchor-store.ts';
import type { ApplicationSql, ApplicationStorage } from './application-store.ts';

export type BackendKind = 'pglite' | 'postgres';

/** What happened to one draft in an upsert. `unchanged` means its payload equals the current version's. */
export type UpsertOutcome =
  | { kind: 'created'; type: RecordType; id: string; version: 1 }
  | { kind: 'updated'; type: RecordType; id: string; version: number; previousVersion: number }
  | { kind: 'unchanged'; type: RecordType; id: string; version: number };

export interface RecordQuery<T extends RecordType = RecordType> {
  type: T;
  ids?: readonly string[];
  /** Records whose areaCode equals, or lies within, one of these codes (prefecture codes include municipalities). */
  areas?: readonly AreaCode[];
  /** Records whose location lies inside this box (edges included). */
  bbox?: BBox;
  /** Records whose location lies inside this polygon or multipolygon (holes excluded). */
  within?: AreaGeometry;
  sourceNode?: string;
  /** Stable order is by id; `after` continues from a previous page's last id. */
  after?: string;
  limit?: number;
}

/**
 * Records counted per group in the database, for aggregate answers: the groups are the values at `groupBy` (dotted paths
 * into `data`), each record counted once under every combination of its values (a list gives each distinct value; a
 * value that is not a string or a yes/no groups as null), with the numbers at `sum` totalled. Only records passing
 * every filter are counted.
 */
export interface RecordGroupQuery extends RecordDuties {
  type: RecordType;
  groupBy: readonly string[];
  sum: readonly string[];
  sourceNode?: string;
}

/** The filters an allowed read's duties put on records, applied by the database as the policy layer applies them. */
export interface RecordDuties {
  /** Only records whose string at `field` lies within one of `codes` (as the model's `areaContains`). */
  areas?: { field: string; codes: readonly string[] };
  /** Only records whose value at each `field` is exactly `value` (consent given, the requester's own records). */
  equal?: readonly { field: string; value: string | boolean }[];
  /** Only records whose quality level is one of these. */
  qualityLevels?: readonly string[];
}

/** What an allowed read releases of each record: the records its duties let through, with only the granted fields. */
export interface RecordRelease extends RecordDuties {
  /** Granted dotted paths into `data`; a path grants everything under it ('care' grants 'care.needs'). */
  granted: readonly string[];
}

/**
 * A page as a read releases it. `page`: the released records as one JSON array text, in id order, each in the record
 * envelope with its data reduced to the granted paths; `ids` the released ids in that order; `next` the cursor of the
 * next page (the last id read, released or not), absent on the last page. `nested-arrays`: a released record holds,
 * under a partial grant, an array directly inside an array, which the database does not mask; nothing was released.
 */
export type ReleasedPage = { kind: 'page'; json: string; ids: string[]; next?: string } | { kind: 'nested-arrays' };

/** One group: its value per `groupBy` field, how many records it holds and the totals of the `sum` fields. */
export interface RecordGroup {
  values: (string | boolean | null)[];
  count: number;
  sums: Record<string, number>;
}

/** The distinct area strings at `field` among the records of a type (to decide an aggregate before counting). */
export interface RecordAreasQuery {
  type: RecordType;
  field: string;
  sourceNode?: string;
}

export interface StoreInfo {
  backend: BackendKind;
  /** Whether spatial predicates run on PostGIS (true) or on PostgreSQL's built-in geometric types (false). */
  postgis: boolean;
  schemaVersion: number;
}

/** Operations available inside a transaction and on the store itself. */
export interface RecordOperations {
  /**
   * Write drafts as new versions. A draft equal in payload (data and quality) to the current version is
   * `unchanged` and writes nothing; otherwise the previous version stays in history.
   */
  upsert(drafts: readonly AnyRecordDraft[]): Promise<UpsertOutcome[]>;
  get<T extends RecordType>(type: T, id: string): Promise<RecordOf<T> | undefined>;
  getMany<T extends RecordType>(type: T, ids: readonly string[]): Promise<Map<string, RecordOf<T>>>;
  /** Every version of a record, oldest first. */
  history<T extends RecordType>(type: T, id: string): Promise<RecordOf<T>[]>;
  query<T extends RecordType>(q: RecordQuery<T>): Promise<RecordOf<T>[]>;
  /**
   * The ids of the records `query(q)` returns, in the same (id) order and with the same `after`/`limit` paging:
   * "who is inside" without reading the records themselves, which are then read page by page (`getMany`, or
   * `query` with `ids`). Answered from the spatial index when the filters allow it (migrations/0008).
   */
  ids(q: RecordQuery): Promise<string[]>;
  /**
   * A page of `query(q)` (`q.limit` records, default and at most 1000) as `release` lets it out, written by the
   * database: the caller sends the text as it is. See ReleasedPage.
   */
  releasePage(q: RecordQuery, release: RecordRelease): Promise<ReleasedPage>;
  /** How many records `query(q)` would return without `after` and `limit`. */
  count(q: RecordQuery): Promise<number>;
  /** Records counted per group by the database: no record leaves it (see RecordGroupQuery); groups in no order. */
  groups(q: RecordGroupQuery): Promise<RecordGroup[]>;
  /** The distinct area strings of a type's records, in the order of their first record by id; no record is read out. */
  areas(q: RecordAreasQuery): Promise<string[]>;
}

/** The node's audit log in the same database as its records. */
export interface AuditStorage {
  /** Open for appending (one writer per node); signs a tail a previous run left unsigned. */
  open(options: OpenAuditLogOptions): Promise<OpenAuditLogOutcome>;
  verify(
    publicKeys: readonly AuditPublicKey[],
    options?: Omit<VerifyAuditOptions, 'publicKeys' | 'expectedHead'> & { pageSize?: number },
  ): Promise<AuditVerification>;
  query(filter: AuditFilter): Promise<AuditPageOutcome>;
  summarize(filter?: AuditFilter): Promise<AuditSummaryOutcome>;
  /** JSON Lines text chunks, for verification elsewhere. */
  export(): AsyncGenerator<string>;
}

/** What a transaction can do: record writes and outbox writes that commit (or roll back) together. */
export interface TransactionOperations extends RecordOperations {
  readonly outbox: OutboxOperations;
  /** Statements on an application's own tables in this transaction (a delivery an application applies with its records). */
  readonly applicationSql: ApplicationSql;
  /** Declaration requests, kept with the outbox message that carries them or their answer. */
  readonly declarationRequests: DeclarationRequestOperations;
  /** Other nodes' audit checkpoints, kept with the receipt of the delivery that brought them. */
  readonly auditAnchors: Pick<AuditAnchorStorage, 'keep'>;
}

export interface Store extends RecordOperations {
  readonly info: StoreInfo;
  /** Why the store can answer nothing more (its embedded database's thread ended); undefined while it works. */
  unavailable?(): StoreProblem | undefined;
  readonly audit: AuditStorage;
  /** Copies of records received from other nodes, kept under their providers' policies (src/federation/copies.ts). */
  readonly copies: CopyStorage;
  /** Writes meant for other nodes, kept until delivered (see src/federation/outbox.ts). */
  readonly outbox: OutboxStorage;
  /** Other nodes' subscriptions to this node's changes; every record write queues their notifications (src/node/subscription-dispatch.ts). */
  readonly subscriptions: SubscriptionStorage;
  /** Signed declarations this node accepted, kept as received to be verified again at start (src/node/declaration-book.ts). */
  readonly declarations: DeclarationStorage;
  /** Requests for a disaster declaration sent to or received from other participants (src/node/declaration-requests). */
  readonly declarationRequests: DeclarationRequestStorage;
  /** Nonces of accepted signed requests, so a restart does not reopen the replay window (src/node/request-verification/durable-replay-guard.ts). */
  readonly replayNonces: ReplayNonceStorage;
  /** A trust anchor's published list versions and received join requests (src/cli/trust-command.ts). */
  readonly anchor: AnchorStorage;
  /** Other nodes' audit checkpoints this node keeps for them, and the conflicting ones it refused (src/node/audit-anchoring). */
  readonly auditAnchors: AuditAnchorStorage;
  /** Applications' own tables and migrations (src/node/application); the store knows no application by name. */
  readonly applications: ApplicationStorage;
  /**
   * Table upkeep the backend does not do itself: on PGlite, vacuum and analyse the record and audit tables after large
   * loads (index-only answers need it); on PostgreSQL nothing, autovacuum does it. Blocks PGlite while it runs.
   */
  maintain(): Promise<MaintenanceOutcome>;
  /** Run `fn` atomically: if it throws, nothing it wrote is kept. */
  transaction<R>(fn: (tx: TransactionOperations) => Promise<R>): Promise<R>;
  close(): Promise<void>;
}

export type { AnyRecord };
