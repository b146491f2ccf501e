-- An admin may cancel an import: cancel_requested asks the node running
-- it to stop at its next report, and the run ends cancelled, keeping what
-- it imported.
ALTER TABLE import_runs DROP CONSTRAINT import_runs_state_check;
ALTER TABLE import_runs ADD CONSTRAINT import_runs_state_check CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled'));
ALTER TABLE import_runs ADD COLUMN cancel_requested BOOLEAN NOT NULL DEFAULT FALSE;
