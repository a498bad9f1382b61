/**
 * @module The outbox's SQLite-only statements: reconcile claims, status checks and crash recovery, which one
 * process on one file does more simply than PostgreSQL's peers (the shared rules are in ../core/outbox.ts).
 */
import type Database from "better-sqlite3";
import type { OutboxRow, StatusCheckOptions } from "../types.ts";
import { toOutbox } from "./rows.ts";
import type { OutboxSqlRow } from "./rows.ts";

// Accepted messages with no `sent`/`delivered` yet, past @sentBefore and still inside the strict wait,
// that hold back a due part of their user: their status is asked of Twilio (a callback may be lost).
// The next check is pushed to @retryAt (`next_attempt_at` means nothing else on a sent row).
const STATUS_DUE = `
  SELECT s.* FROM outbox s
  WHERE s.state = 'sent' AND s.kind != 'reminder' AND s.sid IS NOT NULL AND s.status_rank < 3
    AND s.sent_at <= @sentBefore AND s.sent_at > @now - @strictWaitMs AND s.next_attempt_at <= @now
    AND s.user_id IN (SELECT p.user_id FROM outbox p WHERE p.state = 'pending' AND p.kind != 'reminder'
                      AND p.due_at <= @now AND p.next_attempt_at <= @now)
  ORDER BY s.sent_at, s.id LIMIT @limit`;

export function prepareOutbox(db: Database.Database) {
  // Annotated so the declaration build names better-sqlite3's public alias, not its unexported namespace.
  const transaction = <F extends (...args: never[]) => unknown>(fn: F): Database.Transaction<F> => db.transaction(fn);
  const byId = db.prepare<unknown[], OutboxSqlRow>("SELECT * FROM outbox WHERE id = ?");
  const unknownDue = db.prepare<unknown[], OutboxSqlRow>(`SELECT * FROM outbox WHERE state = 'unknown' AND next_attempt_at <= @now ORDER BY id LIMIT @limit`);
  const pushUnknown = db.prepare(`UPDATE outbox SET next_attempt_at = @retryAt, updated_at = @now WHERE id = @id`);
  const statusDue = db.prepare<unknown[], OutboxSqlRow>(STATUS_DUE);
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
    claimStatusChecks: transaction((options: StatusCheckOptions): OutboxRow[] => {
      const rows = statusDue.all({ now: options.now, sentBefore: options.sentBefore, strictWaitMs: options.strictWaitMs, limit: options.limit });
      for (const row of rows) pushUnknown.run({ id: row.id, retryAt: options.retryAt, now: options.now });
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
