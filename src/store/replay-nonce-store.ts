// Nonces of accepted signed requests, kept in the node's database (table from migrations/0007-declarations-replay.sql)
// until the clock-skew check would refuse their requests anyway, so a restarted node still refuses a replay.
import type { SqlClient } from './sql-client.ts';

export interface ReplayNonceStorage {
  /**
   * Remember (requester, nonce) until `expiresAtMs` unless it is already held and unexpired at `nowMs`: one statement,
   * so of two concurrent calls with the same pair at most one answers true. An expired row is taken over.
   */
  remember(requester: string, nonce: string, expiresAtMs: number, nowMs: number): Promise<boolean>;
  /** Delete the nonces expired at `nowMs`; answers how many went. */
  purgeExpired(nowMs: number): Promise<number>;
  /** Nonces held now, expired or not (for tests and operators). */
  count(): Promise<number>;
}

export function replayNonceStorage(db: SqlClient): ReplayNonceStorage {
  return {
    async remember(requester, nonce, expiresAtMs, nowMs) {
      const r = await db.query<{ fresh: number }>(
        `insert into replay_nonces (requester, nonce, expires_at) values ($1, $2, $3)
         on conflict (requester, nonce) do update set expires_at = excluded.expires_at where replay_nonces.expires_at <= $4
         returning 1 as fresh`,
        [requester, nonce, Math.ceil(expiresAtMs), Math.floor(nowMs)],
      );
      return r.rows.length > 0;
    },
    async purgeExpired(nowMs) {
      const r = await db.query<{ n: number | string }>(
        `with gone as (delete from replay_nonces where expires_at <= $1 returning 1) select count(*) as n from gone`,
        [Math.floor(nowMs)],
      );
      return Number(r.rows[0]?.n ?? 0);
    },
    async count() {
      const r = await db.query<{ n: number | string }>('select count(*) as n from replay_nonces');
      return Number(r.rows[0]?.n ?? 0);
    },
  };
}
