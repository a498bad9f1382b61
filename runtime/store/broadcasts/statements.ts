/** @module The broadcast store's SQL, written once for SQLite and PostgreSQL (see ../sql/dialect.ts for the parts that differ). */
import type { Dialect } from "../sql/dialect.ts";
import { sql } from "../sql/script.ts";

/** Outbox rows a broadcast produced. */
const OF_BROADCAST = "SELECT outbox_id FROM broadcast_outbox WHERE broadcast_id = :id";
const UNSETTLED = "('pending', 'sending', 'unknown')";

// `holder_gone`: the lease holder's process liveness is gone, and not merely re-taken after a server restart
// (PostgreSQL); SQLite asks the pid instead.
const HOLDER_GONE = (d: Dialect) => `(${d.processGone("b.runner_key")} AND ${d.serverSettled}) AS holder_gone`;
export const BY_ID = sql((d) => `SELECT b.*, ${HOLDER_GONE(d)} FROM broadcasts b WHERE b.id = :id`);
export const BY_ID_LOCKED = sql((d) => `SELECT b.*, ${HOLDER_GONE(d)} FROM broadcasts b WHERE b.id = :id ${d.forUpdate}`);
export const LIST = sql(() => "SELECT * FROM broadcasts ORDER BY id DESC");
export const UNFINISHED = sql(() => "SELECT * FROM broadcasts WHERE fingerprint = :fingerprint AND state IN ('scheduled', 'running') ORDER BY id LIMIT 1");
/** Two starts of the same broadcast at once: the second waits, then finds the first. */
export const SERIALIZE_FINGERPRINT = (namespace: number) => sql((d) => d.serialize(namespace, ":fingerprint"));

export const INSERT_BROADCAST = sql(
  (d) => `INSERT INTO broadcasts (body, filters, fingerprint, origin, state, sender_type, rate, start_at, recipients, opted_out, skipped,
     segments, cost_estimate, runner_token, runner_pid, runner_host, runner_key, heartbeat_at, created_at, updated_at)
   VALUES (:body, ${d.json(":filters")}, :fingerprint, :origin, :state, :senderType, :rate, :startAt, :recipients, :optedOut, :skipped,
     :segments, :costEstimate, :token, :pid, :host, :key, :heartbeat, :now, :now) RETURNING id`,
);
export const INSERT_RECIPIENT = sql(
  (d) => `INSERT INTO broadcast_recipients (broadcast_id, user_id, position, parts, patch, segments, state)
   VALUES (:id, :userId, :position, ${d.json(":parts")}, ${d.json(":patch")}, :segments, 'queued')`,
);

export const TAKE_LEASE = sql(
  (d) => `UPDATE broadcasts SET runner_token = :token, runner_pid = :pid, runner_host = :host, runner_key = :key, heartbeat_at = :now, updated_at = :now
   WHERE id = :id AND ${d.same("runner_token", ":old")}`,
);
export const HEARTBEAT = sql(() => "UPDATE broadcasts SET heartbeat_at = :now WHERE id = :id AND runner_token = :token");
export const DROP_LEASE = sql(
  () =>
    "UPDATE broadcasts SET runner_token = NULL, runner_pid = NULL, runner_host = NULL, runner_key = NULL, heartbeat_at = NULL WHERE id = :id AND runner_token = :token",
);

