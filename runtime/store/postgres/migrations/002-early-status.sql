-- Status callbacks that arrive before the send's sid is saved (Twilio can call back before its
-- create response is processed). They are applied when the sid is recorded.
CREATE TABLE early_status (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sid         text NOT NULL,
  status      text NOT NULL,
  error_code  integer,
  at          bigint NOT NULL
);
CREATE INDEX early_status_sid ON early_status (sid);
CREATE INDEX early_status_at ON early_status (at);
