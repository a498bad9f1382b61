/**
 * @module The outbox, once for both databases: which due rows may go (the ordering rules), claiming them,
 * and every transition after the send, each conditional on the state the row leaves (`UPDATE … WHERE
 * state = …`), so a peer that moved the row first makes it match nothing and no row is resent twice.
 */
import { outboxFromRow } from "../rows.ts";
import type { OutboxColumns } from "../rows.ts";
import { statusRank } from "../status.ts";
import { all, flag, run, sql } from "../sql/script.ts";
import type { Script } from "../sql/script.ts";
import type { Changes, ClaimDueOptions, ClaimedRows, NewLogEntry, SentUpdate, Transition } from "../types.ts";
import { applyChanges, insertLog } from "./changes.ts";
import { applyEarlyStatus, lockSid } from "./status-callbacks.ts";

type OutboxSqlRow = OutboxColumns & { media: unknown; cancelable: unknown };

// A message row may go when it is due and, in strict mode, when nothing of the same user is ahead of it:
// no row in flight (`sending`/`unknown`), no accepted row still waiting for its `sent`/`delivered`
// callback (unless the bounded wait has passed), and no earlier pending row (even one backing off).
// Reminder rows are timers, not messages: they neither wait nor hold anything back. With `kinds`, only
// rows of those kinds (the sender meter may have room for replies but not for broadcasts).
// Across PostgreSQL processes: a user's earliest pending row is its only candidate, and claiming it needs
// its row lock; SKIP LOCKED passes over rows another process is claiming, and a row claimed and committed
// meanwhile fails the `state = 'pending'` recheck, so no row is ever claimed twice.
const DUE = sql(
  (d) => `SELECT o.id, COALESCE(u.opted_out, ${d.false}) AS user_opted_out FROM outbox o LEFT JOIN users u ON u.id = o.user_id
   WHERE o.state = 'pending' AND o.due_at <= ${d.int(":now")} AND o.next_attempt_at <= ${d.int(":now")}
     AND (${d.textArray(":kinds")} IS NULL OR o.kind ${d.inTextList(":kinds")})
     AND (:relaxed = ${d.true} OR o.kind = 'reminder' OR (
       NOT EXISTS (SELECT 1 FROM outbox p WHERE p.user_id = o.user_id AND p.kind <> 'reminder'
                   AND p.state IN ('sending', 'unknown'))
       AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.user_id = o.user_id AND p.kind <> 'reminder'
                   AND p.state = 'sent' AND p.status_rank < 3 AND p.sent_at > ${d.int(":now")} - ${d.int(":strictWaitMs")})
       AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.user_id = o.user_id AND p.kind <> 'reminder' AND p.state = 'pending'
                   AND (p.due_at < o.due_at OR (p.due_at = o.due_at AND p.id < o.id)))
     ))
   ORDER BY o.due_at, o.id
   LIMIT :limit ${d.skipLocked("o")}`,
);
// `claimed_by` names the claiming process (its PostgreSQL liveness key), so peers recover its rows if it dies.
const CLAIM = sql(
  (d) => `UPDATE outbox SET state = 'sending', attempts = attempts + 1, claimed_by = :claimer, updated_at = :now
   WHERE id ${d.inList(":ids")} AND state = 'pending' RETURNING *`,
);
const CANCEL_OPTED_OUT = sql(
  (d) => `UPDATE outbox SET state = 'canceled', error = 'opted out', updated_at = :now WHERE id ${d.inList(":ids")} AND state = 'pending' RETURNING *`,
);
// A sid Twilio gave for this row always wins, even after a peer marked it unknown.
const SENT = sql(
  () => `UPDATE outbox SET state = 'sent', sid = :sid, status = :status, status_rank = :rank, sent_at = :at, error = NULL,
     error_code = NULL, updated_at = :at WHERE id = :id AND state IN ('sending', 'unknown')`,
);
// From `unknown`, also the reconcile claim (`next_attempt_at`) the row was taken under.
const RETRY = sql(
  (d) => `UPDATE outbox SET state = 'pending', next_attempt_at = :nextAttemptAt, error = :error, error_code = :errorCode, updated_at = :at
   WHERE id = :id AND state = :from AND (${d.int(":claim")} IS NULL OR next_attempt_at = ${d.int(":claim")})`,
);
const UNKNOWN = sql(
  () => "UPDATE outbox SET state = 'unknown', next_attempt_at = :nextAttemptAt, error = :error, updated_at = :at WHERE id = :id AND state = 'sending'",
);
const FAILED = sql(
  (d) => `UPDATE outbox SET state = 'failed', error = :error, error_code = :errorCode, updated_at = :at
   WHERE id = :id AND state = :from AND (${d.int(":claim")} IS NULL OR next_attempt_at = ${d.int(":claim")})`,
);
const CANCEL_IF_OPTED_OUT = sql(
  (d) => `UPDATE outbox SET state = 'canceled', error = 'opted out', updated_at = :at
   WHERE id = :id AND state = 'sending' AND EXISTS (SELECT 1 FROM users u WHERE u.id = outbox.user_id AND u.opted_out = ${d.true})`,
);
// A claim given back without counting the attempt (the sender meter had no room, or Twilio pushed back).
const RELEASE_CLAIM = sql(
  (d) => `UPDATE outbox SET state = 'pending', attempts = ${d.greatest("attempts - 1", "0")}, next_attempt_at = :nextAttemptAt,
     error = COALESCE(${d.str(":error")}, error), error_code = COALESCE(${d.int(":errorCode")}, error_code), updated_at = :at, claimed_by = NULL
   WHERE id = :id AND state = 'sending'`,
);
const EXPIRE = sql(() => "UPDATE outbox SET state = 'expired', error = :error, updated_at = :at WHERE id = :id AND state = 'sending'");
const REMINDER_DONE = sql(() => "UPDATE outbox SET state = 'sent', sent_at = :at, updated_at = :at WHERE id = :id AND state = 'sending'");

