-- A revision's body may be NULL, read as its article's current body: the
-- first revision of every article copied the body, and most articles are
-- never edited (a fifth of a large site's file). The store writes the
-- body into such revisions before a save changes the article's. SQLite
-- cannot drop NOT NULL from a column, so the table is made again; nothing
-- refers to it.
CREATE TABLE article_revisions_new (
	article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	revision    INTEGER NOT NULL,
	editor_id   INTEGER REFERENCES authors (id) ON DELETE SET NULL,
	created_at  TIMESTAMP NOT NULL,
	headline    TEXT NOT NULL,
	dek         TEXT NOT NULL,
	body_source TEXT,
	excerpt     TEXT NOT NULL,
	status      TEXT NOT NULL,
	PRIMARY KEY (article_id, revision)
);
INSERT INTO article_revisions_new (article_id, revision, editor_id, created_at, headline, dek, body_source, excerpt, status)
	SELECT r.article_id, r.revision, r.editor_id, r.created_at, r.headline, r.dek,
		CASE WHEN r.body_source = a.body_source THEN NULL ELSE r.body_source END, r.excerpt, r.status
	FROM article_revisions r LEFT JOIN articles a ON a.id = r.article_id;
DROP TABLE article_revisions;
ALTER TABLE article_revisions_new RENAME TO article_revisions;
