-- Full-text search over published articles, filled by the store whenever an
-- article or an author's name changes. The document is built from text the
-- store folds (lower case, no accents), so that no extension is needed and
-- both databases find the same articles; body keeps the original text for
-- ts_headline snippets.
CREATE TABLE article_search (
	article_id BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
	body       TEXT NOT NULL,
	document   TSVECTOR NOT NULL
);
CREATE INDEX article_search_document ON article_search USING GIN (document);
