/** @module Writes one step's Changes to SQLite; callers run it inside a transaction together with their claim. */
import type Database from "better-sqlite3";
import type { Changes, NewLogEntry } from "../types.ts";
import { statusRank } from "../status.ts";
import { applyBotWrites } from "../bot-writes.ts";
import type { BotState } from "../../engine/types.ts";

export type ApplyChanges = (changes: Changes) => void;

type LogParams = [
  string,
  string | null,
  string,
  string,
  string,
  string | null,
  number,
  string,
  number | null,
  number | null,
  string | null,
  number | null,
  number | null,
  number,
  number,
];

/** Most messages carry no media: skip the serialiser for the common empty list. */
function jsonList(list: string[]): string {
  return list.length === 0 ? "[]" : JSON.stringify(list);
}

export function prepareApply(db: Database.Database): { apply: ApplyChanges; insertLog: (entry: NewLogEntry) => number } {
  // Hot statements bind positionally: no parameter object per row.
  const seen = db.prepare<[string, number, number]>(
    `INSERT INTO users (id, first_seen_at, last_seen_at) VALUES (?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET last_seen_at = MAX(last_seen_at, excluded.last_seen_at)`,
  );
  // A step's session write also marks the user seen: one upsert of the row instead of two or three.
  const session = db.prepare<[string, string, number, number]>(
    `INSERT INTO users (id, session, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET session = excluded.session, last_seen_at = MAX(last_seen_at, excluded.last_seen_at)`,
  );
  const readBot = db.prepare<[], string>("SELECT state FROM bot_state WHERE id = 1").pluck();
  const bot = db.prepare(
    `INSERT INTO bot_state (id, state, updated_at) VALUES (1, @state, @at)
     ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
  );
  const optOut = db.prepare(
    `INSERT INTO users (id, opted_out, opted_out_at, opt_out_reason, first_seen_at, last_seen_at)
     VALUES (@userId, @optedOut, @at, @reason, @at, @at)
     ON CONFLICT (id) DO UPDATE SET opted_out = excluded.opted_out, opted_out_at = excluded.opted_out_at,
       opt_out_reason = excluded.opt_out_reason`,
  );
  // Opting out cancels everything not yet handed to Twilio: replies, delays, reminders, broadcasts.
  const cancelAll = db.prepare(
    `UPDATE outbox SET state = 'canceled', error = 'opted out', updated_at = @at
     WHERE user_id = @userId AND state = 'pending'`,
  );
  const cancelDelayed = db.prepare(
    `UPDATE outbox SET state = 'canceled', error = 'canceled by a newer inbound message', updated_at = @at
     WHERE user_id = @userId AND state = 'pending' AND kind != 'reminder' AND cancelable = 1 AND due_at > @after`,
  );
  const cancelReminder = db.prepare(
    `UPDATE outbox SET state = 'canceled', error = 'reminder canceled or replaced', updated_at = @at
     WHERE user_id = @userId AND state = 'pending' AND kind = 'reminder' AND name = @name`,
  );
  const insertOutbox = db.prepare<[string, string, string | null, string, string, number, number, number, number, number, number]>(
    `INSERT INTO outbox (user_id, kind, name, body, media, due_at, seq, cancelable, state, next_attempt_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
  );
  const log = db.prepare<LogParams>(
    `INSERT INTO messages (direction, sid, user_id, body, media, status, status_rank, status_history, error_code, segments,
       encoding, price_estimate, outbox_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  );

  const insertLog = (entry: NewLogEntry): number => {
    const history = entry.status === null ? "[]" : JSON.stringify([{ status: entry.status, at: entry.createdAt, errorCode: entry.errorCode }]);
    const { lastInsertRowid } = log.run(
      entry.direction,
      entry.sid,
      entry.userId,
      entry.body,
      jsonList(entry.media),
      entry.status,
      statusRank(entry.status),
      history,
      entry.errorCode,
      entry.segments,
      entry.encoding,
      entry.priceEstimate,
      entry.outboxId,
      entry.createdAt,
      entry.createdAt,
    );
    return Number(lastInsertRowid);
  };

  const apply: ApplyChanges = (changes) => {
    const { at } = changes;
    const sessionUser = changes.session?.userId;
    if (changes.seen && changes.seen.userId !== sessionUser) seen.run(changes.seen.userId, at, at);
    if (changes.session) session.run(changes.session.userId, JSON.stringify(changes.session.session), at, at);
    if (changes.bot) {
      // Read inside the write transaction: the check and the write see the same committed state.
      const stored = readBot.get();
      const next = applyBotWrites(stored === undefined ? null : (JSON.parse(stored) as BotState), changes.bot);
      bot.run({ state: JSON.stringify(next), at });
    }
    if (changes.optOut) {
      const { userId, optedOut, reason } = changes.optOut;
      optOut.run({ userId, optedOut: optedOut ? 1 : 0, reason, at });
      if (optedOut) cancelAll.run({ userId, at });
    }
    if (changes.cancelDelayed) cancelDelayed.run({ ...changes.cancelDelayed, at });
    for (const cancel of changes.cancelReminders ?? []) cancelReminder.run({ ...cancel, at });
    for (const row of changes.outbox ?? []) {
      if (row.kind === "reminder") cancelReminder.run({ userId: row.userId, name: row.name ?? "", at });
      insertOutbox.run(row.userId, row.kind, row.name ?? null, row.body, jsonList(row.media), row.dueAt, row.seq, row.cancelable ? 1 : 0, row.dueAt, at, at);
    }
    for (const entry of changes.log ?? []) insertLog(entry);
  };
  return { apply, insertLog };
}
