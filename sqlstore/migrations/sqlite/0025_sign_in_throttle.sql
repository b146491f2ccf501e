-- Sign-in attempts replace login failures: each attempt is stored before
-- its password is checked and removed when it was right, keyed by a hash
-- of the email (never the email) and the client's network.
DROP TABLE login_failures;

CREATE TABLE sign_in_attempts (
	account TEXT NOT NULL,
	network TEXT NOT NULL,
	at      TIMESTAMP NOT NULL
);
CREATE INDEX sign_in_attempts_pair ON sign_in_attempts (account, network, at);
CREATE INDEX sign_in_attempts_network ON sign_in_attempts (network, at);
CREATE INDEX sign_in_attempts_at ON sign_in_attempts (at);

-- The first-admin set-up link carries a random token, good once and for a
-- day; only its hash is kept.
CREATE TABLE setup_tokens (
	token_hash TEXT PRIMARY KEY,
	expires_at TIMESTAMP NOT NULL
);

-- When a session was last used, written at most once a minute.
ALTER TABLE sessions ADD COLUMN last_seen_at TIMESTAMP;
UPDATE sessions SET last_seen_at = created_at;
