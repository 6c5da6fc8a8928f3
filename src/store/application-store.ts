// What an application gets of the node's database (src/node/application): its own tables, created by its own
// migrations and reached through parameterised SQL, and the outbox inside the same transaction. The store's own
// tables stay behind the store's interfaces; an application names only tables it created (prefixed with its id).
import { migrateApplication, type MigrationReport } from './migrations.ts';
import { outboxOperations, type EnqueueOutcome, type OutboxMessageDraft } from './outbox-store.ts';
import type { SqlClient, SqlDatabase } from './sql-client.ts';
import type { RecordOf } from '../model/index.ts';

export interface ApplicationSql {
  /** One parameterised statement ($1, $2, …) on the application's own tables. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[] }>;
}

/** The node's own records an application may read inside its transaction (e.g. the stock a commitment draws on). */
export interface ApplicationRecordReads {
  get<T extends 'stock' | 'shelter' | 'facility'>(type: T, id: string): Promise<RecordOf<T> | undefined>;
}

/** Inside a transaction: the application's SQL, and messages for peers that commit (or roll back) with it. */
export interface ApplicationTransaction extends ApplicationSql {
  readonly outbox: { enqueue(draft: OutboxMessageDraft): Promise<EnqueueOutcome> };
  /** The node's own records, read in the same transaction. */
  readonly records: ApplicationRecordReads;
}

export interface ApplicationDatabase extends ApplicationSql {
  readonly backend: 'pglite' | 'postgres';
  /** Run `fn` atomically: if it throws, nothing it wrote (rows or outbox messages) is kept. */
  transaction<T>(fn: (tx: ApplicationTransaction) => Promise<T>): Promise<T>;
}

export interface ApplicationStorage {
  /** Apply the application's migrations (its directory of .sql files) that this database has not applied yet. */
  migrate(application: string, migrationsDir: URL): Promise<MigrationReport>;
  /** The application's handle on the database. */
  database(application: string): ApplicationDatabase;
}

/** Parameterised statements on one client (the database's, or an open transaction's). */
export function sqlOf(db: SqlClient): ApplicationSql {
  return { query: async (sql, params) => ({ rows: (await db.query(sql, params)).rows as never[] }) };
}

/** `records` reads the node's own records on a client (the store's record operations on that transaction). */
export function applicationStorage(db: SqlDatabase, records: (client: SqlClient) => ApplicationRecordReads): ApplicationStorage {
  return {
    migrate: (application, migrationsDir) => migrateApplication(db, application, migrationsDir),
    database: () => ({
      backend: db.backend,
      ...sqlOf(db),
      transaction: (fn) => db.transaction((tx) => fn({ ...sqlOf(tx), outbox: { enqueue: (draft) => outboxOperations(tx).enqueue(draft) }, records: records(tx) })),
    }),
  };
}
