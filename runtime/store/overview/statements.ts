/** @module The overview's SQL, written once for SQLite and PostgreSQL. */
import { sql } from "../sql/script.ts";

export const INBOUND = sql(() => "SELECT COUNT(*) AS n FROM messages WHERE direction = 'in' AND created_at >= :since AND created_at < :until");
export const OUTBOUND_BY_STATUS = sql(
  () =>
    "SELECT COALESCE(status, 'unknown') AS status, COUNT(*) AS n FROM messages WHERE direction = 'out' AND created_at >= :since AND created_at < :until GROUP BY COALESCE(status, 'unknown')",
);
export const TOP_ERRORS = sql(
  () => `SELECT error_code AS code, COUNT(*) AS n FROM messages
   WHERE direction = 'out' AND status IN ('failed', 'undelivered') AND created_at >= :since AND created_at < :until
   GROUP BY error_code ORDER BY COUNT(*) DESC, error_code LIMIT 5`,
);
export const OPT_OUTS = sql((d) => `SELECT COUNT(*) AS n FROM users WHERE opted_out = ${d.true} AND opted_out_at >= :since AND opted_out_at < :until`);
export const NEW_USERS = sql(() => "SELECT COUNT(*) AS n FROM users WHERE first_seen_at >= :since AND first_seen_at < :until");
