-- Personal data (docs/operations.md, "Personal data"): the consent ledger (every opt-in and opt-out, with its
-- source and the sid that caused it; kept, under a salted hash, when the rest of a user is erased), suppression
-- records of erased opted-out users (salted hash of the number), and the database's salt for those hashes.
CREATE TABLE consent_ledger (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id   TEXT NOT NULL,
  opted_in  INTEGER NOT NULL,
  source    TEXT NOT NULL CHECK (source IN ('STOP', 'START', '21610', 'API', 'erase')),
  keyword   TEXT,
  sid       TEXT,
  at        INTEGER NOT NULL
);
CREATE INDEX consent_ledger_user ON consent_ledger (user_id, at);
-- Users already opted out when this migration runs: their opt-out is the ledger's first row (its sid is not known).
INSERT INTO consent_ledger (user_id, opted_in, source, keyword, sid, at)
  SELECT id, 0, CASE WHEN opt_out_reason LIKE '%21610%' THEN '21610' ELSE 'STOP' END,
         CASE WHEN opt_out_reason LIKE '%21610%' THEN NULL ELSE opt_out_reason END, NULL, COALESCE(opted_out_at, last_seen_at)
  FROM users WHERE opted_out;

CREATE TABLE suppressions (
  hash          TEXT PRIMARY KEY,
  opted_out_at  INTEGER NOT NULL,
  keyword       TEXT,
  erased_at     INTEGER NOT NULL
);

CREATE TABLE personal_salt (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  salt  TEXT NOT NULL
);
