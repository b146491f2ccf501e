-- Pages: the site's own pages (About, Contact, policies) are articles of
-- kind 'page', so that they share the editor, revisions, the workflow and
-- search. A page sits under a parent page, and its slug need only be free
-- among its siblings (WordPress has both /about/team/ and /contact/team/),
-- while ordinary articles keep slugs unique among themselves. The parent
-- reference is checked at commit, so that a copy can bring pages in by id
-- even when a child has the smaller one.
ALTER TABLE articles ADD COLUMN kind TEXT NOT NULL DEFAULT 'article' CHECK (kind IN ('article', 'page'));
ALTER TABLE articles ADD COLUMN parent_id BIGINT REFERENCES articles (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE articles ADD CONSTRAINT articles_parent_page CHECK (parent_id IS NULL OR (kind = 'page' AND parent_id <> id));
ALTER TABLE articles DROP CONSTRAINT articles_slug_key;
CREATE UNIQUE INDEX articles_slug ON articles (slug) WHERE kind = 'article';
CREATE UNIQUE INDEX articles_page_slug ON articles (COALESCE(parent_id, 0), slug) WHERE kind = 'page';
CREATE INDEX articles_parent ON articles (parent_id);
