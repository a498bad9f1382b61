/** @module The outbox's SQLite statements: claiming due rows under the ordering rules, and recording what Twilio said. */
import type Database from "better-sqlite3";
import type { ClaimDueOptions, ClaimedRows, NewLogEntry, OutboxRow, SentUpdate } from "../types.ts";
import { toOutbox } from "./rows.ts";
import type { OutboxSqlRow } from "./rows.ts";

// A message row may go when it is due and, in strict mode, when nothing of the same user is ahead of it:
// no row in flight (`sending`/`unknown`), no accepted row still waiting for its `sent`/`delivered`
// callback (unless the bounded wait has passed), and no earlier pending row (even one backing off).
// Reminder rows are timers, not messages: they neither wait nor hold anything back.
const DUE = `
  SELECT o.*, COALESCE(u.opted_out, 0) AS user_opted_out FROM outbox o LEFT JOIN users u ON u.id = o.user_id
  WHERE o.state = 'pending' AND o.due_at <= @now AND o.next_attempt_at <= @now
    AND (@relaxed = 1 OR o.kind = 'reminder' OR (
      NOT EXISTS (SELECT 1 FROM outbox p WHERE p.user_id = o.user_id AND p.kind != 'reminder'
                  AND p.state IN ('sending', 'unknown'))
      AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.user_id = o.user_id AND p.kind != 'reminder'
                  AND p.state = 'sent' AND p.status_rank < 3 AND p.sent_at > @now - @strictWaitMs)
      AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.user_id = o.user_id AND p.kind != 'reminder' AND p.state = 'pending'
                  AND (p.due_at < o.due_at OR (p.due_at = o.due_at AND p.id < o.id)))
    ))
  ORDER BY o.due_at, o.id
  LIMIT @limit`;

export function prepareOutbox(db: Database.Database, insertLog: (entry: NewLogEntry) => number) {
  // Annotated so the declaration build names better-sqlite3's public alias, not its unexported namespace.
  const transaction = <F extends (...args: never[]) => unknown>(fn: F): Database.Transaction<F> => db.transaction(fn);
  const due = db.prepare<unknown[], OutboxSqlRow & { user_opted_out: number }>(DUE);
  const claim = db.prepare(
    `UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = @now WHERE id = @id AND state = 'pending'`,
  );
  const cancelOptedOut = db.prepare(
    `UPDATE outbox SET state = 'canceled', error = 'opted out', updated_at = @now WHERE id = @id AND state = 'pending'`,
  );
  const byId = db.prepare<unknown[], OutboxSqlRow>("SELECT * FROM outbox WHERE id = ?");
  const unknownDue = db.prepare<unknown[], OutboxSqlRow>(
    `SELECT * FROM outbox WHERE state = 'unknown' AND next_attempt_at <= @now ORDER BY id LIMIT @limit`,
  );
  const pushUnknown = db.prepare(`UPDATE outbox SET next_attempt_at = @retryAt, updated_at = @now WHERE id = @id`);
  const recover = db.prepare(
    `UPDATE outbox SET state = CASE WHEN kind = 'reminder' THEN 'pending' ELSE 'unknown' END,
       error = 'interrupted while sending', next_attempt_at = @reconcileAt, updated_at = @now
     WHERE state = 'sending' AND updated_at <= @staleBefore`,
  );
  const sent = db.prepare(
    `UPDATE outbox SET state = 'sent', sid = @sid, status = @status, status_rank = @rank, sent_at = @at, error = NULL,
       error_code = NULL, updated_at = @at WHERE id = @id`,
  );
  const retry = db.prepare(
    `UPDATE outbox SET state = 'pending', next_attempt_at = @nextAttemptAt, error = @error, error_code = @errorCode,
       updated_at = @at WHERE id = @id`,
  );
  const unknown = db.prepare(
    `UPDATE outbox SET state = 'unknown', next_attempt_at = @nextAttemptAt, error = @error, updated_at = @at WHERE id = @id`,
  );
  const failed = db.prepare(
    `UPDATE outbox SET state = 'failed', error = @error, error_code = @errorCode, updated_at = @at WHERE id = @id`,
  );

  return {
    claimDue: transaction((options: ClaimDueOptions): ClaimedRows => {
      const candidates = due.all({
        now: options.now,
        relaxed: options.ordering === "relaxed" ? 1 : 0,
        strictWaitMs: options.strictWaitMs,
        limit: options.limit,
      });
      const result: ClaimedRows = { rows: [], canceled: [] };
      for (const candidate of candidates) {
        // Opt-out is checked here, at the last moment, whatever path queued the row.
        if (candidate.user_opted_out === 1) {
          cancelOptedOut.run({ id: candidate.id, now: options.now });
          result.canceled.push(toOutbox(byId.get(candidate.id)!));
          continue;
        }
        if (claim.run({ id: candidate.id, now: options.now }).changes === 1) result.rows.push(toOutbox(byId.get(candidate.id)!));
      }
      return result;
    }),
    claimUnknown: transaction((now: number, retryAt: number, limit: number): OutboxRow[] => {
      const rows = unknownDue.all({ now, limit });
      for (const row of rows) pushUnknown.run({ id: row.id, retryAt, now });
      return rows.map(toOutbox);
    }),
    recoverInterrupted: (now: number, staleBefore = Number.MAX_SAFE_INTEGER, reconcileAt = now): number =>
      recover.run({ now, staleBefore, reconcileAt }).changes,
    markSent: transaction((id: number, update: SentUpdate, rank: number) => {
      sent.run({ id, sid: update.sid, status: update.status, rank, at: update.at });
      insertLog(update.log);
    }),
    markRetry: (id: number, update: { at: number; nextAttemptAt: number; error: string; errorCode: number | null }) =>
      void retry.run({ id, ...update }),
    markUnknown: (id: number, update: { at: number; nextAttemptAt: number; error: string }) => void unknown.run({ id, ...update }),
    markFailed: transaction(
      (id: number, update: { at: number; error: string; errorCode: number | null; log: NewLogEntry | null }) => {
        failed.run({ id, at: update.at, error: update.error, errorCode: update.errorCode });
        if (update.log) insertLog(update.log);
      },
    ),
    byId: (id: number): OutboxRow | null => {
      const row = byId.get(id);
      return row ? toOutbox(row) : null;
    },
  };
}
