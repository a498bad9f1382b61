-- Broadcasts: one row per broadcast, one per recipient (unique per broadcast and user), and the outbox rows each produced.
CREATE TABLE broadcasts (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  body            TEXT NOT NULL,
  filters         TEXT NOT NULL DEFAULT '[]',
  fingerprint     TEXT NOT NULL,
  origin          TEXT NOT NULL CHECK (origin IN ('cli', 'api')),
  state           TEXT NOT NULL CHECK (state IN ('scheduled', 'running', 'done', 'canceled')),
  sender_type     TEXT NOT NULL,
  rate            REAL NOT NULL CHECK (rate > 0),
  start_at        INTEGER NOT NULL,
  recipients      INTEGER NOT NULL,
  opted_out       INTEGER NOT NULL DEFAULT 0,
  skipped         INTEGER NOT NULL DEFAULT 0,
  segments        INTEGER NOT NULL DEFAULT 0,
  cost_estimate   REAL NOT NULL DEFAULT 0,
  -- Pacing cursor: the due time given to the next released row, so a restart keeps the pace.
  next_due_at     INTEGER,
  runner_token    TEXT,
  runner_pid      INTEGER,
  runner_host     TEXT,
  heartbeat_at    INTEGER,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  finished_at     INTEGER
);
CREATE INDEX bc_broadcasts_state ON broadcasts (state, start_at);
CREATE INDEX bc_broadcasts_fingerprint ON broadcasts (fingerprint, state);

CREATE TABLE broadcast_recipients (
  broadcast_id  INTEGER NOT NULL REFERENCES broadcasts (id),
  user_id       TEXT NOT NULL,
  position      INTEGER NOT NULL,
  parts         TEXT NOT NULL,
  patch         TEXT,
  segments      INTEGER NOT NULL,
  state         TEXT NOT NULL CHECK (state IN ('queued', 'released', 'canceled')),
  reason        TEXT,
  released_at   INTEGER,
  PRIMARY KEY (broadcast_id, user_id)
);
CREATE INDEX bc_recipients_queue ON broadcast_recipients (broadcast_id, state, position);

-- Which outbox rows a broadcast produced (a body with <send> or <delay> gives several per recipient).
CREATE TABLE broadcast_outbox (
  outbox_id     INTEGER PRIMARY KEY,
  broadcast_id  INTEGER NOT NULL REFERENCES broadcasts (id),
  user_id       TEXT NOT NULL
);
CREATE INDEX bc_outbox_broadcast ON broadcast_outbox (broadcast_id, outbox_id);
CREATE INDEX bc_outbox_user ON broadcast_outbox (broadcast_id, user_id, outbox_id);

-- Log searches by time across users.
CREATE INDEX bc_messages_created ON messages (created_at);
