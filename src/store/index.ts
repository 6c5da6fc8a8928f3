// The storage layer's public surface: open a store from configuration and speak in records, queries and outcomes.
export type { MaintenanceOutcome } from './maintenance.ts';
export type { BackendKind, RecordAreasQuery, RecordDuties, RecordGroup, RecordGroupQuery, RecordOperations, RecordQuery, RecordRelease, ReleasedPage, Store, StoreInfo, UpsertOutcome } from './types.ts';
export type { PgliteStoreConfig, PostgresStoreConfig, StoreConfig, StoreConfigResult } from './config.ts';
export { checkStoreConfig, DEFAULT_DATA_DIR, MEMORY_DATA_DIR, redactDatabaseUrl, storeConfigFromEnv } from './config.ts';
export { StoreError, type StoreProblem, type StoreProblemCode } from './errors.ts';
export { openStore, type OpenStoreOptions } from './open-store.ts';
export { payloadHash } from './record-store.ts';
export { isGroupablePath } from './record-groups.ts';
