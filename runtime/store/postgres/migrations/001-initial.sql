-- Users, bot state, inbound claims, the outbox, and the message log. Times are epoch milliseconds
-- from the runtime's clock (bigint), JSON is jsonb.
CREATE TABLE users (
  id              text PRIMARY KEY,
  session         jsonb,
  opted_out       boolean NOT NULL DEFAULT false,
  opted_out_at    bigint,
  opt_out_reason  text,
  first_seen_at   bigint NOT NULL,
  last_seen_at    bigint NOT NULL
);

CREATE TABLE bot_state (
  id          integer PRIMARY KEY CHECK (id = 1),
  state       jsonb NOT NULL,
  updated_at  bigint NOT NULL
);

-- One row per inbound MessageSid: the primary key is the idempotency claim.
CREATE TABLE inbound (
  sid         text PRIMARY KEY,
  user_id     text NOT NULL,
  state       text NOT NULL CHECK (state IN ('processing', 'done')),
  token       text NOT NULL,
  claimed_at  bigint NOT NULL,
  done_at     bigint
);

CREATE TABLE outbox (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id          text NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('reply', 'reminder', 'broadcast')),
  name             text,
  body             text NOT NULL,
  media            jsonb NOT NULL DEFAULT '[]',
  due_at           bigint NOT NULL,
  seq              integer NOT NULL DEFAULT 0,
  cancelable       boolean NOT NULL DEFAULT true,
  state            text NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'canceled', 'unknown')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  bigint NOT NULL,
  -- The runtime process (its liveness lock key) that moved the row to `sending`.
  claimed_by       integer,
  sid              text UNIQUE,
  status           text,
  status_rank      integer NOT NULL DEFAULT -1,
  error_code       integer,
  error            text,
  sent_at          bigint,
  created_at       bigint NOT NULL,
  updated_at       bigint NOT NULL
);
CREATE INDEX outbox_state_due ON outbox (state, due_at);
CREATE INDEX outbox_user_state ON outbox (user_id, state, due_at);

CREATE TABLE messages (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  direction       text NOT NULL CHECK (direction IN ('in', 'out')),
  sid             text,
  user_id         text NOT NULL,
  body            text NOT NULL,
  media           jsonb NOT NULL DEFAULT '[]',
  status          text,
  status_rank     integer NOT NULL DEFAULT -1,
  status_history  jsonb NOT NULL DEFAULT '[]',
  error_code      integer,
  segments        integer,
  encoding        text,
  price_estimate  double precision,
  outbox_id       bigint,
  created_at      bigint NOT NULL,
  updated_at      bigint NOT NULL
);
CREATE UNIQUE INDEX messages_sid ON messages (sid) WHERE sid IS NOT NULL;
CREATE INDEX messages_user_created ON messages (user_id, created_at);
