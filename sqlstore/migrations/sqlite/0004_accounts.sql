-- Staff sign-in: a password hash per staff member, server-side sessions
-- (only a hash of each token is kept) and failed logins for throttling.
ALTER TABLE authors ADD COLUMN password_hash TEXT NOT NULL DEFAULT '';

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	author_id  INTEGER NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
	created_at TIMESTAMP NOT NULL,
	expires_at TIMESTAMP NOT NULL,
	ip         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_author ON sessions (author_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE login_failures (
	key TEXT NOT NULL,
	at  TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);
