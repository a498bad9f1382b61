/** @module The loop guard's store on SQLite: `loop_guard_holds` and the `messages` log (migration 005). */
import type Database from "better-sqlite3";
import type { Hold, LoopGuardStore } from "../loop-guard.ts";

interface HoldRow {
  user_id: string;
  rule: Hold["rule"];
  detail: string;
  tripped_at: number;
  until: number;
  cleared_at: number | null;
}

const toHold = (r: HoldRow): Hold => ({ userId: r.user_id, rule: r.rule, detail: r.detail, trippedAt: r.tripped_at, until: r.until, clearedAt: r.cleared_at });

export function sqliteLoopGuardStore(db: Database.Database): LoopGuardStore {
  const recent = db.prepare<unknown[], { body: string; created_at: number }>(
    `SELECT body, created_at FROM messages WHERE user_id = ? AND direction = 'out' AND sid IS NOT NULL AND created_at > ?
     ORDER BY created_at DESC, id DESC LIMIT ?`,
  );
  const latest = db.prepare<unknown[], HoldRow>("SELECT * FROM loop_guard_holds WHERE user_id = ?");
  const upsert = db.prepare(
    `INSERT INTO loop_guard_holds (user_id, rule, detail, tripped_at, until, cleared_at) VALUES (@userId, @rule, @detail, @trippedAt, @until, NULL)
     ON CONFLICT (user_id) DO UPDATE SET rule = excluded.rule, detail = excluded.detail, tripped_at = excluded.tripped_at, until = excluded.until, cleared_at = NULL`,
  );
  const clear = db.prepare("UPDATE loop_guard_holds SET cleared_at = @at WHERE user_id = @userId AND cleared_at IS NULL AND until > @at");
  const active = db.prepare<unknown[], HoldRow>("SELECT * FROM loop_guard_holds WHERE cleared_at IS NULL AND until > ? ORDER BY tripped_at DESC");
  return {
    recentOutbound: async (userId, since, limit) => recent.all(userId, since, limit).map((r) => ({ body: r.body, at: r.created_at })),
    latest: async (userId) => {
      const row = latest.get(userId);
      return row ? toHold(row) : null;
    },
    hold: async (hold) => void upsert.run(hold),
    clear: async (userId, at) => clear.run({ userId, at }).changes === 1,
    active: async (now) => active.all(now).map(toHold),
  };
}
