-- Quiet hours: the window key of each broadcast recipient that has one (`21:00-08:00 America/Chicago`);
-- a recipient without a row may be released at any time. Kept apart from the broadcast tables so this
-- migration stands on its own.
CREATE TABLE broadcast_recipient_windows (
  broadcast_id  bigint NOT NULL,
  user_id       text NOT NULL,
  window_key    text NOT NULL,
  PRIMARY KEY (broadcast_id, user_id)
);
CREATE INDEX bc_recipient_windows ON broadcast_recipient_windows (broadcast_id, window_key);

-- Loop guard: the latest hold of a user whose outbound traffic looked like a loop. Sending to the user
-- stops until `until` or until an operator clears it (`cleared_at`); counting restarts after a clear.
CREATE TABLE loop_guard_holds (
  user_id     text PRIMARY KEY,
  rule        text NOT NULL CHECK (rule IN ('identical', 'rate')),
  detail      text NOT NULL,
  tripped_at  bigint NOT NULL,
  until       bigint NOT NULL,
  cleared_at  bigint
);
