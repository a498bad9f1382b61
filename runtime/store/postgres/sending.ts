/** @module What sending by the sender meter needs from PostgreSQL: the meter rows (locked for one short transaction each); giving a claim back and the `expired` state run the shared rules (../core/outbox.ts). */
import type pg from "pg";
import type { MeterState } from "../sender-meter.ts";
import type { MeterStore } from "../sender-meter.ts";
import type { NewLogEntry } from "../types.ts";
import * as core from "../core/outbox.ts";
import { runOn } from "./exec.ts";
import { withTransaction } from "./tx.ts";

// The row is created on first use, then every process serializes on its row lock for the read-compute-write.
const ENSURE = `INSERT INTO sender_meter (key, state, updated_at) VALUES ($1, 'null'::jsonb, 0) ON CONFLICT (key) DO NOTHING`;
const LOCK = `SELECT state FROM sender_meter WHERE key = $1 FOR UPDATE`;
const WRITE = `UPDATE sender_meter SET state = $2::jsonb, updated_at = $3 WHERE key = $1`;
const READ = `SELECT state FROM sender_meter WHERE key = $1`;

export function sendingMethods(pool: pg.Pool) {
  const senderMeter: MeterStore = {
    async update(key, step) {
      return withTransaction(pool, async (client) => {
        let { rows } = await client.query<{ state: MeterState | null }>(LOCK, [key]);
        if (rows.length === 0) {
          // The sender's first message: a concurrent first insert is waited for by ON CONFLICT, then both lock the row.
          await client.query(ENSURE, [key]);
          ({ rows } = await client.query<{ state: MeterState | null }>(LOCK, [key]));
        }
        const { state, result } = step(rows[0]?.state ?? null);
        await client.query(WRITE, [key, JSON.stringify(state), Math.round(state.drainAt)]);
        return result;
      });
    },
    async read(key) {
      const { rows } = await pool.query<{ state: MeterState | null }>(READ, [key]);
      return rows[0]?.state ?? null;
    },
  };
  return {
    senderMeter,
    releaseClaim: (id: number, update: { at: number; nextAttemptAt: number; error: string | null; errorCode: number | null }) =>
      runOn(pool, core.releaseClaim(id, update)),
    markExpired: (id: number, update: { at: number; error: string; log: NewLogEntry | null }) =>
      withTransaction(pool, (client) => runOn(client, core.markExpired(id, update))),
  };
}
