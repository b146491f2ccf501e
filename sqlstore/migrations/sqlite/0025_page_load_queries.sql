-- What a page load reads no longer grows with the archive.
--
-- Each article keeps the number of its approved comments, which the store
-- changes in the transaction of every comment insert, status change and
-- deletion, so that lists and article pages read one column instead of
-- counting a thread's comments on every request.
ALTER TABLE articles ADD COLUMN comment_count INTEGER NOT NULL DEFAULT 0;
UPDATE articles SET comment_count = (
	SELECT COUNT(*) FROM comments c WHERE c.article_id = articles.id AND c.status = 'approved'
);

-- What readers may see, in the order lists show it: the home page, feeds,
-- date archives and their counts read these entries alone, never the rows
-- that carry the bodies. updated_at makes them cover the sitemap too.
CREATE INDEX articles_visible ON articles (kind, status, published_at, id, updated_at);
-- The same within a section; it replaces the index without the kind.
CREATE INDEX articles_category_visible ON articles (category_id, kind, status, published_at, id);
DROP INDEX articles_category_published;
-- Lists reached through another table (tags, bylines, search) look each
-- article up by id only to ask whether readers may see it, and when: this
-- answers that without reading the article's row.
CREATE INDEX articles_id_visible ON articles (id, kind, status, published_at);
-- An article's page finds it by slug, and a page by its slug under its
-- parent: the unique indexes on slugs hold one kind each, which a query
-- that names the kind as a parameter cannot use, so every article page
-- read every article's entry to find one.
CREATE INDEX articles_slug_kind ON articles (slug, kind);
