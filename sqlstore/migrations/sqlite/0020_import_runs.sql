-- Imports started from the admin (Tools → Import), with their progress,
-- so that every node and every refresh shows where a run stands, and only
-- one runs on a site at a time. updated_at is the last report of a live
-- run: one silent for long was left behind by a node that died.
CREATE TABLE import_runs (
	id          INTEGER PRIMARY KEY,
	started_by  INTEGER REFERENCES authors (id) ON DELETE SET NULL,
	file_name   TEXT NOT NULL,
	file_bytes  INTEGER NOT NULL DEFAULT 0,
	dry_run     BOOLEAN NOT NULL DEFAULT FALSE,
	state       TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
	items       INTEGER NOT NULL DEFAULT 0,
	bytes_read  INTEGER NOT NULL DEFAULT 0,
	started_at  TIMESTAMP NOT NULL,
	updated_at  TIMESTAMP NOT NULL,
	finished_at TIMESTAMP,
	summary     TEXT NOT NULL DEFAULT '',
	error       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX import_runs_state ON import_runs (state);
