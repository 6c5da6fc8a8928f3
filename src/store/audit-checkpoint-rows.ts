// Signed audit checkpoints as stored in audit_checkpoints: the columns to read and the row → checkpoint mapping,
// shared by the streaming reader and the in-database verifier so both read checkpoints alike.
import type { AuditCheckpoint } from '../audit/index.ts';

export const CHECKPOINT_COLUMNS = 'seq, hash, time, node, kid, signature';

export interface CheckpointRow {
  seq: unknown;
  hash: string;
  time: string;
  node: string;
  kid: string;
  signature: string;
}

export function checkpointFromRow(r: CheckpointRow): AuditCheckpoint {
  return { seq: Number(r.seq), hash: r.hash, time: r.time, node: r.node, kid: r.kid, signature: r.signature };
}
