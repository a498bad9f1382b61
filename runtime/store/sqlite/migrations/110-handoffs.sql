-- Human takeover (docs/handoff.md): one row per handoff, at most one open (waiting or active) per user, and the
-- outbox rows operators sent during it (their origin and the operator's name on the message log).
CREATE TABLE handoffs (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id         TEXT NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('waiting', 'active', 'closed')),
  reason          TEXT,
  opened_by       TEXT NOT NULL CHECK (opened_by IN ('bot', 'operator', 'keyword')),
  opened_at       INTEGER NOT NULL,
  assignee        TEXT,
  last_user_at    INTEGER,
  last_agent_at   INTEGER,
  user_messages   INTEGER NOT NULL DEFAULT 0,
  agent_messages  INTEGER NOT NULL DEFAULT 0,
  return_topic    TEXT,
  closed_at       INTEGER,
  closed_by       TEXT CHECK (closed_by IN ('operator', 'stop', 'keyword', 'idle')),
  updated_at      INTEGER NOT NULL
);
-- Opening is idempotent per user: a second open while one is waiting or active inserts nothing.
CREATE UNIQUE INDEX handoffs_open_user ON handoffs (user_id) WHERE state <> 'closed';
CREATE INDEX handoffs_state_opened ON handoffs (state, opened_at);
CREATE INDEX handoffs_updated ON handoffs (updated_at);

CREATE TABLE handoff_outbox (
  outbox_id   INTEGER PRIMARY KEY,
  handoff_id  INTEGER NOT NULL REFERENCES handoffs (id),
  agent       TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX handoff_outbox_handoff ON handoff_outbox (handoff_id);
