-- Published versions of the bot (docs/versions.md): each one's compiled IR and metadata, the one live version
-- (a single row, so exactly one is live once any is published), the history of live changes, and on every logged
-- message and outbox row the version that produced it.
CREATE TABLE bot_versions (
  number         INTEGER PRIMARY KEY,
  ir             TEXT NOT NULL,
  ir_version     INTEGER NOT NULL,
  compiler       TEXT NOT NULL,
  source_hash    TEXT NOT NULL,
  -- sha256 of the IR without its compiler stamp: two publishes of the same bot have the same one.
  ir_hash        TEXT NOT NULL,
  -- Each trigger's key (topic, text, previous) and a hash of its reply, for "what changed" between versions.
  triggers       TEXT NOT NULL,
  trigger_count  INTEGER NOT NULL,
  published_by   TEXT NOT NULL,
  published_at   INTEGER NOT NULL,
  message        TEXT
);
CREATE INDEX bot_versions_ir_hash ON bot_versions (ir_hash);

CREATE TABLE bot_live (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  number      INTEGER NOT NULL REFERENCES bot_versions (number),
  changed_at  INTEGER NOT NULL,
  changed_by  TEXT NOT NULL
);

CREATE TABLE bot_live_history (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  number      INTEGER NOT NULL REFERENCES bot_versions (number),
  action      TEXT NOT NULL CHECK (action IN ('publish', 'rollback', 'live')),
  at          INTEGER NOT NULL,
  by          TEXT NOT NULL
);

ALTER TABLE messages ADD COLUMN version INTEGER;
ALTER TABLE outbox ADD COLUMN version INTEGER;
