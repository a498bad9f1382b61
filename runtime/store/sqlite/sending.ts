/** @module The sender meter's rows on SQLite (one write transaction each); giving a claim back and the `expired` state are shared rules (../core/outbox.ts). */
import type Database from "better-sqlite3";
import type { MeterState } from "../sender-meter.ts";
import type { MeterStore } from "../sender-meter.ts";
import { LOCK_BOUND_MS } from "./patient.ts";

/**
 * The meter's row is read and written inside one IMMEDIATE transaction: SQLite's single writer lock holds it
 * against every other process on the file (a `bot broadcast` beside `bot run`) for those two statements.
 */
/** Named so the declaration build can emit it. */
export interface SqliteSending {
  meter: MeterStore;
}

export function prepareSending(db: Database.Database): SqliteSending {
  const read = db.prepare<[string], { state: string }>("SELECT state FROM sender_meter WHERE key = ?");
  const write = db.prepare(
    "INSERT INTO sender_meter (key, state, updated_at) VALUES (@key, @state, @at) ON CONFLICT (key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
  );
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
  return { meter };
}
