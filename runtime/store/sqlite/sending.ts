/** @module What sending by the sender meter needs from SQLite: the meter rows (one write transaction each), giving a claim back, and the `expired` state. */
import type Database from "better-sqlite3";
import type { MeterState } from "../../sending/bucket.ts";
import type { MeterStore } from "../../sending/meter.ts";
import type { NewLogEntry } from "../types.ts";
import { LOCK_BOUND_MS } from "./patient.ts";

/**
 * The meter's row is read and written inside one IMMEDIATE transaction: SQLite's single writer lock holds it
 * against every other process on the file (a `bot broadcast` beside `bot run`) for those two statements.
 */
export interface SqliteSending {
  meter: MeterStore;
  releaseClaim(id: number, update: { at: number; nextAttemptAt: number; error: string | null; errorCode: number | null }): boolean;
  markExpired(id: number, update: { at: number; error: string; log: NewLogEntry | null }): boolean;
}

export function prepareSending(db: Database.Database, insertLog: (entry: NewLogEntry) => number): SqliteSending {
  const read = db.prepare<[string], { state: string }>("SELECT state FROM sender_meter WHERE key = ?");
  const write = db.prepare(
    "INSERT INTO sender_meter (key, state, updated_at) VALUES (@key, @state, @at) ON CONFLICT (key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
  );
  const release = db.prepare(
    `UPDATE outbox SET state = 'pending', attempts = MAX(attempts - 1, 0), next_attempt_at = @nextAttemptAt, error = COALESCE(@error, error),
       error_code = COALESCE(@errorCode, error_code), updated_at = @at WHERE id = @id AND state = 'sending'`,
  );
  const expire = db.prepare(`UPDATE outbox SET state = 'expired', error = @error, updated_at = @at WHERE id = @id AND state = 'sending'`);
  const parse = (row: { state: string } | undefined): MeterState | null => (row ? (JSON.parse(row.state) as MeterState) : null);

  const meter: MeterStore = {
    async update(key, step) {
      const tx = db.transaction(() => {
        const { state, result } = step(parse(read.get(key)));
        write.run({ key, state: JSON.stringify(state), at: Math.round(state.drainAt) });
        return result;
      });
      // Another process holds the write lock: wait for it asynchronously, as the store's other writes do.
      for (let wait = 2, started = Date.now(); ; wait = Math.min(wait * 2, 100)) {
        try {
          return tx.immediate();
        } catch (error) {
          if (!/^SQLITE_BUSY/.test(String((error as { code?: string }).code ?? "")) || Date.now() - started > LOCK_BOUND_MS) throw error;
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
    },
    async read(key) {
      return parse(read.get(key));
    },
  };
  const markExpired = db.transaction((id: number, update: { at: number; error: string; log: NewLogEntry | null }): boolean => {
    if (expire.run({ id, at: update.at, error: update.error }).changes !== 1) return false;
    if (update.log) insertLog(update.log);
    return true;
  });
  return {
    meter,
    releaseClaim: (id: number, update: { at: number; nextAttemptAt: number; error: string | null; errorCode: number | null }): boolean =>
      release.run({ id, ...update }).changes === 1,
    markExpired,
  };
}
