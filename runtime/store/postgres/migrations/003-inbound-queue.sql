-- The inbound queue: an accepted webhook is a `queued` row (with the message) before Twilio gets its 200;
-- a worker runs it and marks it `done` in the step's own transaction. `seq` is the arrival order.
-- `processing` rows are only written by runtimes older than this schema (which claim before running).
ALTER TABLE inbound ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE inbound ADD COLUMN message jsonb;
ALTER TABLE inbound ADD COLUMN received_at bigint;
ALTER TABLE inbound ALTER COLUMN token DROP NOT NULL;
ALTER TABLE inbound ALTER COLUMN claimed_at DROP NOT NULL;
ALTER TABLE inbound DROP CONSTRAINT inbound_state_check;
ALTER TABLE inbound ADD CONSTRAINT inbound_state_check CHECK (state IN ('queued', 'processing', 'done'));
CREATE INDEX inbound_queued ON inbound (user_id, seq) WHERE state = 'queued';

-- The per-user lock: a row naming the holder's liveness key, taken and dropped in short statements, so a
-- step waiting on a `$` call holds no connection. A holder whose liveness lock is gone is dead and is replaced.
CREATE TABLE user_locks (
  user_id   text PRIMARY KEY,
  holder    integer NOT NULL,
  taken_at  bigint NOT NULL
);