export const IN_FLIGHT = sql(
  () => `SELECT COUNT(*) AS n FROM broadcast_outbox b JOIN outbox o ON o.id = b.outbox_id
   WHERE b.broadcast_id = :id AND (o.state IN ${UNSETTLED} OR (o.sent_at IS NOT NULL AND o.sent_at >= :since))`,
);
// Quiet hours: with `open` (a JSON array of window keys), recipients whose window is closed stay queued.
export const QUEUED = sql(
  (d) => `SELECT r.user_id, r.parts, r.patch FROM broadcast_recipients r
   LEFT JOIN broadcast_recipient_windows w ON w.broadcast_id = r.broadcast_id AND w.user_id = r.user_id
   WHERE r.broadcast_id = :id AND r.state = 'queued'
     AND (${d.str(":open")} IS NULL OR w.window_key IS NULL
          OR w.window_key IN (${d.name === "sqlite" ? "SELECT value FROM json_each(:open)" : "SELECT jsonb_array_elements_text(:open::jsonb)"}))
   ORDER BY r.position LIMIT :limit`,
);
export const INSERT_WINDOW = sql(() => "INSERT INTO broadcast_recipient_windows (broadcast_id, user_id, window_key) VALUES (:id, :userId, :window)");
export const QUEUED_WINDOWS = sql(
  () => `SELECT w.window_key, COUNT(*) AS n FROM broadcast_recipient_windows w
   JOIN broadcast_recipients r ON r.broadcast_id = w.broadcast_id AND r.user_id = w.user_id
   WHERE w.broadcast_id = :id AND r.state = 'queued' GROUP BY w.window_key ORDER BY w.window_key`,
);
export const USER = sql(() => "SELECT * FROM users WHERE id = :id");
export const INSERT_OUTBOX = sql(
  (d) => `INSERT INTO outbox (user_id, kind, name, body, media, due_at, seq, cancelable, state, next_attempt_at, created_at, updated_at)
   VALUES (:userId, 'broadcast', NULL, :body, ${d.json(":media")}, :dueAt, :seq, :cancelable, 'pending', :dueAt, :now, :now) RETURNING id`,
);
export const LINK = sql(() => "INSERT INTO broadcast_outbox (outbox_id, broadcast_id, user_id) VALUES (:outboxId, :id, :userId)");
export const MARK_RECIPIENT = sql(
  () =>
    "UPDATE broadcast_recipients SET state = :state, reason = :reason, released_at = :now WHERE broadcast_id = :id AND user_id = :userId AND state = 'queued'",
);
export const WRITE_SESSION = sql((d) => `UPDATE users SET session = ${d.json(":session")} WHERE id = :userId`);
export const SET_CURSOR = sql(() => "UPDATE broadcasts SET next_due_at = :dueAt, state = 'running', updated_at = :now WHERE id = :id");

// A recipient's parts go in order: a part waits while an earlier one of the same broadcast is unsettled.
// On PostgreSQL the candidates are locked, skipping rows a peer is claiming right now.
export const DUE = sql(
  (d) => `SELECT o.id, COALESCE(u.opted_out, ${d.false}) AS user_opted_out
   FROM broadcast_outbox b JOIN outbox o ON o.id = b.outbox_id LEFT JOIN users u ON u.id = o.user_id
   WHERE b.broadcast_id = :id AND o.state = 'pending' AND o.due_at <= :now AND o.next_attempt_at <= :now
     AND NOT EXISTS (SELECT 1 FROM broadcast_outbox b2 JOIN outbox p ON p.id = b2.outbox_id
                     WHERE b2.broadcast_id = :id AND b2.user_id = o.user_id AND b2.outbox_id < o.id AND p.state IN ${UNSETTLED})
   ORDER BY o.due_at, o.id LIMIT :limit ${d.skipLocked("o")}`,
);
export const CANCEL_ROW = sql(() => "UPDATE outbox SET state = 'canceled', error = 'opted out', updated_at = :now WHERE id = :rowId AND state = 'pending'");
// `claimed_by` names this process (its liveness key), so peers recover the row if it dies mid-send.
export const CLAIM_ROW = sql(
  () => "UPDATE outbox SET state = 'sending', attempts = attempts + 1, claimed_by = :claimer, updated_at = :now WHERE id = :rowId AND state = 'pending'",
);
export const OUTBOX_ROW = sql(() => "SELECT * FROM outbox WHERE id = :rowId");
export const UNKNOWN_DUE = sql(
  (d) =>
    `SELECT * FROM outbox WHERE state = 'unknown' AND next_attempt_at <= :now AND id IN (${OF_BROADCAST}) ORDER BY id LIMIT :limit ${d.skipLocked("outbox")}`,
);
export const PUSH_UNKNOWN = sql(() => "UPDATE outbox SET next_attempt_at = :retryAt, updated_at = :now WHERE id = :rowId AND state = 'unknown'");
// Only rows whose sender is gone: on PostgreSQL a live peer may be sending this broadcast's rows right now.
export const RECOVER_SENDING = sql(
  (d) => `UPDATE outbox SET state = 'unknown', error = 'interrupted while sending (the broadcast runner stopped)', next_attempt_at = :checkAt,
     updated_at = :now WHERE state = 'sending' AND id IN (${OF_BROADCAST})
     AND (${d.name === "sqlite" ? "1 = 1" : `claimed_by IS NULL OR (${d.processGone("claimed_by")} AND ${d.serverSettled})`})`,
);
export const UNSETTLED_SENT = sql(
  () => `SELECT * FROM outbox WHERE state = 'sent' AND sid IS NOT NULL AND status_rank < 4 AND id IN (${OF_BROADCAST}) ORDER BY sent_at LIMIT :limit`,
);

