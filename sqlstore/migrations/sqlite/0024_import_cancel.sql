-- An admin may cancel an import: cancel_requested asks the node running
-- it to stop at its next report, and the run ends cancelled, keeping what
-- it imported. SQLite cannot change a CHECK constraint, so the table is
-- made anew with the new state; nothing refers to it.
CREATE TABLE import_runs_new (
	id               INTEGER PRIMARY KEY,
	started_by       INTEGER REFERENCES authors (id) ON DELETE SET NULL,
	file_name        TEXT NOT NULL,
	file_bytes       INTEGER NOT NULL DEFAULT 0,
	dry_run          BOOLEAN NOT NULL DEFAULT FALSE,
	state            TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
	items            INTEGER NOT NULL DEFAULT 0,
	bytes_read       INTEGER NOT NULL DEFAULT 0,
	started_at       TIMESTAMP NOT NULL,
	updated_at       TIMESTAMP NOT NULL,
	finished_at      TIMESTAMP,
	summary          TEXT NOT NULL DEFAULT '',
	error            TEXT NOT NULL DEFAULT '',
	cancel_requested BOOLEAN NOT NULL DEFAULT FALSE
);
INSERT INTO import_runs_new (id, started_by, file_name, file_bytes, dry_run, state, items, bytes_read, started_at, updated_at, finished_at, summary, error)
	SELECT id, started_by, file_name, file_bytes, dry_run, state, items, bytes_read, started_at, updated_at, finished_at, summary, error FROM import_runs;
DROP TABLE import_runs;
ALTER TABLE import_runs_new RENAME TO import_runs;
CREATE INDEX import_runs_state ON import_runs (state);
