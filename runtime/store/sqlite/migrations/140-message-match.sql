-- Why each inbound message was answered (issue 24, bot insights): how it matched (trigger, catch-all, none,
-- keyword, opted-out), the text as the engine normalised it, the topic the user was in, and the trigger that
-- answered (its IR id, topic, text as written and where it is written). Rows logged before this migration
-- have match_kind NULL: their reason is unknown, never counted as missed.
ALTER TABLE messages ADD COLUMN match_kind TEXT;
ALTER TABLE messages ADD COLUMN match_text TEXT;
ALTER TABLE messages ADD COLUMN match_topic TEXT;
ALTER TABLE messages ADD COLUMN trigger_id INTEGER;
ALTER TABLE messages ADD COLUMN trigger_topic TEXT;
ALTER TABLE messages ADD COLUMN trigger_text TEXT;
ALTER TABLE messages ADD COLUMN trigger_file TEXT;
ALTER TABLE messages ADD COLUMN trigger_line INTEGER;
ALTER TABLE messages ADD COLUMN trigger_column INTEGER;
CREATE INDEX messages_match_created ON messages (match_kind, created_at) WHERE direction = 'in';
