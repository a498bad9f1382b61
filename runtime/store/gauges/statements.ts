/** @module The gauges' SQL, written once for SQLite and PostgreSQL; each is one indexed scan over unsettled rows only. */
import { sql } from "../sql/script.ts";

export const INBOUND_QUEUED = sql(() => "SELECT COUNT(*) AS n, MIN(received_at) AS oldest FROM inbound WHERE state = 'queued'");
export const OUTBOX_UNSETTLED = sql(() => "SELECT state, COUNT(*) AS n FROM outbox WHERE state IN ('pending', 'sending', 'unknown') GROUP BY state");
export const REMINDERS_DUE = sql(() => "SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending' AND kind = 'reminder' AND due_at <= :now");
export const OLDEST_DUE = sql(
  () => "SELECT MIN(due_at) AS oldest FROM outbox WHERE state = 'pending' AND kind <> 'reminder' AND due_at <= :now AND next_attempt_at <= :now",
);
export const HANDOFFS_OPEN = sql(() => "SELECT state, COUNT(*) AS n FROM handoffs WHERE state IN ('waiting', 'active') GROUP BY state");
export const BROADCAST_RECIPIENTS = sql(
  () => `SELECT b.id AS id, r.state AS state, COUNT(*) AS n FROM broadcasts b JOIN broadcast_recipients r ON r.broadcast_id = b.id
   WHERE b.state IN ('scheduled', 'running') GROUP BY b.id, r.state ORDER BY b.id, r.state`,
);
