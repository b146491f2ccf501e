-- What each write made stale, as the change keys it announced, so that
-- other processes on the same file (the command line beside a server)
-- hear of it: their watchers read the rows after the last one they saw
-- whenever the file's data version moves. Ids grow in commit order and
-- are never reused (AUTOINCREMENT), so a gap tells a watcher that rows
-- were pruned before it saw them. Old rows are pruned as changes go on.
CREATE TABLE changes (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	keys       TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL
);
CREATE INDEX changes_created_at ON changes (created_at);
