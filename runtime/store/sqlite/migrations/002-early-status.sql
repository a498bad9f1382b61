-- Status callbacks that arrive before the send's sid is saved (Twilio can call back before its
-- create response is processed). They are applied when the sid is recorded.
CREATE TABLE early_status (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  sid         TEXT NOT NULL,
  status      TEXT NOT NULL,
  error_code  INTEGER,
  at          INTEGER NOT NULL
);
CREATE INDEX early_status_sid ON early_status (sid);
