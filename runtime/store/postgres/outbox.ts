/**
 * @module The outbox on PostgreSQL: the shared rules (../core/outbox.ts) run on the pool, plus what only
 * several processes need: reconcile claims that skip a peer's rows, and recovery by process liveness.
 */
import type pg from "pg";
import type { Changes, ClaimDueOptions, ClaimedRows, NewLogEntry, OutboxRow, SentUpdate, Transition } from "../types.ts";
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
const RECOVER = `
  UPDATE outbox SET state = CASE WHEN kind = 'reminder' THEN 'pending' ELSE 'unknown' END,
    error = 'interrupted while sending', next_attempt_at = $4, updated_at = $1, claimed_by = NULL
  WHERE state = 'sending' AND (
    updated_at <= $3::bigint
    OR ($3::bigint IS NULL AND claimed_by = $2)
    OR (claimed_by = $2 AND updated_at <= $5::bigint)
    OR claimed_by IS NULL
    OR NOT ${processAlive("outbox.claimed_by")})`;
/** `liveness` names this process on the rows it claims, and is re-taken before claiming if its connection was lost. */
export function outboxMethods(pool: pg.Pool, liveness: Pick<Liveness, "key" | "ensure">) {
  return {
    async claimDue(options: ClaimDueOptions): Promise<ClaimedRows> {
      await liveness.ensure();
      return withTransaction(pool, (client) => runOn(client, core.claimDue(options, liveness.key)));
    },
    async claimUnknown(now: number, retryAt: number, limit: number): Promise<OutboxRow[]> {
      const { rows } = await pool.query<OutboxPgRow>(UNKNOWN_DUE, [now, retryAt, limit]);
      return rows.sort((a, b) => a.id - b.id).map(toOutbox);
    },
    async recoverInterrupted(now: number, staleBefore?: number, reconcileAt?: number, ownStaleBefore?: number): Promise<number> {
      return (await pool.query(RECOVER, [now, liveness.key, staleBefore ?? null, reconcileAt ?? now, ownStaleBefore ?? null])).rowCount ?? 0;
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
