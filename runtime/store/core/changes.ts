/** @module Writes one step's Changes, once for both databases; callers run it inside the transaction that holds their claim. */
import type { BotState } from "../../../engine/types.ts";
import { applyBotWrites } from "../bot-writes.ts";
import { statusRank } from "../status.ts";
import { get, json, run, sql } from "../sql/script.ts";
import type { Script } from "../sql/script.ts";
import type { Changes, NewLogEntry } from "../types.ts";
import { applyHandoffChange } from "../handoffs/index.ts";
import { recordMatch } from "../insights/index.ts";
import { recordConsent } from "../personal/index.ts";

const SEEN = sql(
  (d) => `INSERT INTO users (id, first_seen_at, last_seen_at) VALUES (:userId, :at, :at)
   ON CONFLICT (id) DO UPDATE SET last_seen_at = ${d.greatest("users.last_seen_at", "excluded.last_seen_at")}`,
);
// A step's session write also marks the user seen: one upsert of the row instead of two.
const SESSION = sql(
  (d) => `INSERT INTO users (id, session, first_seen_at, last_seen_at) VALUES (:userId, ${d.json(":session")}, :at, :at)
   ON CONFLICT (id) DO UPDATE SET session = excluded.session, last_seen_at = ${d.greatest("users.last_seen_at", "excluded.last_seen_at")}`,
);
const BOT_INITIAL = sql((d) => `INSERT INTO bot_state (id, state, updated_at) VALUES (1, ${d.json(":state")}, :at) ON CONFLICT (id) DO NOTHING`);
// Read inside the write transaction, and on PostgreSQL locked to its end: concurrent steps check and write bot variables one at a time.
const BOT_READ = sql((d) => `SELECT state FROM bot_state WHERE id = 1 ${d.forUpdate}`);
const BOT = sql(
  (d) => `INSERT INTO bot_state (id, state, updated_at) VALUES (1, ${d.json(":state")}, :at)
   ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
);
const OPT_OUT = sql(
  () => `INSERT INTO users (id, opted_out, opted_out_at, opt_out_reason, first_seen_at, last_seen_at) VALUES (:userId, :optedOut, :at, :reason, :at, :at)
   ON CONFLICT (id) DO UPDATE SET opted_out = excluded.opted_out, opted_out_at = excluded.opted_out_at, opt_out_reason = excluded.opt_out_reason`,
);
// Opting out cancels everything not yet handed to Twilio: replies, delays, reminders, broadcasts.
const CANCEL_ALL = sql(() => "UPDATE outbox SET state = 'canceled', error = 'opted out', updated_at = :at WHERE user_id = :userId AND state = 'pending'");
const CANCEL_DELAYED = sql(
  (d) => `UPDATE outbox SET state = 'canceled', error = 'canceled by a newer inbound message', updated_at = :at
   WHERE user_id = :userId AND state = 'pending' AND kind <> 'reminder' AND cancelable = ${d.true} AND due_at > :after`,
);
const CANCEL_REMINDER = sql(
  () => `UPDATE outbox SET state = 'canceled', error = 'reminder canceled or replaced', updated_at = :at
   WHERE user_id = :userId AND state = 'pending' AND kind = 'reminder' AND name = :name`,
);
const INSERT_OUTBOX = sql(
  (d) => `INSERT INTO outbox (user_id, kind, name, body, media, due_at, seq, cancelable, state, next_attempt_at, created_at, updated_at, version)
   VALUES (:userId, :kind, :name, :body, ${d.json(":media")}, :dueAt, :seq, :cancelable, 'pending', :dueAt, :at, :at, ${d.int(":version")})`,
);
// A second entry with a known sid is ignored (a replayed step).
const INSERT_LOG = sql(
  (d) => `INSERT INTO messages (direction, sid, user_id, body, media, status, status_rank, status_history, error_code, segments,
     encoding, price_estimate, outbox_id, created_at, updated_at, version)
   VALUES (:direction, :sid, :userId, :body, ${d.json(":media")}, :status, :rank, ${d.json(":history")}, :errorCode, :segments,
     :encoding, :priceEstimate, :outboxId, :createdAt, :createdAt,
     COALESCE(${d.int(":version")}, (SELECT o.version FROM outbox o WHERE o.id = ${d.int(":outboxId")})))
   ON CONFLICT DO NOTHING`,
);

/** Most messages carry no media: skip the serializer for the common empty list. */
function jsonList(list: string[]): string {
  return list.length === 0 ? "[]" : JSON.stringify(list);
}

export function* insertLog(entry: NewLogEntry): Script<void> {
  const history = entry.status === null ? "[]" : JSON.stringify([{ status: entry.status, at: entry.createdAt, errorCode: entry.errorCode }]);
  yield* run(INSERT_LOG, { ...entry, media: jsonList(entry.media), rank: statusRank(entry.status), history });
  if (entry.match !== undefined && entry.sid !== null) yield* recordMatch(entry.sid, entry.match);
}

/** Writes every part of `changes`, in this order, inside the caller's transaction. */
export function* applyChanges(changes: Changes): Script<void> {
  const { at } = changes;
  const sessionUser = changes.session?.userId;
  if (changes.seen && changes.seen.userId !== sessionUser) yield* run(SEEN, { userId: changes.seen.userId, at });
  if (changes.session) yield* run(SESSION, { userId: changes.session.userId, session: JSON.stringify(changes.session.session), at });
  if (changes.bot) {
    yield* run(BOT_INITIAL, { state: JSON.stringify(changes.bot.initial), at });
    const stored = yield* get<{ state: unknown }>(BOT_READ);
    const next = applyBotWrites(stored ? json<BotState>(stored.state) : null, changes.bot);
    yield* run(BOT, { state: JSON.stringify(next), at });
  }
  if (changes.optOut) {
    const { userId, optedOut, reason } = changes.optOut;
    yield* run(OPT_OUT, { userId, optedOut, reason, at });
    yield* recordConsent(changes.optOut, at);
    if (optedOut) yield* run(CANCEL_ALL, { userId, at });
  }
  if (changes.cancelDelayed) yield* run(CANCEL_DELAYED, { ...changes.cancelDelayed, at });
  for (const cancel of changes.cancelReminders ?? []) yield* run(CANCEL_REMINDER, { ...cancel, at });
  for (const change of changes.handoff ?? []) yield* applyHandoffChange(change, at);
  for (const row of changes.outbox ?? []) {
    if (row.kind === "reminder") yield* run(CANCEL_REMINDER, { userId: row.userId, name: row.name ?? "", at });
    yield* run(INSERT_OUTBOX, { ...row, name: row.name ?? null, media: jsonList(row.media), at });
  }
  for (const entry of changes.log ?? []) yield* insertLog(entry);
}
