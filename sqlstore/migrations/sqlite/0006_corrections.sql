-- Corrections and updates appended to published articles.
CREATE TABLE corrections (
	id         INTEGER PRIMARY KEY,
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	kind       TEXT NOT NULL CHECK (kind IN ('correction', 'update')),
	body       TEXT NOT NULL,
	author_id  INTEGER REFERENCES authors (id) ON DELETE SET NULL,
	created_at TIMESTAMP NOT NULL
);
CREATE INDEX corrections_article ON corrections (article_id, created_at);
