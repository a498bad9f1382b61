/** @module The outbox on PostgreSQL: claiming due rows with `FOR UPDATE SKIP LOCKED` so several processes share the work, and recording what Twilio said. */
import type pg from "pg";
import type { Changes, ClaimDueOptions, ClaimedRows, NewLogEntry, OutboxRow, SentUpdate, StatusCheckOptions, Transition } from "../types.ts";
import { statusRank } from "../status.ts";
import { applyChanges, insertLog } from "./changes.ts";
import { processAlive } from "./locks.ts";
import type { Liveness } from "./liveness.ts";
import { toOutbox } from "./rows.ts";
import { applyEarlyStatus, lockSid } from "./status-callbacks.ts";
import type { OutboxPgRow } from "./rows.ts";
import { withTransaction } from "./tx.ts";

// A message row may go when it is due and, in strict mode, when nothing of the same user is ahead of it:
// no row in flight (`sending`/`unknown`), no accepted row still waiting for its `sent`/`delivered`
// callback (unless the bounded wait has passed), and no earlier pending row (even one backing off).
// Reminder rows are timers, not messages: they neither wait nor hold anything back.
// Across processes: a user's earliest pending row is its only candidate, and claiming it needs its row
// lock; SKIP LOCKED passes over rows another process is claiming, and a row claimed and committed
// meanwhile fails the `state = 'pending'` recheck, so no row is ever claimed twice.
const DUE = `
  SELECT o.id, COALESCE(u.opted_out, false) AS user_opted_out FROM outbox o LEFT JOIN users u ON u.id = o.user_id
  WHERE o.state = 'pending' AND o.due_at <= $1::bigint AND o.next_attempt_at <= $1::bigint
    AND ($5::text[] IS NULL OR o.kind = ANY($5::text[]))
    AND ($2::boolean OR o.kind = 'reminder' OR (
      NOT EXISTS (SELECT 1 FROM outbox p WHERE p.user_id = o.user_id AND p.kind <> 'reminder'
                  AND p.state IN ('sending', 'unknown'))
      AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.user_id = o.user_id AND p.kind <> 'reminder'
                  AND p.state = 'sent' AND p.status_rank < 3 AND p.sent_at > $1::bigint - $3::bigint)
      AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.user_id = o.user_id AND p.kind <> 'reminder' AND p.state = 'pending'
                  AND (p.due_at < o.due_at OR (p.due_at = o.due_at AND p.id < o.id)))
    ))
  ORDER BY o.due_at, o.id
  LIMIT $4
  FOR UPDATE OF o SKIP LOCKED`;
const CLAIM = `
  UPDATE outbox SET state = 'sending', attempts = attempts + 1, claimed_by = $3, updated_at = $2
  WHERE id = ANY($1::bigint[]) AND state = 'pending' RETURNING *`;
const CANCEL_OPTED_OUT = `
  UPDATE outbox SET state = 'canceled', error = 'opted out', updated_at = $2
  WHERE id = ANY($1::bigint[]) AND state = 'pending' RETURNING *`;
const UNKNOWN_DUE = `
  UPDATE outbox o SET next_attempt_at = $2, updated_at = $1
  FROM (SELECT * FROM outbox WHERE state = 'unknown' AND next_attempt_at <= $1 ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED) due
  WHERE o.id = due.id RETURNING due.*`;
// At start-up (no `staleBefore`) a process takes back its own rows and those of processes that are gone
// (their liveness lock is no longer held), never a live peer's in-flight sends. The periodic check
// (`staleBefore`) also takes rows of any process stuck in `sending` since then, as SQLite does.
// A gone peer's rows only when $7: not while this process or the server has just lost the liveness
// locks, when a missing lock is most likely a live peer still reconnecting (it settles its rows itself).
// When is each looked up at Twilio ($4 unless said otherwise): a gone peer's rows and this process's own
// stale ones at $6, when given (see `recoverInterrupted`). A gone peer's connections closed when it died,
// so its requests ended then, as a timed-out one of ours does; no pass of ours holds its own stale ones.
const RECOVER = `
  UPDATE outbox SET state = CASE WHEN kind = 'reminder' THEN 'pending' ELSE 'unknown' END,
    error = 'interrupted while sending', updated_at = $1, claimed_by = NULL,
    next_attempt_at = CASE WHEN $6::bigint IS NOT NULL AND (
        (claimed_by = $2 AND updated_at <= $5::bigint)
        OR (claimed_by IS NOT NULL AND claimed_by <> $2 AND NOT ${processAlive("outbox.claimed_by")}))
      THEN $6::bigint ELSE $4::bigint END
  WHERE state = 'sending' AND (
    updated_at <= $3::bigint
    OR ($3::bigint IS NULL AND claimed_by = $2)
    OR (claimed_by = $2 AND updated_at <= $5::bigint)
    OR claimed_by IS NULL
    OR ($7::boolean AND NOT ${processAlive("outbox.claimed_by")}))`;
