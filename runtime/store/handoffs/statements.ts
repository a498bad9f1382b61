/** @module The handoff store's SQL, written once for SQLite and PostgreSQL (fragments that differ come from the dialect). */
import { sql } from "../sql/script.ts";

export const BY_ID = sql(() => "SELECT * FROM handoffs WHERE id = :id");
// Locked on PostgreSQL to the end of the transaction: two operators replying at once queue one after the other.
export const CURRENT = sql((d) => `SELECT * FROM handoffs WHERE user_id = :userId AND state <> 'closed' ${d.forUpdate}`);
export const LATEST = sql(() => "SELECT * FROM handoffs WHERE user_id = :userId ORDER BY opened_at DESC, id DESC LIMIT 1");
export const LIST_OPEN = sql(() => "SELECT * FROM handoffs WHERE state <> 'closed' ORDER BY opened_at, id LIMIT :limit");
export const LIST_STATE = sql(() => "SELECT * FROM handoffs WHERE state = :state ORDER BY opened_at, id LIMIT :limit");
export const LIST_CLOSED = sql(() => "SELECT * FROM handoffs WHERE state = 'closed' ORDER BY closed_at DESC, id DESC LIMIT :limit");
export const CHANGED = sql(() => "SELECT * FROM handoffs WHERE updated_at > :since ORDER BY updated_at, id LIMIT :limit");

// A second open while one is waiting or active hits the partial unique index and inserts nothing.
export const INSERT = sql(
  (d) => `INSERT INTO handoffs (user_id, state, reason, opened_by, opened_at, assignee, return_topic, updated_at)
   VALUES (:userId, :state, ${d.str(":reason")}, :openedBy, :at, ${d.str(":assignee")}, ${d.str(":returnTopic")}, :at)
   ON CONFLICT DO NOTHING`,
);
export const ASSIGN = sql(
  () => `UPDATE handoffs SET state = 'active', assignee = COALESCE(assignee, :assignee), updated_at = :at
   WHERE user_id = :userId AND state <> 'closed'`,
);
export const USER_MESSAGE = sql(
  () => `UPDATE handoffs SET last_user_at = :at, user_messages = user_messages + 1, updated_at = :at
   WHERE user_id = :userId AND state <> 'closed'`,
);
export const AGENT_MESSAGE = sql(
  () => `UPDATE handoffs SET state = 'active', assignee = COALESCE(assignee, :agent), last_agent_at = :at,
     agent_messages = agent_messages + 1, updated_at = :at
   WHERE id = :id`,
);
// Conditional, so that of several processes sweeping idle handoffs (or an operator and the timer) one closes it.
export const CLOSE = sql(
  () => `UPDATE handoffs SET state = 'closed', closed_at = :at, closed_by = :by, return_topic = :returnTopic, updated_at = :at
   WHERE id = :id AND state <> 'closed'`,
);
export const IDLE = sql(
  () => `SELECT * FROM handoffs WHERE state <> 'closed' AND COALESCE(last_agent_at, opened_at) <= :before
   ORDER BY opened_at, id LIMIT :limit`,
);
export const CLOSE_IF_IDLE = sql(
  () => `UPDATE handoffs SET state = 'closed', closed_at = :at, closed_by = 'idle', return_topic = :returnTopic, updated_at = :at
   WHERE id = :id AND state <> 'closed' AND COALESCE(last_agent_at, opened_at) <= :before`,
);

export const USER = sql((d) => `SELECT id, session, opted_out FROM users WHERE id = :userId ${d.forUpdate}`);
export const WRITE_SESSION = sql((d) => `UPDATE users SET session = ${d.json(":session")} WHERE id = :userId`);

// The delayed parts the bot had queued: a person has the conversation now.
export const CANCEL_DELAYED = sql(
  (d) => `UPDATE outbox SET state = 'canceled', error = 'handed to a person', updated_at = :at
   WHERE user_id = :userId AND state = 'pending' AND kind = 'reply' AND cancelable = ${d.true} AND due_at > :at`,
);
export const INSERT_OUTBOX = sql(
  (d) => `INSERT INTO outbox (user_id, kind, name, body, media, due_at, seq, cancelable, state, next_attempt_at, created_at, updated_at)
   VALUES (:userId, 'reply', NULL, :body, ${d.json(":media")}, :at, 0, ${d.false}, 'pending', :at, :at, :at) RETURNING id`,
);
export const LINK = sql(() => "INSERT INTO handoff_outbox (outbox_id, handoff_id, agent, created_at) VALUES (:outboxId, :id, :agent, :at)");
export const DROP_REMINDER = sql(
  () => `UPDATE outbox SET state = 'canceled', error = 'came due while the user was handed to a person', updated_at = :at
   WHERE id = :id AND state = 'sending' AND kind = 'reminder'`,
);

export const MESSAGES = sql(
  () => `SELECT * FROM (
     SELECT m.id, m.created_at, m.direction, m.body, m.media, m.status, m.outbox_id, h.agent
     FROM messages m LEFT JOIN handoff_outbox h ON h.outbox_id = m.outbox_id
     WHERE m.user_id = :userId ORDER BY m.created_at DESC, m.id DESC LIMIT :limit
   ) recent ORDER BY created_at, id`,
);
