-- The sender meter (one row per sender, shared by every process on this database, locked for one short
-- transaction per message) and the `expired` outbox state: a reply whose validity passed before it could be sent.
ALTER TABLE outbox DROP CONSTRAINT outbox_state_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_state_check
  CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'canceled', 'unknown', 'expired'));

CREATE TABLE sender_meter (
  key         text PRIMARY KEY,
  state       jsonb NOT NULL,
  updated_at  bigint NOT NULL
);
