-- Set-password links: a password reset a staff member asked for, or an
-- admin's invitation to a new staff member. Only the SHA-256 of each
-- link's random token is kept; a link works once, until expires_at, and
-- using it removes every link of its account.
CREATE TABLE account_tokens (
	token_hash TEXT PRIMARY KEY,
	kind       TEXT NOT NULL,
	author_id  INTEGER NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
	created_by INTEGER REFERENCES authors (id) ON DELETE SET NULL,
	created_at TIMESTAMP NOT NULL,
	expires_at TIMESTAMP NOT NULL
);
CREATE INDEX account_tokens_author ON account_tokens (author_id, kind);
