-- Users, bot state, inbound claims, the outbox, and the message log.
CREATE TABLE users (
  id              TEXT PRIMARY KEY,
  session         TEXT,
  opted_out       INTEGER NOT NULL DEFAULT 0,
  opted_out_at    INTEGER,
  opt_out_reason  TEXT,
  first_seen_at   INTEGER NOT NULL,
  last_seen_at    INTEGER NOT NULL
);

CREATE TABLE bot_state (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  state       TEXT NOT NULL,
  updated_at  INTEGER NOT NULL
);

-- One row per inbound MessageSid: the primary key is the idempotency claim.
CREATE TABLE inbound (
  sid         TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('processing', 'done')),
  token       TEXT NOT NULL,
  claimed_at  INTEGER NOT NULL,
  done_at     INTEGER
);

CREATE TABLE outbox (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id          TEXT NOT NULL,
  kind             TEXT NOT NULL CHECK (kind IN ('reply', 'reminder', 'broadcast')),
  name             TEXT,
  body             TEXT NOT NULL,
  media            TEXT NOT NULL DEFAULT '[]',
  due_at           INTEGER NOT NULL,
  seq              INTEGER NOT NULL DEFAULT 0,
  cancelable       INTEGER NOT NULL DEFAULT 1,
  state            TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'canceled', 'unknown')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL,
  sid              TEXT UNIQUE,
  status           TEXT,
  status_rank      INTEGER NOT NULL DEFAULT -1,
  error_code       INTEGER,
  error            TEXT,
  sent_at          INTEGER,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
);
CREATE INDEX outbox_state_due ON outbox (state, due_at);
CREATE INDEX outbox_user_state ON outbox (user_id, state, due_at);

CREATE TABLE messages (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  direction       TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  sid             TEXT,
  user_id         TEXT NOT NULL,
  body            TEXT NOT NULL,
  media           TEXT NOT NULL DEFAULT '[]',
  status          TEXT,
  status_rank     INTEGER NOT NULL DEFAULT -1,
  status_history  TEXT NOT NULL DEFAULT '[]',
  error_code      INTEGER,
  segments        INTEGER,
  encoding        TEXT,
  price_estimate  REAL,
  outbox_id       INTEGER,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE UNIQUE INDEX messages_sid ON messages (sid) WHERE sid IS NOT NULL;
CREATE INDEX messages_user_created ON messages (user_id, created_at);
