/** @module The inbound queue on PostgreSQL: the `inbound` primary key accepts a MessageSid once; `seq` keeps arrival order across processes. */
import type pg from "pg";
import type { Changes, QueuedInbound, QueuedMessage } from "../types.ts";
import { applyChanges } from "./changes.ts";
import { withTransaction } from "./tx.ts";

const ENQUEUE = `
  INSERT INTO inbound (sid, user_id, state, message, received_at) VALUES ($1, $2, 'queued', $3::jsonb, $4)
  ON CONFLICT (sid) DO NOTHING`;
const USERS = `SELECT user_id FROM inbound WHERE state = 'queued' GROUP BY user_id ORDER BY MIN(seq) LIMIT $1`;
const NEXT = `SELECT seq, message, received_at FROM inbound WHERE user_id = $1 AND state = 'queued' ORDER BY seq LIMIT 1`;
// The row lock this takes is held to COMMIT: a second worker finishing the same sid waits, then matches nothing.
const FINISH = `UPDATE inbound SET state = 'done', done_at = $1, message = NULL WHERE sid = $2 AND state = 'queued'`;
const STATE = `SELECT state FROM inbound WHERE sid = $1`;
// Committed on its own (autocommit) before the run: the count must survive the run it announces.
const START = `UPDATE inbound SET attempts = attempts + 1 WHERE sid = $1 AND state = 'queued' RETURNING attempts`;

export function inboundMethods(pool: pg.Pool) {
  return {
    async enqueueInbound(message: QueuedMessage, receivedAt: number): Promise<boolean> {
      return (await pool.query(ENQUEUE, [message.sid, message.from, JSON.stringify(message), receivedAt])).rowCount === 1;
    },
    async queuedUsers(limit: number): Promise<string[]> {
      return (await pool.query<{ user_id: string }>(USERS, [limit])).rows.map((row) => row.user_id);
    },
    async nextInbound(userId: string): Promise<QueuedInbound | null> {
      const row = (await pool.query<{ seq: number; message: QueuedMessage; received_at: number }>(NEXT, [userId])).rows[0];
      return row ? { seq: row.seq, message: row.message, receivedAt: row.received_at } : null;
    },
    async startInbound(sid: string): Promise<number> {
      return (await pool.query<{ attempts: number }>(START, [sid])).rows[0]?.attempts ?? 0;
    },
    async completeInbound(sid: string, changes: Changes): Promise<boolean> {
      return withTransaction(pool, async (client) => {
        if ((await client.query(FINISH, [changes.at, sid])).rowCount !== 1) return false;
        await applyChanges(client, changes);
        return true;
      });
    },
    async isInboundDone(sid: string): Promise<boolean> {
      const { rows } = await pool.query<{ state: string }>(STATE, [sid]);
      return rows[0]?.state === "done";
    },
  };
}
