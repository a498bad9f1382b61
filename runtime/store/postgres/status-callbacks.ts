/** @module Applies Twilio status callbacks on PostgreSQL: one sid at a time across processes, the status rank never going backwards, early callbacks kept for `markSent`. */
import type pg from "pg";
import type { StatusEvent, StatusResult } from "../types.ts";
import { statusRank } from "../status.ts";
import { SID_LOCK } from "./locks.ts";
import type { Tx } from "./tx.ts";
import { withTransaction } from "./tx.ts";

interface Current {
  id: number;
  user_id: string;
  status: string | null;
  status_rank: number;
}

const LOCK_SID = `SELECT pg_advisory_xact_lock(${SID_LOCK}, hashtext($1))`;
const MESSAGE = `SELECT id, user_id, status, status_rank FROM messages WHERE sid = $1 AND direction = 'out' FOR UPDATE`;
const OUTBOX = `SELECT id, user_id, status, status_rank FROM outbox WHERE sid = $1 FOR UPDATE`;
const MESSAGE_ADVANCE = `
  UPDATE messages SET status = $2, status_rank = $3, error_code = COALESCE($4, error_code),
    status_history = status_history || $5::jsonb, updated_at = $6 WHERE id = $1`;
const MESSAGE_HISTORY = `UPDATE messages SET status_history = status_history || $2::jsonb, updated_at = $3 WHERE id = $1`;
const OUTBOX_ADVANCE = `
  UPDATE outbox SET status = $2, status_rank = $3, error_code = COALESCE($4, error_code), updated_at = $5 WHERE id = $1`;
const KEEP_EARLY = `INSERT INTO early_status (sid, status, error_code, at) VALUES ($1, $2, $3, $4)`;
// Callbacks for sids that never show up (another app on the same account) must not pile up.
const PRUNE_EARLY = `DELETE FROM early_status WHERE at < $1`;
const TAKE_EARLY = `DELETE FROM early_status WHERE sid = $1 RETURNING status, error_code, at, id`;
const EARLY_KEPT_MS = 24 * 3600_000;

/**
 * Serializes everything about one sid for the rest of the transaction: a callback and the `markSent`
 * that records its sid never interleave, so an early callback is either seen by `markSent` or finds the row.
 */
export async function lockSid(client: Tx, sid: string): Promise<void> {
  await client.query(LOCK_SID, [sid]);
}

/** Applies one status event inside a transaction that already holds the sid's lock. */
export async function applyStatus(client: Tx, sid: string, event: StatusEvent): Promise<StatusResult> {
  const message = (await client.query<Current>(MESSAGE, [sid])).rows[0];
  const row = (await client.query<Current>(OUTBOX, [sid])).rows[0];
  if (!message && !row) {
    // Possibly our own send whose sid is not saved yet: kept, and applied by markSent.
    await client.query(PRUNE_EARLY, [event.at - EARLY_KEPT_MS]);
    await client.query(KEEP_EARLY, [sid, event.status, event.errorCode, event.at]);
    return { found: false, advanced: false, userId: null, status: null };
  }
  const rank = statusRank(event.status);
  const currentRank = message?.status_rank ?? row?.status_rank ?? -1;
  const advanced = rank > currentRank;
  const entry = JSON.stringify([event]);
  if (message) {
    if (advanced) await client.query(MESSAGE_ADVANCE, [message.id, event.status, rank, event.errorCode, entry, event.at]);
    else await client.query(MESSAGE_HISTORY, [message.id, entry, event.at]);
  }
  if (row && advanced) await client.query(OUTBOX_ADVANCE, [row.id, event.status, rank, event.errorCode, event.at]);
  return {
    found: true,
    advanced,
    userId: message?.user_id ?? row?.user_id ?? null,
    status: advanced ? event.status : (message?.status ?? row?.status ?? null),
  };
}

/** After `markSent` recorded `sid`: applies the callbacks that beat it, oldest first. */
export async function applyEarlyStatus(client: Tx, sid: string): Promise<void> {
  const { rows } = await client.query<{ status: string; error_code: number | null; at: number; id: number }>(TAKE_EARLY, [sid]);
  rows.sort((a, b) => a.at - b.at || a.id - b.id);
  for (const early of rows) await applyStatus(client, sid, { status: early.status, at: early.at, errorCode: early.error_code });
}

export function recordStatusOn(pool: pg.Pool) {
  return (sid: string, event: StatusEvent): Promise<StatusResult> =>
    withTransaction(pool, async (client) => {
      await lockSid(client, sid);
      return applyStatus(client, sid, event);
    });
}
