-- A revision's body may be NULL, read as its article's current body: the
-- first revision of every article copied the body, and most articles are
-- never edited. The store writes the body into such revisions before a
-- save changes the article's.
ALTER TABLE article_revisions ALTER COLUMN body_source DROP NOT NULL;
UPDATE article_revisions r SET body_source = NULL
	FROM articles a WHERE a.id = r.article_id AND r.body_source = a.body_source;
