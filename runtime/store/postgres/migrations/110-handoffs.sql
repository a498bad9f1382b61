-- Human takeover (docs/handoff.md): the same tables as SQLite's 110. Times are epoch milliseconds (bigint).
CREATE TABLE handoffs (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id         text NOT NULL,
  state           text NOT NULL CHECK (state IN ('waiting', 'active', 'closed')),
  reason          text,
  opened_by       text NOT NULL CHECK (opened_by IN ('bot', 'operator', 'keyword')),
  opened_at       bigint NOT NULL,
  assignee        text,
  last_user_at    bigint,
  last_agent_at   bigint,
  user_messages   integer NOT NULL DEFAULT 0,
  agent_messages  integer NOT NULL DEFAULT 0,
  return_topic    text,
  closed_at       bigint,
  closed_by       text CHECK (closed_by IN ('operator', 'stop', 'keyword', 'idle')),
  updated_at      bigint NOT NULL
);
-- Opening is idempotent per user: a second open while one is waiting or active inserts nothing.
CREATE UNIQUE INDEX handoffs_open_user ON handoffs (user_id) WHERE state <> 'closed';
CREATE INDEX handoffs_state_opened ON handoffs (state, opened_at);
CREATE INDEX handoffs_updated ON handoffs (updated_at);

CREATE TABLE handoff_outbox (
  outbox_id   bigint PRIMARY KEY,
  handoff_id  bigint NOT NULL REFERENCES handoffs (id),
  agent       text NOT NULL,
  created_at  bigint NOT NULL
);
CREATE INDEX handoff_outbox_handoff ON handoff_outbox (handoff_id);
