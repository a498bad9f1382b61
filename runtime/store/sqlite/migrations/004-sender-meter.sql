-- The sender meter (one row per sender, shared by every process on this file) and the `expired` outbox
-- state: a reply whose validity passed before it could be sent. SQLite cannot change a CHECK constraint,
-- so the outbox table is rebuilt with the same columns, rows and indexes.
CREATE TABLE outbox_rebuilt (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id          TEXT NOT NULL,
  kind             TEXT NOT NULL CHECK (kind IN ('reply', 'reminder', 'broadcast')),
  name             TEXT,
  body             TEXT NOT NULL,
  media            TEXT NOT NULL DEFAULT '[]',
  due_at           INTEGER NOT NULL,
  seq              INTEGER NOT NULL DEFAULT 0,
  cancelable       INTEGER NOT NULL DEFAULT 1,
  state            TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'canceled', 'unknown', 'expired')),
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
INSERT INTO outbox_rebuilt (id, user_id, kind, name, body, media, due_at, seq, cancelable, state, attempts, next_attempt_at, sid,
  status, status_rank, error_code, error, sent_at, created_at, updated_at)
  SELECT id, user_id, kind, name, body, media, due_at, seq, cancelable, state, attempts, next_attempt_at, sid,
    status, status_rank, error_code, error, sent_at, created_at, updated_at FROM outbox;
-- Ids are never reused (messages and broadcasts refer to them): the id sequence carries over.
DELETE FROM sqlite_sequence WHERE name = 'outbox_rebuilt';
INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox_rebuilt', seq FROM sqlite_sequence WHERE name = 'outbox';
DROP TABLE outbox;
ALTER TABLE outbox_rebuilt RENAME TO outbox;
CREATE INDEX outbox_state_due ON outbox (state, due_at);
CREATE INDEX outbox_user_state ON outbox (user_id, state, due_at);

-- The meter's state (JSON: drainAt, slowFactor, slowUntil, day, dayCount), written in one short transaction per message.
CREATE TABLE sender_meter (
  key         TEXT PRIMARY KEY,
  state       TEXT NOT NULL,
  updated_at  INTEGER NOT NULL
);