// The database itself restarted (or failed over) this recently: every process lost its liveness lock
// with it and is re-taking it, so a missing lock does not yet mean a gone process.
const SERVER_SETTLED = `SELECT pg_postmaster_start_time() <= now() - $1::bigint * interval '1 millisecond' AS settled`;
// Accepted messages with no `sent`/`delivered` yet, past `sentBefore` and still inside the strict wait,
// that hold back a due part of their user: their status is asked of Twilio (a callback may be lost).
// The next check is pushed to `retryAt` (`next_attempt_at` means nothing else on a sent row).
const STATUS_DUE = `
  UPDATE outbox o SET next_attempt_at = $3, updated_at = $1
  FROM (SELECT s.id FROM outbox s
        WHERE s.state = 'sent' AND s.kind <> 'reminder' AND s.sid IS NOT NULL AND s.status_rank < 3
          AND s.sent_at <= $2::bigint AND s.sent_at > $1::bigint - $5::bigint AND s.next_attempt_at <= $1::bigint
          AND s.user_id IN (SELECT p.user_id FROM outbox p WHERE p.state = 'pending' AND p.kind <> 'reminder'
                            AND p.due_at <= $1::bigint AND p.next_attempt_at <= $1::bigint)
        ORDER BY s.sent_at, s.id LIMIT $4 FOR UPDATE OF s SKIP LOCKED) due
  WHERE o.id = due.id RETURNING o.*`;
// Every transition names the state it leaves (and, from `unknown`, the reconcile claim it was taken
// under): a peer that moved the row first makes it match nothing, so no row is retried or resent twice.
const SENT = `
  UPDATE outbox SET state = 'sent', sid = $2, status = $3, status_rank = $4, sent_at = $5, error = NULL,
    error_code = NULL, updated_at = $5 WHERE id = $1 AND state IN ('sending', 'unknown')`;
const RETRY = `
  UPDATE outbox SET state = 'pending', next_attempt_at = $2, error = $3, error_code = $4, updated_at = $5
  WHERE id = $1 AND state = $6 AND ($7::bigint IS NULL OR next_attempt_at = $7::bigint)`;
const UNKNOWN = `UPDATE outbox SET state = 'unknown', next_attempt_at = $2, error = $3, updated_at = $4 WHERE id = $1 AND state = 'sending'`;
const FAILED = `
  UPDATE outbox SET state = 'failed', error = $2, error_code = $3, updated_at = $4
  WHERE id = $1 AND state = $5 AND ($6::bigint IS NULL OR next_attempt_at = $6::bigint)`;
const CANCEL_IF_OPTED_OUT = `
  UPDATE outbox SET state = 'canceled', error = 'opted out', updated_at = $2
  WHERE id = $1 AND state = 'sending' AND EXISTS (SELECT 1 FROM users u WHERE u.id = outbox.user_id AND u.opted_out)`;
const REMINDER_DONE = `UPDATE outbox SET state = 'sent', sent_at = $2, updated_at = $2 WHERE id = $1 AND state = 'sending'`;

/** How long after this process or the server lost the liveness locks a missing peer lock is not yet taken for a gone peer (a peer re-takes its lock within about 2 s). */
export const LIVENESS_SETTLE_MS = 5_000;

