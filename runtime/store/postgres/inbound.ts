/** @module Inbound idempotency on PostgreSQL: the `inbound` primary key claims a MessageSid once; a lease lets a dead worker's claim be taken over. */
import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { Changes } from "../types.ts";
import { applyChanges } from "./changes.ts";
import { withTransaction } from "./tx.ts";

const CLAIM_NEW = `
  INSERT INTO inbound (sid, user_id, state, token, claimed_at) VALUES ($1, $2, 'processing', $3, $4)
  ON CONFLICT (sid) DO NOTHING`;
// A claim that never committed and outlived its lease belonged to a worker that died: take it over.
// Two takers racing both wait on the row lock; the second re-reads the new claimed_at and matches nothing.
const TAKE_OVER = `
  UPDATE inbound SET token = $1, claimed_at = $2 WHERE sid = $3 AND state = 'processing' AND claimed_at <= $4`;
const FINISH = `UPDATE inbound SET state = 'done', done_at = $1 WHERE sid = $2 AND token = $3 AND state = 'processing'`;
const RELEASE = `DELETE FROM inbound WHERE sid = $1 AND token = $2 AND state = 'processing'`;
const STATE = `SELECT state FROM inbound WHERE sid = $1`;

export function inboundMethods(pool: pg.Pool) {
  return {
    async claimInbound(sid: string, userId: string, now: number, leaseMs: number): Promise<string | null> {
      const token = randomUUID();
      if ((await pool.query(CLAIM_NEW, [sid, userId, token, now])).rowCount === 1) return token;
      return (await pool.query(TAKE_OVER, [token, now, sid, now - leaseMs])).rowCount === 1 ? token : null;
    },
    /** The FINISH update holds the claim's row lock to the end, so a takeover waits and then sees `done`. */
    async commitInbound(sid: string, token: string, changes: Changes): Promise<boolean> {
      return withTransaction(pool, async (client) => {
        if ((await client.query(FINISH, [changes.at, sid, token])).rowCount !== 1) return false;
        await applyChanges(client, changes);
        return true;
      });
    },
    async releaseInbound(sid: string, token: string): Promise<void> {
      await pool.query(RELEASE, [sid, token]);
    },
    async isInboundDone(sid: string): Promise<boolean> {
      const { rows } = await pool.query<{ state: string }>(STATE, [sid]);
      return rows[0]?.state === "done";
    },
  };
}
