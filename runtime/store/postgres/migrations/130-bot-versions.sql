-- Published versions of the bot (docs/versions.md), the same tables as SQLite's 130: each version's compiled IR
-- and metadata, the one live version (a single row), the history of live changes, and on every logged message
-- and outbox row the version that produced it. Times are epoch milliseconds (bigint).
CREATE TABLE bot_versions (
  number         integer PRIMARY KEY,
  ir             text NOT NULL,
  ir_version     integer NOT NULL,
  compiler       text NOT NULL,
  source_hash    text NOT NULL,
  ir_hash        text NOT NULL,
  triggers       jsonb NOT NULL,
  trigger_count  integer NOT NULL,
  published_by   text NOT NULL,
  published_at   bigint NOT NULL,
  message        text
);
CREATE INDEX bot_versions_ir_hash ON bot_versions (ir_hash);

CREATE TABLE bot_live (
  id          integer PRIMARY KEY CHECK (id = 1),
  number      integer NOT NULL REFERENCES bot_versions (number),
  changed_at  bigint NOT NULL,
  changed_by  text NOT NULL
);

CREATE TABLE bot_live_history (
  seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  number      integer NOT NULL REFERENCES bot_versions (number),
  action      text NOT NULL CHECK (action IN ('publish', 'rollback', 'live')),
  at          bigint NOT NULL,
  by          text NOT NULL
);

ALTER TABLE messages ADD COLUMN version integer;
ALTER TABLE outbox ADD COLUMN version integer;
