/**
 * @module The outbox's SQLite-only statements: reconcile claims and crash recovery, which one process on
 * one file does more simply than PostgreSQL's peers (the shared rules are in ../core/outbox.ts).
 */
import type Database from "better-sqlite3";
import type { OutboxRow } from "../types.ts";
import { toOutbox } from "./rows.ts";
import type { OutboxSqlRow } from "./rows.ts";

export function prepareOutbox(db: Database.Database) {
  // Annotated so the declaration build names better-sqlite3's public alias, not its unexported namespace.
  const transaction = <F extends (...args: never[]) => unknown>(fn: F): Database.Transaction<F> => db.transaction(fn);
  const byId = db.prepare<unknown[], OutboxSqlRow>("SELECT * FROM outbox WHERE id = ?");
  const unknownDue = db.prepare<unknown[], OutboxSqlRow>(`SELECT * FROM outbox WHERE state = 'unknown' AND next_attempt_at <= @now ORDER BY id LIMIT @limit`);
  const pushUnknown = db.prepare(`UPDATE outbox SET next_attempt_at = @retryAt, updated_at = @now WHERE id = @id`);
  const recover = db.prepare(
    `UPDATE outbox SET state = CASE WHEN kind = 'reminder' THEN 'pending' ELSE 'unknown' END,
       error = 'interrupted while sending', next_attempt_at = @reconcileAt, updated_at = @now
     WHERE state = 'sending' AND updated_at <= @staleBefore`,
  );

  return {
    claimUnknown: transaction((now: number, retryAt: number, limit: number): OutboxRow[] => {
      const rows = unknownDue.all({ now, limit });
      for (const row of rows) pushUnknown.run({ id: row.id, retryAt, now });
      return rows.map(toOutbox);
    }),
    recoverInterrupted: (now: number, staleBefore = Number.MAX_SAFE_INTEGER, reconcileAt = now): number =>
      recover.run({ now, staleBefore, reconcileAt }).changes,
    byId: (id: number): OutboxRow | null => {
      const row = byId.get(id);
      return row ? toOutbox(row) : null;
    },
  };
}
