/** @module The outbox's SQLite statements: claiming due rows under the ordering rules, and recording what Twilio said. */
import type Database from "better-sqlite3";
import type { ClaimDueOptions, ClaimedRows, NewLogEntry, OutboxRow, SentUpdate, StatusCheckOptions, Transition } from "../types.ts";
import { toOutbox } from "./rows.ts";
import type { OutboxSqlRow } from "./rows.ts";

// A message row may go when it is due and, in strict mode, when nothing of the same user is ahead of it:
// no row in flight (`sending`/`unknown`), no accepted row still waiting for its `sent`/`delivered`
// callback (unless the bounded wait has passed), and no earlier pending row (even one backing off).
// Reminder rows are timers, not messages: they neither wait nor hold anything back.
const DUE = `
  SELECT o.*, COALESCE(u.opted_out, 0) AS user_opted_out FROM outbox o LEFT JOIN users u ON u.id = o.user_id
  WHERE o.state = 'pending' AND o.due_at <= @now AND o.next_attempt_at <= @now
    AND (@kinds IS NULL OR o.kind IN (SELECT value FROM json_each(@kinds)))
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

export function prepareOutbox(db: Database.Database, insertLog: (entry: NewLogEntry) => number) {
  // Annotated so the declaration build names better-sqlite3's public alias, not its unexported namespace.
  const transaction = <F extends (...args: never[]) => unknown>(fn: F): Database.Transaction<F> => db.transaction(fn);
  const due = db.prepare<unknown[], OutboxSqlRow & { user_opted_out: number }>(DUE);
  const claim = db.prepare(`UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = @now WHERE id = @id AND state = 'pending'`);
  const cancelOptedOut = db.prepare(`UPDATE outbox SET state = 'canceled', error = 'opted out', updated_at = @now WHERE id = @id AND state = 'pending'`);
  const byId = db.prepare<unknown[], OutboxSqlRow>("SELECT * FROM outbox WHERE id = ?");
  const unknownDue = db.prepare<unknown[], OutboxSqlRow>(`SELECT * FROM outbox WHERE state = 'unknown' AND next_attempt_at <= @now ORDER BY id LIMIT @limit`);
  const pushUnknown = db.prepare(`UPDATE outbox SET next_attempt_at = @retryAt, updated_at = @now WHERE id = @id`);
  const statusDue = db.prepare<unknown[], OutboxSqlRow>(STATUS_DUE);
  const recover = db.prepare(
    `UPDATE outbox SET state = CASE WHEN kind = 'reminder' THEN 'pending' ELSE 'unknown' END,
       error = 'interrupted while sending', next_attempt_at = @reconcileAt, updated_at = @now
     WHERE state = 'sending' AND updated_at <= @staleBefore`,
  );
  // Every transition names the state it leaves (and, from `unknown`, the reconcile claim it was taken
  // under): another connection (`bot broadcast`) that moved the row first makes it match nothing.
  const sent = db.prepare(
    `UPDATE outbox SET state = 'sent', sid = @sid, status = @status, status_rank = @rank, sent_at = @at, error = NULL,
       error_code = NULL, updated_at = @at WHERE id = @id AND state IN ('sending', 'unknown')`,
  );
  const retry = db.prepare(
    `UPDATE outbox SET state = 'pending', next_attempt_at = @nextAttemptAt, error = @error, error_code = @errorCode,
       updated_at = @at WHERE id = @id AND state = @from AND (@claim IS NULL OR next_attempt_at = @claim)`,
  );
  const unknown = db.prepare(
    `UPDATE outbox SET state = 'unknown', next_attempt_at = @nextAttemptAt, error = @error, updated_at = @at
     WHERE id = @id AND state = 'sending'`,
  );
  const failed = db.prepare(
    `UPDATE outbox SET state = 'failed', error = @error, error_code = @errorCode, updated_at = @at
     WHERE id = @id AND state = @from AND (@claim IS NULL OR next_attempt_at = @claim)`,
  );
  const cancelIfOptedOut = db.prepare(
    `UPDATE outbox SET state = 'canceled', error = 'opted out', updated_at = @at
     WHERE id = @id AND state = 'sending' AND EXISTS (SELECT 1 FROM users u WHERE u.id = outbox.user_id AND u.opted_out = 1)`,
  );

  return {
    claimDue: transaction((options: ClaimDueOptions): ClaimedRows => {
      const candidates = due.all({
        now: options.now,
        relaxed: options.ordering === "relaxed" ? 1 : 0,
        strictWaitMs: options.strictWaitMs,
        limit: options.limit,
        kinds: options.kinds ? JSON.stringify(options.kinds) : null,
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
    claimStatusChecks: transaction((options: StatusCheckOptions): OutboxRow[] => {
      const rows = statusDue.all({ now: options.now, sentBefore: options.sentBefore, strictWaitMs: options.strictWaitMs, limit: options.limit });
      for (const row of rows) pushUnknown.run({ id: row.id, retryAt: options.retryAt, now: options.now });
      return rows.map(toOutbox);
    }),
    recoverInterrupted: (now: number, staleBefore = Number.MAX_SAFE_INTEGER, reconcileAt = now): number =>
      recover.run({ now, staleBefore, reconcileAt }).changes,
    markSent: (id: number, update: SentUpdate, rank: number): boolean => {
      if (sent.run({ id, sid: update.sid, status: update.status, rank, at: update.at }).changes !== 1) return false;
      insertLog(update.log);
      return true;
    },
    markRetry: (id: number, update: { at: number; nextAttemptAt: number; error: string; errorCode: number | null } & Transition): boolean =>
      retry.run({
        id,
        at: update.at,
        nextAttemptAt: update.nextAttemptAt,
        error: update.error,
        errorCode: update.errorCode,
        from: update.from,
        claim: update.claim ?? null,
      }).changes === 1,
    markUnknown: (id: number, update: { at: number; nextAttemptAt: number; error: string }): boolean => unknown.run({ id, ...update }).changes === 1,
    markFailed: transaction((id: number, update: { at: number; error: string; errorCode: number | null; log: NewLogEntry | null } & Transition): boolean => {
      if (failed.run({ id, at: update.at, error: update.error, errorCode: update.errorCode, from: update.from, claim: update.claim ?? null }).changes !== 1)
        return false;
      if (update.log) insertLog(update.log);
      return true;
    }),
    cancelIfOptedOut: (id: number, at: number): boolean => cancelIfOptedOut.run({ id, at }).changes === 1,
    byId: (id: number): OutboxRow | null => {
      const row = byId.get(id);
      return row ? toOutbox(row) : null;
    },
  };
}