/** `liveness` names this process on the rows it claims, and is re-taken before claiming if its connection was lost. */
export function outboxMethods(pool: pg.Pool, liveness: Pick<Liveness, "key" | "ensure" | "lostAt">, settleMs = LIVENESS_SETTLE_MS) {
  /** Whether a peer whose liveness lock is missing can be taken for gone now, not merely reconnecting. */
  const settled = async (): Promise<boolean> => {
    if (liveness.lostAt !== null && Date.now() - liveness.lostAt < settleMs) return false;
    const { rows } = await pool.query<{ settled: boolean }>(SERVER_SETTLED, [settleMs]);
    return rows[0]?.settled === true;
  };
  return {
    async claimDue(options: ClaimDueOptions): Promise<ClaimedRows> {
      await liveness.ensure();
      const { now } = options;
      return withTransaction(pool, async (client) => {
        const { rows: candidates } = await client.query<{ id: number; user_opted_out: boolean }>(DUE, [
          now,
          options.ordering === "relaxed",
          options.strictWaitMs,
          options.limit,
          options.kinds ? [...options.kinds] : null,
        ]);
        // Opt-out is checked here, at the last moment, whatever path queued the row.
        const claimIds = candidates.filter((c) => !c.user_opted_out).map((c) => c.id);
        const cancelIds = candidates.filter((c) => c.user_opted_out).map((c) => c.id);
        const claimed = claimIds.length ? (await client.query<OutboxPgRow>(CLAIM, [claimIds, now, liveness.key])).rows : [];
        const canceled = cancelIds.length ? (await client.query<OutboxPgRow>(CANCEL_OPTED_OUT, [cancelIds, now])).rows : [];
        const position = new Map(candidates.map((c, i) => [c.id, i]));
        const inOrder = (rows: OutboxPgRow[]) => rows.sort((a, b) => position.get(a.id)! - position.get(b.id)!).map(toOutbox);
        return { rows: inOrder(claimed), canceled: inOrder(canceled) };
      });
    },
    async claimUnknown(now: number, retryAt: number, limit: number): Promise<OutboxRow[]> {
      const { rows } = await pool.query<OutboxPgRow>(UNKNOWN_DUE, [now, retryAt, limit]);
      return rows.sort((a, b) => a.id - b.id).map(toOutbox);
    },
    async recoverInterrupted(now: number, staleBefore?: number, reconcileAt?: number, ownStaleBefore?: number, goneAt?: number): Promise<number> {
      // At start-up (no `goneAt`) rows of processes without a lock are taken back, to be looked up late.
      const takeGone = goneAt === undefined || (await settled());
      const params = [now, liveness.key, staleBefore ?? null, reconcileAt ?? now, ownStaleBefore ?? null, goneAt ?? null, takeGone];
      return (await pool.query(RECOVER, params)).rowCount ?? 0;
    },
    async claimStatusChecks(options: StatusCheckOptions): Promise<OutboxRow[]> {
      const { rows } = await pool.query<OutboxPgRow>(STATUS_DUE, [options.now, options.sentBefore, options.retryAt, options.limit, options.strictWaitMs]);
      return rows.sort((a, b) => (a.sent_at ?? 0) - (b.sent_at ?? 0) || a.id - b.id).map(toOutbox);
    },
    async markSent(id: number, update: SentUpdate): Promise<boolean> {
      return withTransaction(pool, async (client) => {
        await lockSid(client, update.sid);
        if ((await client.query(SENT, [id, update.sid, update.status, statusRank(update.status), update.at])).rowCount !== 1) return false;
        await insertLog(client, update.log);
        await applyEarlyStatus(client, update.sid);
        return true;
      });
    },
    async markRetry(id: number, update: { at: number; nextAttemptAt: number; error: string; errorCode: number | null } & Transition): Promise<boolean> {
      const { rowCount } = await pool.query(RETRY, [id, update.nextAttemptAt, update.error, update.errorCode, update.at, update.from, update.claim ?? null]);
      return rowCount === 1;
    },
    async markUnknown(id: number, update: { at: number; nextAttemptAt: number; error: string }): Promise<boolean> {
      return (await pool.query(UNKNOWN, [id, update.nextAttemptAt, update.error, update.at])).rowCount === 1;
    },
    async markFailed(id: number, update: { at: number; error: string; errorCode: number | null; log: NewLogEntry | null } & Transition): Promise<boolean> {
      return withTransaction(pool, async (client) => {
        if ((await client.query(FAILED, [id, update.error, update.errorCode, update.at, update.from, update.claim ?? null])).rowCount !== 1) return false;
        if (update.log) await insertLog(client, update.log);
        return true;
      });
    },
    async cancelIfOptedOut(id: number, at: number): Promise<boolean> {
      return (await pool.query(CANCEL_IF_OPTED_OUT, [id, at])).rowCount === 1;
    },
    async completeReminder(id: number, changes: Changes): Promise<boolean> {
      return withTransaction(pool, async (client) => {
        if ((await client.query(REMINDER_DONE, [id, changes.at])).rowCount !== 1) return false;
        await applyChanges(client, changes);
        return true;
      });
    },
  };
}
