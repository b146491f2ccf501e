-- Every save of an article is kept as a revision, and the article counts
-- its saves, so that a save started from an old revision can be refused.
ALTER TABLE articles ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;

CREATE TABLE article_revisions (
	article_id  BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	revision    INTEGER NOT NULL,
	editor_id   BIGINT REFERENCES authors (id) ON DELETE SET NULL,
	created_at  TIMESTAMPTZ NOT NULL,
	headline    TEXT NOT NULL,
	dek         TEXT NOT NULL,
	body_source TEXT NOT NULL,
	excerpt     TEXT NOT NULL,
	status      TEXT NOT NULL,
	PRIMARY KEY (article_id, revision)
);
