/** @module The personal-data SQL, written once for SQLite and PostgreSQL. */
import { sql } from "../sql/script.ts";

export const SALT = sql(() => "SELECT salt FROM personal_salt WHERE id = 1");
export const INSERT_SALT = sql(() => "INSERT INTO personal_salt (id, salt) VALUES (1, :salt) ON CONFLICT (id) DO NOTHING");

export const INSERT_CONSENT = sql(
  () => "INSERT INTO consent_ledger (user_id, opted_in, source, keyword, sid, at) VALUES (:userId, :optedIn, :source, :keyword, :sid, :at)",
);
export const CONSENT_OF = sql(() => "SELECT * FROM consent_ledger WHERE user_id = :userId ORDER BY at, id");
export const SUPPRESSION = sql(() => "SELECT * FROM suppressions WHERE hash = :hash");

export const USER = sql(() => "SELECT * FROM users WHERE id = :userId");
export const MESSAGES = sql(() => "SELECT * FROM messages WHERE user_id = :userId ORDER BY created_at, id");
export const OUTBOX = sql(() => "SELECT * FROM outbox WHERE user_id = :userId ORDER BY id");
export const INBOUND = sql(() => "SELECT sid, state, message, received_at, done_at FROM inbound WHERE user_id = :userId ORDER BY received_at");
export const RECIPIENTS = sql(() => "SELECT * FROM broadcast_recipients WHERE user_id = :userId ORDER BY broadcast_id");
export const HANDOFFS = sql(() => "SELECT * FROM handoffs WHERE user_id = :userId ORDER BY id");
/** Sends whose outcome is not settled: erasing under them would lose what Twilio answers. */
export const IN_FLIGHT = sql(() => "SELECT COUNT(*) AS n FROM outbox WHERE user_id = :userId AND state IN ('sending', 'unknown')");
export const HAS_MESSAGES = sql(() => "SELECT COUNT(*) AS n FROM messages WHERE user_id = :userId");

export const UPSERT_SUPPRESSION = sql(
  () => `INSERT INTO suppressions (hash, opted_out_at, keyword, erased_at) VALUES (:hash, :optedOutAt, :keyword, :at)
   ON CONFLICT (hash) DO UPDATE SET opted_out_at = excluded.opted_out_at, keyword = excluded.keyword, erased_at = excluded.erased_at`,
);
export const ANON_CONSENT = sql(() => "UPDATE consent_ledger SET user_id = :erased WHERE user_id = :userId");
// match_text is the inbound text as the engine normalised it (bot insights): personal too.
export const ANON_MESSAGES = sql(
  (d) => `UPDATE messages SET user_id = :erased, body = '', media = ${d.json(":empty")}, match_text = NULL WHERE user_id = :userId`,
);
export const ANON_OUTBOX = sql(
  (d) => `UPDATE outbox SET user_id = :erased, body = '', name = NULL, media = ${d.json(":empty")},
     state = CASE WHEN state = 'pending' THEN 'canceled' ELSE state END, error = CASE WHEN state = 'pending' THEN 'user erased' ELSE error END, updated_at = :at
   WHERE user_id = :userId`,
);
export const ANON_INBOUND = sql(
  () => "UPDATE inbound SET user_id = :erased, message = NULL, state = 'done', done_at = COALESCE(done_at, :at) WHERE user_id = :userId",
);
export const ANON_RECIPIENTS = sql(
  (d) => `UPDATE broadcast_recipients SET user_id = :erased, parts = ${d.json(":empty")}, patch = NULL,
     state = CASE WHEN state = 'queued' THEN 'canceled' ELSE state END, reason = CASE WHEN state = 'queued' THEN 'user erased' ELSE reason END
   WHERE user_id = :userId`,
);
export const ANON_WINDOWS = sql(() => "UPDATE broadcast_recipient_windows SET user_id = :erased WHERE user_id = :userId");
export const ANON_BROADCAST_OUTBOX = sql(() => "UPDATE broadcast_outbox SET user_id = :erased WHERE user_id = :userId");
export const ANON_HANDOFFS = sql(
  () => `UPDATE handoffs SET user_id = :erased, reason = NULL, return_topic = NULL,
     state = 'closed', closed_at = COALESCE(closed_at, :at), closed_by = COALESCE(closed_by, 'operator'), updated_at = :at
   WHERE user_id = :userId`,
);
// PostgreSQL's per-user lock rows; SQLite locks in memory (a statement that changes nothing stands in).
export const DELETE_LOCK = sql((d) =>
  d.name === "postgres" ? "DELETE FROM user_locks WHERE user_id = :userId" : "DELETE FROM users WHERE 0 = 1 AND id = :userId",
);
export const DELETE_HOLDS = sql(() => "DELETE FROM loop_guard_holds WHERE user_id = :userId");
export const DELETE_USER = sql(() => "DELETE FROM users WHERE id = :userId");
