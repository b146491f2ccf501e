-- "Notify me of follow-up comments by email": a reader's subscription to
-- one article's thread. It waits for its confirmation link (only the
-- hash of its token is kept) and counts once confirmed_at is set. The
-- address is in CommenterEmail's form (lower case), and one address has
-- one subscription per article.
CREATE TABLE comment_subscriptions (
	id                 INTEGER PRIMARY KEY,
	article_id         INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	email              TEXT NOT NULL,
	confirm_token_hash TEXT,
	created_at         TIMESTAMP NOT NULL,
	confirmed_at       TIMESTAMP
);
CREATE UNIQUE INDEX comment_subscriptions_article_email ON comment_subscriptions (article_id, email);
CREATE UNIQUE INDEX comment_subscriptions_confirm ON comment_subscriptions (confirm_token_hash) WHERE confirm_token_hash IS NOT NULL;
CREATE INDEX comment_subscriptions_email ON comment_subscriptions (email);
-- Retention deletes subscriptions whose confirmation link ran out.
CREATE INDEX comment_subscriptions_unconfirmed ON comment_subscriptions (created_at) WHERE confirmed_at IS NULL;

-- One follow-up mail per approved comment and subscriber: the row is
-- written in the transaction that approves the comment, and queued_at,
-- with the hash of the mail's own unsubscribe token, in the transaction
-- that queues the mail, so that neither a retry nor a second node sends
-- it twice.
CREATE TABLE comment_followups (
	comment_id         INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
	subscription_id    INTEGER NOT NULL REFERENCES comment_subscriptions (id) ON DELETE CASCADE,
	queued_at          TIMESTAMP,
	unsubscribe_hash   TEXT,
	PRIMARY KEY (comment_id, subscription_id)
);
CREATE INDEX comment_followups_due ON comment_followups (comment_id) WHERE queued_at IS NULL;
CREATE UNIQUE INDEX comment_followups_unsubscribe ON comment_followups (unsubscribe_hash) WHERE unsubscribe_hash IS NOT NULL;
CREATE INDEX comment_followups_subscription ON comment_followups (subscription_id);

-- Held comments the digest to editors has listed, each once; the newest
-- digested_at is when the last digest went out.
CREATE TABLE held_digest_marks (
	comment_id  INTEGER PRIMARY KEY REFERENCES comments (id) ON DELETE CASCADE,
	digested_at TIMESTAMP NOT NULL
);
CREATE INDEX held_digest_marks_digested ON held_digest_marks (digested_at);
