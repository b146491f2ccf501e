-- Preview links let someone without an account read an article before
-- it is published. Only a hash of each link's token is kept; a link ends
-- at expires_at or when revoked, and is remembered for a while after
-- that, so that following it says it ended rather than that it never was.
CREATE TABLE preview_links (
	id         INTEGER PRIMARY KEY,
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	token_hash TEXT NOT NULL UNIQUE,
	created_by INTEGER REFERENCES authors (id) ON DELETE SET NULL,
	created_at TIMESTAMP NOT NULL,
	expires_at TIMESTAMP NOT NULL,
	revoked_at TIMESTAMP
);
CREATE INDEX preview_links_article ON preview_links (article_id, expires_at);

-- What each staff member was typing in the editor, one slot per staff
-- member and article (article_id 0: their new article, not saved yet),
-- apart from the article, so that autosaving never changes it.
CREATE TABLE autosaves (
	article_id    INTEGER NOT NULL,
	author_id     INTEGER NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
	base_revision INTEGER NOT NULL,
	headline      TEXT NOT NULL,
	dek           TEXT NOT NULL,
	body          TEXT NOT NULL,
	excerpt       TEXT NOT NULL,
	saved_at      TIMESTAMP NOT NULL,
	PRIMARY KEY (article_id, author_id)
);
