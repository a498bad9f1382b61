/**
 * @module Twilio status callbacks, once for both databases: the status rank never goes backwards, every
 * callback lands in the history, and a callback that beats its sid's `markSent` is kept and applied then.
 * On PostgreSQL everything about one sid is serialized across processes by an advisory lock for the
 * transaction; SQLite's single writer already does that.
 */
import { SID_LOCK } from "../postgres/locks.ts";
import { statusRank } from "../status.ts";
import { all, get, run, sql } from "../sql/script.ts";
import type { Script } from "../sql/script.ts";
import type { StatusEvent, StatusResult } from "../types.ts";

interface Current {
  id: number;
  user_id: string;
  status: string | null;
  status_rank: number;
}

const LOCK_SID = sql((d) => d.serialize(SID_LOCK, ":sid"));
const MESSAGE = sql((d) => `SELECT id, user_id, status, status_rank FROM messages WHERE sid = :sid AND direction = 'out' ${d.forUpdate}`);
const OUTBOX = sql((d) => `SELECT id, user_id, status, status_rank FROM outbox WHERE sid = :sid ${d.forUpdate}`);
const MESSAGE_ADVANCE = sql(
  (d) => `UPDATE messages SET status = :status, status_rank = :rank, error_code = COALESCE(:errorCode, error_code),
     status_history = ${d.append("status_history", ":event")}, updated_at = :at WHERE id = :id`,
);
const MESSAGE_HISTORY = sql((d) => `UPDATE messages SET status_history = ${d.append("status_history", ":event")}, updated_at = :at WHERE id = :id`);
const OUTBOX_ADVANCE = sql(
  () => "UPDATE outbox SET status = :status, status_rank = :rank, error_code = COALESCE(:errorCode, error_code), updated_at = :at WHERE id = :id",
);
const KEEP_EARLY = sql(() => "INSERT INTO early_status (sid, status, error_code, at) VALUES (:sid, :status, :errorCode, :at)");
// Callbacks for sids that never show up (another app on the same account) must not pile up.
const PRUNE_EARLY = sql(() => "DELETE FROM early_status WHERE at < :before");
const TAKE_EARLY = sql(() => "DELETE FROM early_status WHERE sid = :sid RETURNING status, error_code, at, id");
const EARLY_KEPT_MS = 24 * 3600_000;

/**
 * Serializes everything about one sid for the rest of the transaction: a callback and the `markSent`
 * that records its sid never interleave, so an early callback is either seen by `markSent` or finds the row.
 */
export function* lockSid(sid: string): Script<void> {
  yield* get(LOCK_SID, { sid });
}

/** Applies one status event inside a transaction that holds the sid's lock. */
export function* applyStatus(sid: string, event: StatusEvent): Script<StatusResult> {
  const message = yield* get<Current>(MESSAGE, { sid });
  const row = yield* get<Current>(OUTBOX, { sid });
  if (!message && !row) {
    // Possibly our own send whose sid is not saved yet: kept, and applied by markSent.
    yield* run(PRUNE_EARLY, { before: event.at - EARLY_KEPT_MS });
    yield* run(KEEP_EARLY, { sid, status: event.status, errorCode: event.errorCode, at: event.at });
    return { found: false, advanced: false, userId: null, status: null };
  }
  const rank = statusRank(event.status);
  const currentRank = message?.status_rank ?? row?.status_rank ?? -1;
  const advanced = rank > currentRank;
  const change = { status: event.status, rank, errorCode: event.errorCode, at: event.at, event: JSON.stringify(event) };
  if (message) yield* run(advanced ? MESSAGE_ADVANCE : MESSAGE_HISTORY, { ...change, id: message.id });
  if (row && advanced) yield* run(OUTBOX_ADVANCE, { ...change, id: row.id });
  return {
    found: true,
    advanced,
    userId: message?.user_id ?? row?.user_id ?? null,
    status: advanced ? event.status : (message?.status ?? row?.status ?? null),
  };
}

/** After `markSent` recorded `sid`: applies the callbacks that beat it, oldest first. */
export function* applyEarlyStatus(sid: string): Script<void> {
  const rows = yield* all<{ status: string; error_code: number | null; at: number; id: number }>(TAKE_EARLY, { sid });
  rows.sort((a, b) => a.at - b.at || a.id - b.id);
  for (const early of rows) yield* applyStatus(sid, { status: early.status, at: early.at, errorCode: early.error_code });
}

export function* recordStatus(sid: string, event: StatusEvent): Script<StatusResult> {
  yield* lockSid(sid);
  return yield* applyStatus(sid, event);
}
