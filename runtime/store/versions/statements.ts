/** @module The VersionStore's SQL, written once for SQLite and PostgreSQL (see ../sql/dialect.ts). */
import { sql } from "../sql/script.ts";

const SUMMARY_COLUMNS = `v.number, v.ir_version, v.compiler, v.source_hash, v.ir_hash, v.triggers, v.trigger_count, v.published_by,
   v.published_at, v.message, (l.number IS NOT NULL) AS live`;
const FROM = "bot_versions v LEFT JOIN bot_live l ON l.number = v.number";

export const LIST = sql(() => `SELECT ${SUMMARY_COLUMNS} FROM ${FROM} ORDER BY v.number DESC`);
export const BY_NUMBER = sql(() => `SELECT ${SUMMARY_COLUMNS}, v.ir FROM ${FROM} WHERE v.number = :number`);
export const SUMMARY = sql(() => `SELECT ${SUMMARY_COLUMNS} FROM ${FROM} WHERE v.number = :number`);
export const BY_HASH = sql(() => `SELECT ${SUMMARY_COLUMNS} FROM ${FROM} WHERE v.ir_hash = :irHash ORDER BY v.number DESC LIMIT 1`);
export const LIVE = sql(() => "SELECT number, changed_at, changed_by FROM bot_live WHERE id = 1");
/** Locks the live row (PostgreSQL), so two publishes or rollbacks at once take their turns. */
export const LIVE_LOCKED = sql((d) => `SELECT number, changed_at, changed_by FROM bot_live WHERE id = 1 ${d.forUpdate}`);
/** Two first publishes at once have no live row to lock: they take turns on this instead. */
export const SERIALIZE = (namespace: number) => sql((d) => d.serialize(namespace, ":key"));
export const NEXT_NUMBER = sql(() => "SELECT COALESCE(MAX(number), 0) + 1 AS n FROM bot_versions");
export const INSERT = sql(
  (d) => `INSERT INTO bot_versions (number, ir, ir_version, compiler, source_hash, ir_hash, triggers, trigger_count, published_by, published_at, message)
   VALUES (:number, :ir, :irVersion, :compiler, :sourceHash, :irHash, ${d.json(":triggers")}, :triggerCount, :by, :at, :message)`,
);
export const SET_LIVE = sql(
  () => `INSERT INTO bot_live (id, number, changed_at, changed_by) VALUES (1, :number, :at, :by)
   ON CONFLICT (id) DO UPDATE SET number = excluded.number, changed_at = excluded.changed_at, changed_by = excluded.changed_by`,
);
export const RECORD_CHANGE = sql(() => "INSERT INTO bot_live_history (number, action, at, by) VALUES (:number, :action, :at, :by)");
/** PostgreSQL tells the listening processes at commit; one channel per schema, so bots sharing a database stay apart. */
export const NOTIFY = sql((d) => (d.name === "postgres" ? "SELECT pg_notify('bot_live_' || current_schema(), CAST(:number AS text))" : "SELECT 1"));
export const HISTORY = sql(() => "SELECT seq, number, action, at, by FROM bot_live_history ORDER BY seq DESC LIMIT :limit");
