/** @module Writes one step's Changes to PostgreSQL; callers run it inside a transaction together with their claim. */
import type { Changes, NewLogEntry } from "../types.ts";
import { statusRank } from "../status.ts";
import { applyBotWrites } from "../bot-writes.ts";
import type { BotState } from "../../engine/types.ts";
import type { Tx } from "./tx.ts";

const SEEN = `
  INSERT INTO users (id, first_seen_at, last_seen_at) VALUES ($1, $2, $2)
  ON CONFLICT (id) DO UPDATE SET last_seen_at = GREATEST(users.last_seen_at, excluded.last_seen_at)`;
const SESSION = `
  INSERT INTO users (id, session, first_seen_at, last_seen_at) VALUES ($1, $2::jsonb, $3, $3)
  ON CONFLICT (id) DO UPDATE SET session = excluded.session`;
// The row is locked for the rest of the transaction: concurrent steps check and write bot variables one at a time.
const BOT_LOCK = "SELECT state FROM bot_state WHERE id = 1 FOR UPDATE";
const BOT = `
  INSERT INTO bot_state (id, state, updated_at) VALUES (1, $1::jsonb, $2)
  ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`;
const OPT_OUT = `
  INSERT INTO users (id, opted_out, opted_out_at, opt_out_reason, first_seen_at, last_seen_at) VALUES ($1, $2, $3, $4, $3, $3)
  ON CONFLICT (id) DO UPDATE SET opted_out = excluded.opted_out, opted_out_at = excluded.opted_out_at,
    opt_out_reason = excluded.opt_out_reason`;
// Opting out cancels everything not yet handed to Twilio: replies, delays, reminders, broadcasts.
const CANCEL_ALL = `
  UPDATE outbox SET state = 'canceled', error = 'opted out', updated_at = $2
  WHERE user_id = $1 AND state = 'pending'`;
const CANCEL_DELAYED = `
  UPDATE outbox SET state = 'canceled', error = 'canceled by a newer inbound message', updated_at = $3
  WHERE user_id = $1 AND state = 'pending' AND kind <> 'reminder' AND cancelable AND due_at > $2`;
const CANCEL_REMINDER = `
  UPDATE outbox SET state = 'canceled', error = 'reminder canceled or replaced', updated_at = $3
  WHERE user_id = $1 AND state = 'pending' AND kind = 'reminder' AND name = $2`;
const INSERT_OUTBOX = `
  INSERT INTO outbox (user_id, kind, name, body, media, due_at, seq, cancelable, state, next_attempt_at, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, 'pending', $6, $9, $9)`;
const INSERT_LOG = `
  INSERT INTO messages (direction, sid, user_id, body, media, status, status_rank, status_history, error_code, segments,
    encoding, price_estimate, outbox_id, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14, $14)
  ON CONFLICT DO NOTHING`;

/** Adds one message log entry; a second entry with a known sid is ignored (a replayed step). */
export async function insertLog(client: Tx, entry: NewLogEntry): Promise<void> {
  const history = entry.status === null ? [] : [{ status: entry.status, at: entry.createdAt, errorCode: entry.errorCode }];
  await client.query(INSERT_LOG, [
    entry.direction,
    entry.sid,
    entry.userId,
    entry.body,
    JSON.stringify(entry.media),
    entry.status,
    statusRank(entry.status),
    JSON.stringify(history),
    entry.errorCode,
    entry.segments,
    entry.encoding,
    entry.priceEstimate,
    entry.outboxId,
    entry.createdAt,
  ]);
}

/** Writes every part of `changes`, in the same order as the SQLite store, on a client inside a transaction. */
export async function applyChanges(client: Tx, changes: Changes): Promise<void> {
  const { at } = changes;
  if (changes.seen) await client.query(SEEN, [changes.seen.userId, at]);
  if (changes.session) {
    await client.query(SEEN, [changes.session.userId, at]);
    await client.query(SESSION, [changes.session.userId, JSON.stringify(changes.session.session), at]);
  }
  if (changes.bot) {
    await client.query("INSERT INTO bot_state (id, state, updated_at) VALUES (1, $1::jsonb, $2) ON CONFLICT (id) DO NOTHING", [
      JSON.stringify(changes.bot.initial),
      at,
    ]);
    const { rows } = await client.query<{ state: BotState }>(BOT_LOCK);
    const next = applyBotWrites(rows[0]?.state ?? null, changes.bot);
    await client.query(BOT, [JSON.stringify(next), at]);
  }
  if (changes.optOut) {
    const { userId, optedOut, reason } = changes.optOut;
    await client.query(OPT_OUT, [userId, optedOut, at, reason]);
    if (optedOut) await client.query(CANCEL_ALL, [userId, at]);
  }
  if (changes.cancelDelayed) await client.query(CANCEL_DELAYED, [changes.cancelDelayed.userId, changes.cancelDelayed.after, at]);
  for (const cancel of changes.cancelReminders ?? []) await client.query(CANCEL_REMINDER, [cancel.userId, cancel.name, at]);
  for (const row of changes.outbox ?? []) {
    if (row.kind === "reminder") await client.query(CANCEL_REMINDER, [row.userId, row.name ?? "", at]);
    await client.query(INSERT_OUTBOX, [row.userId, row.kind, row.name ?? null, row.body, JSON.stringify(row.media), row.dueAt, row.seq, row.cancelable, at]);
  }
  for (const entry of changes.log ?? []) await insertLog(client, entry);
}
