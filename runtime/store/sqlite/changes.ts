/** @module Writes one step's Changes to SQLite; callers run it inside a transaction together with their claim. */
import type Database from "better-sqlite3";
import type { Changes, NewLogEntry } from "../types.ts";
import { statusRank } from "../status.ts";

export type ApplyChanges = (changes: Changes) => void;

export function prepareApply(db: Database.Database): { apply: ApplyChanges; insertLog: (entry: NewLogEntry) => number } {
  const seen = db.prepare(
    `INSERT INTO users (id, first_seen_at, last_seen_at) VALUES (@userId, @at, @at)
     ON CONFLICT (id) DO UPDATE SET last_seen_at = MAX(last_seen_at, excluded.last_seen_at)`,
  );
  const session = db.prepare(
    `INSERT INTO users (id, session, first_seen_at, last_seen_at) VALUES (@userId, @session, @at, @at)
     ON CONFLICT (id) DO UPDATE SET session = excluded.session`,
  );
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
  const insertOutbox = db.prepare(
    `INSERT INTO outbox (user_id, kind, name, body, media, due_at, seq, cancelable, state, next_attempt_at, created_at, updated_at)
     VALUES (@userId, @kind, @name, @body, @media, @dueAt, @seq, @cancelable, 'pending', @dueAt, @at, @at)`,
  );
  const log = db.prepare(
    `INSERT INTO messages (direction, sid, user_id, body, media, status, status_rank, status_history, error_code, segments,
       encoding, price_estimate, outbox_id, created_at, updated_at)
     VALUES (@direction, @sid, @userId, @body, @media, @status, @rank, @history, @errorCode, @segments, @encoding,
       @priceEstimate, @outboxId, @createdAt, @createdAt)
     ON CONFLICT DO NOTHING`,
  );

  const insertLog = (entry: NewLogEntry): number => {
    const history = entry.status === null ? [] : [{ status: entry.status, at: entry.createdAt, errorCode: entry.errorCode }];
    return Number(
      log.run({ ...entry, media: JSON.stringify(entry.media), rank: statusRank(entry.status), history: JSON.stringify(history) })
        .lastInsertRowid,
    );
  };

  const apply: ApplyChanges = (changes) => {
    const { at } = changes;
    if (changes.seen) seen.run({ userId: changes.seen.userId, at });
    if (changes.session) {
      seen.run({ userId: changes.session.userId, at });
      session.run({ userId: changes.session.userId, session: JSON.stringify(changes.session.session), at });
    }
    if (changes.bot) bot.run({ state: JSON.stringify(changes.bot), at });
    if (changes.optOut) {
      const { userId, optedOut, reason } = changes.optOut;
      optOut.run({ userId, optedOut: optedOut ? 1 : 0, reason, at });
      if (optedOut) cancelAll.run({ userId, at });
    }
    if (changes.cancelDelayed) cancelDelayed.run({ ...changes.cancelDelayed, at });
    for (const cancel of changes.cancelReminders ?? []) cancelReminder.run({ ...cancel, at });
    for (const row of changes.outbox ?? []) {
      if (row.kind === "reminder") cancelReminder.run({ userId: row.userId, name: row.name ?? "", at });
      insertOutbox.run({
        userId: row.userId,
        kind: row.kind,
        name: row.name ?? null,
        body: row.body,
        media: JSON.stringify(row.media),
        dueAt: row.dueAt,
        seq: row.seq,
        cancelable: row.cancelable ? 1 : 0,
        at,
      });
    }
    for (const entry of changes.log ?? []) insertLog(entry);
  };
  return { apply, insertLog };
}
