-- The mail outbox: one row per message, composed whole when it is queued
-- (in the transaction of the change that causes it) and sent by the node
-- that runs the jobs. A sender claims due rows under a lease
-- (lease, lease_until); a row whose lease ran out before it was marked
-- sent is due again, so a crash loses nothing, and the Message-ID stays
-- the same when it is sent again. headers holds the further headers as
-- a JSON array of [name, value] pairs.
CREATE TABLE mail_outbox (
	id              INTEGER PRIMARY KEY,
	kind            TEXT NOT NULL,
	recipient       TEXT NOT NULL,
	recipient_name  TEXT NOT NULL DEFAULT '',
	from_name       TEXT NOT NULL DEFAULT '',
	subject         TEXT NOT NULL,
	text_body       TEXT NOT NULL,
	html_body       TEXT NOT NULL DEFAULT '',
	message_id      TEXT NOT NULL UNIQUE,
	date            TIMESTAMP NOT NULL,
	language        TEXT NOT NULL DEFAULT '',
	headers         TEXT NOT NULL DEFAULT '[]',
	sensitive       BOOLEAN NOT NULL DEFAULT FALSE,
	created_at      TIMESTAMP NOT NULL,
	next_attempt_at TIMESTAMP NOT NULL,
	give_up_at      TIMESTAMP NOT NULL,
	attempts        INTEGER NOT NULL DEFAULT 0,
	last_error      TEXT NOT NULL DEFAULT '',
	lease           TEXT NOT NULL DEFAULT '',
	lease_until     TIMESTAMP,
	sent_at         TIMESTAMP,
	failed_at       TIMESTAMP
);
-- What a sender looks for: the queued rows, by when they are due.
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at, id) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX mail_outbox_created ON mail_outbox (created_at, id);
