-- Full-text search over published articles, filled by the store whenever an
-- article or an author's name changes (rowid = article id). SQLite folds
-- case and accents itself; the store passes queries in folded form.
CREATE VIRTUAL TABLE article_search USING fts5(
	headline, summary, body,
	tokenize = 'unicode61 remove_diacritics 2'
);
