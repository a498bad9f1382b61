-- Broadcasts: one row per broadcast, one per recipient (unique per broadcast and user), and the outbox rows
-- each produced; the same tables as SQLite's 100 and 101. Times are epoch milliseconds (bigint), JSON is jsonb.
CREATE TABLE broadcasts (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  body            text NOT NULL,
  filters         jsonb NOT NULL DEFAULT '[]',
  fingerprint     text NOT NULL,
  origin          text NOT NULL CHECK (origin IN ('cli', 'api')),
  state           text NOT NULL CHECK (state IN ('scheduled', 'running', 'done', 'canceled')),
  sender_type     text NOT NULL,
  rate            double precision NOT NULL CHECK (rate > 0),
  start_at        bigint NOT NULL,
  recipients      integer NOT NULL,
  opted_out       integer NOT NULL DEFAULT 0,
  skipped         integer NOT NULL DEFAULT 0,
  segments        integer NOT NULL DEFAULT 0,
  cost_estimate   double precision NOT NULL DEFAULT 0,
  -- Pacing cursor: the due time given to the next released row, so a takeover keeps the pace.
  next_due_at     bigint,
  -- The lease: who releases this broadcast's recipients now. `runner_key` is the runner process's
  -- liveness key (see liveness.ts): once its advisory lock is gone, any peer takes the lease over.
  runner_token    text,
  runner_pid      integer,
  runner_host     text,
  runner_key      integer,
  heartbeat_at    bigint,
  created_at      bigint NOT NULL,
  updated_at      bigint NOT NULL,
  finished_at     bigint
);
CREATE INDEX bc_broadcasts_state ON broadcasts (state, start_at);
CREATE INDEX bc_broadcasts_fingerprint ON broadcasts (fingerprint, state);

CREATE TABLE broadcast_recipients (
  broadcast_id  bigint NOT NULL REFERENCES broadcasts (id),
  user_id       text NOT NULL,
  position      integer NOT NULL,
  parts         jsonb NOT NULL,
  patch         jsonb,
  segments      integer NOT NULL,
  state         text NOT NULL CHECK (state IN ('queued', 'released', 'canceled')),
  reason        text,
  released_at   bigint,
  PRIMARY KEY (broadcast_id, user_id)
);
CREATE INDEX bc_recipients_queue ON broadcast_recipients (broadcast_id, state, position);

-- Which outbox rows a broadcast produced (a body with <send> or <delay> gives several per recipient).
CREATE TABLE broadcast_outbox (
  outbox_id     bigint PRIMARY KEY,
  broadcast_id  bigint NOT NULL REFERENCES broadcasts (id),
  user_id       text NOT NULL
);
CREATE INDEX bc_outbox_broadcast ON broadcast_outbox (broadcast_id, outbox_id);
CREATE INDEX bc_outbox_user ON broadcast_outbox (broadcast_id, user_id, outbox_id);

-- Log searches by time across users.
CREATE INDEX bc_messages_created ON messages (created_at);
