// Checkpoints this node keeps for other nodes (tables from migrations/0011-audit-anchoring.sql): each offered
// checkpoint is judged against what is held of its node and kept — as a checkpoint, or as evidence of a fork or a
// rewind — in one transaction. Only storage here: signatures and who may send or read are src/node's job.
import {
  judgeOfferedCheckpoint,
  type AuditCheckpoint,
  type CheckpointConflict,
  type CheckpointJudgement,
  type HeldCheckpoint,
} from '../audit/index.ts';
import type { SqlClient } from './sql-client.ts';

export interface AuditAnchorStorage {
  /**
   * Judge `checkpoint` against what is held of its node and keep it: a new one as held, a fork or a step backwards as
   * a conflict (evidence). Offers for one node are judged one at a time.
   */
  keep(checkpoint: AuditCheckpoint, receivedAt: string): Promise<CheckpointJudgement>;
  /** Checkpoints held of `node`, newest first, at most `limit`. */
  held(node: string, limit: number): Promise<HeldCheckpoint[]>;
  /** Conflicts recorded for `node`, newest first, at most `limit`. */
  conflicts(node: string, limit: number): Promise<CheckpointConflict[]>;
}

interface CheckpointRow {
  node: string;
  seq: number | string;
  hash: string;
  time: string;
  kid: string;
  signature: string;
  received_at: Date | string;
}

const iso = (t: Date | string) => (t instanceof Date ? t : new Date(t)).toISOString();

function checkpointOf(r: CheckpointRow): AuditCheckpoint {
  return { seq: Number(r.seq), hash: r.hash, time: r.time, node: r.node, kid: r.kid, signature: r.signature };
}

const COLUMNS = 'node, seq, hash, time, kid, signature, received_at';

// One advisory lock space per table set, so offers for the same node serialise and cannot both pass as "new".
const KEEP_LOCK_SPACE = 1953723759;

export function auditAnchorStorage(db: SqlClient): AuditAnchorStorage {
  return {
    keep: (cp, receivedAt) =>
      db.transaction(async (tx) => {
        await tx.query('select pg_advisory_xact_lock($1, hashtext($2))', [KEEP_LOCK_SPACE, cp.node]);
        const atSeq = await tx.query<CheckpointRow>(`select ${COLUMNS} from audit_anchor_checkpoints where node = $1 and seq = $2`, [cp.node, cp.seq]);
        const latest = await tx.query<CheckpointRow>(
          `select ${COLUMNS} from audit_anchor_checkpoints where node = $1 order by seq desc limit 1`,
          [cp.node],
        );
        const judgement = judgeOfferedCheckpoint(cp, {
          ...(atSeq.rows[0] ? { atSeq: checkpointOf(atSeq.rows[0]) } : {}),
          ...(latest.rows[0] ? { latest: checkpointOf(latest.rows[0]) } : {}),
        });
        if (judgement.kind === 'new') {
          await tx.query(
            `insert into audit_anchor_checkpoints (${COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7)`,
            [cp.node, cp.seq, cp.hash, cp.time, cp.kid, cp.signature, receivedAt],
          );
        } else if (judgement.kind !== 'duplicate') {
          const held = judgement.kind === 'fork' ? judgement.held : judgement.latest;
          await tx.query(
            'insert into audit_anchor_conflicts (node, kind, offered, held, received_at) values ($1, $2, $3, $4, $5)',
            [cp.node, judgement.kind, JSON.stringify(cp), JSON.stringify(held), receivedAt],
          );
        }
        return judgement;
      }),
    async held(node, limit) {
      const r = await db.query<CheckpointRow>(
        `select ${COLUMNS} from audit_anchor_checkpoints where node = $1 order by seq desc limit $2`,
        [node, limit],
      );
      return r.rows.map((row) => ({ checkpoint: checkpointOf(row), sender: row.node, receivedAt: iso(row.received_at) }));
    },
    async conflicts(node, limit) {
      const r = await db.query<{ node: string; kind: 'fork' | 'backwards'; offered: string; held: string; received_at: Date | string }>(
        'select node, kind, offered, held, received_at from audit_anchor_conflicts where node = $1 order by id desc limit $2',
        [node, limit],
      );
      return r.rows.map((row) => ({
        kind: row.kind,
        offered: JSON.parse(row.offered) as AuditCheckpoint,
        held: JSON.parse(row.held) as AuditCheckpoint,
        receivedAt: iso(row.received_at),
        sender: row.node,
      }));
    },
  };
}
