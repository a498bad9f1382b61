/** @module The loop guard's store on PostgreSQL: `loop_guard_holds` and the `messages` log (migration 005), shared by every process. */
import type pg from "pg";
import type { Hold, LoopGuardStore } from "../loop-guard.ts";

interface HoldRow {
  user_id: string;
  rule: Hold["rule"];
  detail: string;
  tripped_at: string;
  until: string;
  cleared_at: string | null;
}

const toHold = (r: HoldRow): Hold => ({
  userId: r.user_id,
  rule: r.rule,
  detail: r.detail,
  trippedAt: Number(r.tripped_at),
  until: Number(r.until),
  clearedAt: r.cleared_at === null ? null : Number(r.cleared_at),
});

export function postgresLoopGuardStore(pool: pg.Pool): LoopGuardStore {
  return {
    async recentOutbound(userId, since, limit) {
      const { rows } = await pool.query<{ body: string; created_at: string }>(
        `SELECT body, created_at FROM messages WHERE user_id = $1 AND direction = 'out' AND sid IS NOT NULL AND created_at > $2
         ORDER BY created_at DESC, id DESC LIMIT $3`,
        [userId, since, limit],
      );
      return rows.map((r) => ({ body: r.body, at: Number(r.created_at) }));
    },
    async latest(userId) {
      const { rows } = await pool.query<HoldRow>("SELECT * FROM loop_guard_holds WHERE user_id = $1", [userId]);
      return rows[0] ? toHold(rows[0]) : null;
    },
    async hold(hold) {
      await pool.query(
        `INSERT INTO loop_guard_holds (user_id, rule, detail, tripped_at, until, cleared_at) VALUES ($1, $2, $3, $4, $5, NULL)
         ON CONFLICT (user_id) DO UPDATE SET rule = excluded.rule, detail = excluded.detail, tripped_at = excluded.tripped_at, until = excluded.until, cleared_at = NULL`,
        [hold.userId, hold.rule, hold.detail, hold.trippedAt, hold.until],
      );
    },
    async clear(userId, at) {
      const result = await pool.query("UPDATE loop_guard_holds SET cleared_at = $2 WHERE user_id = $1 AND cleared_at IS NULL AND until > $2", [userId, at]);
      return result.rowCount === 1;
    },
    async active(now) {
      const { rows } = await pool.query<HoldRow>("SELECT * FROM loop_guard_holds WHERE cleared_at IS NULL AND until > $1 ORDER BY tripped_at DESC", [now]);
      return rows.map(toHold);
    },
  };
}