/** Moves due rows `pending` → `sending` (opted-out users' rows → `canceled`), in due order; `claimer` is the claiming process's liveness key (PostgreSQL) or null. */
export function* claimDue(options: ClaimDueOptions, claimer: number | null): Script<ClaimedRows> {
  const { now } = options;
  const candidates = yield* all<{ id: number; user_opted_out: unknown }>(DUE, {
    now,
    relaxed: options.ordering === "relaxed",
    strictWaitMs: options.strictWaitMs,
    limit: options.limit,
    kinds: options.kinds ? [...options.kinds] : null,
  });
  // Opt-out is checked here, at the last moment, whatever path queued the row.
  const claimIds = candidates.filter((c) => !flag(c.user_opted_out)).map((c) => c.id);
  const cancelIds = candidates.filter((c) => flag(c.user_opted_out)).map((c) => c.id);
  const claimed = claimIds.length ? yield* all<OutboxSqlRow>(CLAIM, { ids: claimIds, now, claimer }) : [];
  const canceled = cancelIds.length ? yield* all<OutboxSqlRow>(CANCEL_OPTED_OUT, { ids: cancelIds, now }) : [];
  const position = new Map(candidates.map((c, i) => [c.id, i]));
  const inOrder = (rows: OutboxSqlRow[]) => rows.sort((a, b) => position.get(a.id)! - position.get(b.id)!).map(outboxFromRow);
  return { rows: inOrder(claimed), canceled: inOrder(canceled) };
}

/** `sending`/`unknown` → `sent`, with its log entry; callbacks that beat it are applied. */
export function* markSent(id: number, update: SentUpdate): Script<boolean> {
  yield* lockSid(update.sid);
  if ((yield* run(SENT, { id, sid: update.sid, status: update.status, rank: statusRank(update.status), at: update.at })) !== 1) return false;
  yield* insertLog(update.log);
  yield* applyEarlyStatus(update.sid);
  return true;
}

export function* markRetry(id: number, update: { at: number; nextAttemptAt: number; error: string; errorCode: number | null } & Transition): Script<boolean> {
  return (yield* run(RETRY, { id, ...update, claim: update.claim ?? null })) === 1;
}

export function* markUnknown(id: number, update: { at: number; nextAttemptAt: number; error: string }): Script<boolean> {
  return (yield* run(UNKNOWN, { id, ...update })) === 1;
}

export function* markFailed(
  id: number,
  update: { at: number; error: string; errorCode: number | null; log: NewLogEntry | null } & Transition,
): Script<boolean> {
  if ((yield* run(FAILED, { id, at: update.at, error: update.error, errorCode: update.errorCode, from: update.from, claim: update.claim ?? null })) !== 1)
    return false;
  if (update.log) yield* insertLog(update.log);
  return true;
}

export function* cancelIfOptedOut(id: number, at: number): Script<boolean> {
  return (yield* run(CANCEL_IF_OPTED_OUT, { id, at })) === 1;
}

/** `sending` → `pending` at `nextAttemptAt`, the attempt not counted. */
export function* releaseClaim(id: number, update: { at: number; nextAttemptAt: number; error: string | null; errorCode: number | null }): Script<boolean> {
  return (yield* run(RELEASE_CLAIM, { id, ...update })) === 1;
}

/** `sending` → `expired`: a reply whose validity passed before it could be sent is dropped, with its log entry. */
export function* markExpired(id: number, update: { at: number; error: string; log: NewLogEntry | null }): Script<boolean> {
  if ((yield* run(EXPIRE, { id, at: update.at, error: update.error })) !== 1) return false;
  if (update.log) yield* insertLog(update.log);
  return true;
}

/** A reminder row fired: it becomes `sent` and the firing's changes are written, or nothing when it was no longer `sending`. */
export function* completeReminder(id: number, changes: Changes): Script<boolean> {
  if ((yield* run(REMINDER_DONE, { id, at: changes.at })) !== 1) return false;
  yield* applyChanges(changes);
  return true;
}
