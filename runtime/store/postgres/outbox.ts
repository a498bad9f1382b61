/**
 * @module The outbox on PostgreSQL: the shared rules (../core/outbox.ts) run on the pool, plus what only
 * several processes need: reconcile claims and status checks that skip a peer's rows, and recovery by
 * process liveness.
 */
import type pg from "pg";
import type { Changes, ClaimDueOptions, ClaimedRows, NewLogEntry, OutboxRow, SentUpdate, StatusCheckOptions, Transition } from "../types.ts";
import * as core from "../core/outbox.ts";
import { runOn } from "./exec.ts";
import { processAlive } from "./locks.ts";
import type { Liveness } from "./liveness.ts";
import { toOutbox } from "./rows.ts";
import type { OutboxPgRow } from "./rows.ts";
import { withTransaction } from "./tx.ts";

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
      return withTransaction(pool, (client) => runOn(client, core.claimDue(options, liveness.key)));
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
    markSent: (id: number, update: SentUpdate) => withTransaction(pool, (client) => runOn(client, core.markSent(id, update))),
    markRetry: (id: number, update: { at: number; nextAttemptAt: number; error: string; errorCode: number | null } & Transition) =>
      runOn(pool, core.markRetry(id, update)),
    markUnknown: (id: number, update: { at: number; nextAttemptAt: number; error: string }) => runOn(pool, core.markUnknown(id, update)),
    markFailed: (id: number, update: { at: number; error: string; errorCode: number | null; log: NewLogEntry | null } & Transition) =>
      withTransaction(pool, (client) => runOn(client, core.markFailed(id, update))),
    cancelIfOptedOut: (id: number, at: number) => runOn(pool, core.cancelIfOptedOut(id, at)),
    completeReminder: (id: number, changes: Changes) => withTransaction(pool, (client) => runOn(client, core.completeReminder(id, changes))),
  };
}
