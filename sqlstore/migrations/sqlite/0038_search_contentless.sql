-- The search index kept a copy of every article's folded text beside its
-- index (a sixth of a large site's file, more than the comments), which
-- nothing reads: the store reads only the matching rowids and takes the
-- text it shows from articles. A contentless table keeps the index alone
-- and, with contentless_delete, still deletes an article's entries by
-- rowid when it is reindexed or unpublished. The text comes across from
-- the old table, already folded.
CREATE VIRTUAL TABLE article_search_contentless USING fts5(
	headline, summary, body,
	content = '', contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO article_search_contentless (rowid, headline, summary, body)
	SELECT rowid, headline, summary, body FROM article_search;
DROP TABLE article_search;
ALTER TABLE article_search_contentless RENAME TO article_search;
