// The audit log core: entry schema, hash chain, signed checkpoints, verification, export format and query model.
// Pure; the SQL that stores a log lives in src/store/audit-log-store.ts.
export * from './entry.ts';
export * from './chain.ts';
export * from './checkpoint.ts';
export * from './verify.ts';
export * from './jsonl.ts';
export * from './query.ts';
export * from './log.ts';
export * from './group-commit.ts';
export * from './format.ts';
export * from './anchoring.ts';
