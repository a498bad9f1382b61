-- The columns PostgreSQL's broadcast leases and claims use, so both stores run the same statements: the
-- runner's and the claimer's process liveness key. SQLite leaves them NULL (one machine: the pid tells).
ALTER TABLE broadcasts ADD COLUMN runner_key INTEGER;
ALTER TABLE outbox ADD COLUMN claimed_by INTEGER;
