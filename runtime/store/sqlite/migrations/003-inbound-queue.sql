-- The inbound queue: an accepted webhook is a `queued` row (with the message) before Twilio gets its 200;
-- a worker runs it and marks it `done` in the step's own transaction. `seq` is the arrival order.
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt; `processing` rows (claims of
-- an older runtime that died mid-step) carry no message and are dropped, so Twilio's retry is accepted.
CREATE TABLE inbound_queue (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  sid          TEXT NOT NULL UNIQUE,
  user_id      TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('queued', 'done')),
  message      TEXT,
  received_at  INTEGER NOT NULL,
  done_at      INTEGER
);
INSERT INTO inbound_queue (sid, user_id, state, message, received_at, done_at)
  SELECT sid, user_id, 'done', NULL, claimed_at, done_at FROM inbound WHERE state = 'done' ORDER BY claimed_at;
DROP TABLE inbound;
ALTER TABLE inbound_queue RENAME TO inbound;
CREATE INDEX inbound_queued ON inbound (user_id, seq) WHERE state = 'queued';