export const CANCEL_RECIPIENTS = sql(
  () => "UPDATE broadcast_recipients SET state = 'canceled', reason = 'broadcast canceled' WHERE broadcast_id = :id AND state = 'queued'",
);
export const CANCEL_PENDING = sql(
  () => `UPDATE outbox SET state = 'canceled', error = 'broadcast canceled', updated_at = :now WHERE state = 'pending' AND id IN (${OF_BROADCAST})`,
);
export const FINISH = sql(
  () => `UPDATE broadcasts SET state = :state, finished_at = :now, updated_at = :now, runner_token = NULL, runner_pid = NULL, runner_host = NULL,
     runner_key = NULL WHERE id = :id`,
);
export const LEFT = sql(
  () => `SELECT (SELECT COUNT(*) FROM broadcast_recipients WHERE broadcast_id = :id AND state = 'queued')
      + (SELECT COUNT(*) FROM outbox WHERE state IN ${UNSETTLED} AND id IN (${OF_BROADCAST})) AS n`,
);

export const ALL_USERS = sql((d) => `SELECT * FROM users ORDER BY first_seen_at, ${d.bytes("id")}`);
export const SESSIONS = sql(() => "SELECT session FROM users WHERE session IS NOT NULL");
const USER_SEARCH = (d: Dialect) => `(${d.str(":like")} IS NULL OR id ${d.ilike} :like ESCAPE '\\' OR ${d.text("session")} ${d.ilike} :like ESCAPE '\\')`;
export const COUNT_USERS = sql((d) => `SELECT COUNT(*) AS n FROM users WHERE ${USER_SEARCH(d)}`);
export const PAGE_USERS = sql((d) => `SELECT * FROM users WHERE ${USER_SEARCH(d)} ORDER BY last_seen_at DESC, ${d.bytes("id")} LIMIT :limit OFFSET :offset`);

export const RECIPIENT_COUNTS = sql(() => "SELECT state, reason, COUNT(*) AS n FROM broadcast_recipients WHERE broadcast_id = :id GROUP BY state, reason");
export const ROW_COUNTS = sql(
  () => `SELECT o.state, o.status, o.error_code, COUNT(*) AS n, MIN(o.sent_at) AS first, MAX(o.sent_at) AS last
   FROM broadcast_outbox b JOIN outbox o ON o.id = b.outbox_id WHERE b.broadcast_id = :id GROUP BY o.state, o.status, o.error_code`,
);
// Rows canceled at claim time because their user opted out after being released.
export const CANCELED_OPTED_OUT = sql(
  () => `SELECT COUNT(*) AS n FROM broadcast_outbox b JOIN outbox o ON o.id = b.outbox_id
   WHERE b.broadcast_id = :id AND o.state = 'canceled' AND o.error = 'opted out'`,
);
