-- Quiet hours: the window key of each broadcast recipient that has one (`21:00-08:00 America/Chicago`);
-- a recipient without a row may be released at any time. Kept beside broadcast_recipients (from 100) so
-- this migration stands on its own whichever of the two a database gets first.
CREATE TABLE broadcast_recipient_windows (
  broadcast_id  INTEGER NOT NULL,
  user_id       TEXT NOT NULL,
  window_key    TEXT NOT NULL,
  PRIMARY KEY (broadcast_id, user_id)
);
CREATE INDEX bc_recipient_windows ON broadcast_recipient_windows (broadcast_id, window_key);

-- Loop guard: the latest hold of a user whose outbound traffic looked like a loop. Sending to the user
-- stops until `until` or until an operator clears it (`cleared_at`); counting restarts after a clear.
CREATE TABLE loop_guard_holds (
  user_id     TEXT PRIMARY KEY,
  rule        TEXT NOT NULL CHECK (rule IN ('identical', 'rate')),
  detail      TEXT NOT NULL,
  tripped_at  INTEGER NOT NULL,
  until       INTEGER NOT NULL,
  cleared_at  INTEGER
);

-- The loop guard counts a user's recent outbound messages.
CREATE INDEX loop_guard_messages ON messages (user_id, direction, created_at);
