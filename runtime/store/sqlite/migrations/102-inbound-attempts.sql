-- How many runs of an inbound row have begun, counted before each run: a message whose run kills the
-- process is counted across restarts, and the worker drops it after a bounded number of runs.
ALTER TABLE inbound ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
