-- Who created each article: the creator can always reach it, whoever the
-- byline names. Existing articles take the editor of their first revision,
-- or else the first author of their byline.
ALTER TABLE articles ADD COLUMN created_by BIGINT REFERENCES authors (id) ON DELETE SET NULL;
UPDATE articles SET created_by = COALESCE(
	(SELECT r.editor_id FROM article_revisions r WHERE r.article_id = articles.id ORDER BY r.revision LIMIT 1),
	(SELECT aa.author_id FROM article_authors aa WHERE aa.article_id = articles.id ORDER BY aa.position LIMIT 1));
CREATE INDEX articles_created_by ON articles (created_by);
