-- Pages: the site's own pages (About, Contact, policies) are articles of
-- kind 'page', so that they share the editor, revisions, the workflow and
-- search. A page sits under a parent page, and its slug need only be free
-- among its siblings (WordPress has both /about/team/ and /contact/team/),
-- while ordinary articles keep slugs unique among themselves. The parent
-- reference is checked at commit, so that a copy can bring pages in by id
-- even when a child has the smaller one.
--
-- SQLite cannot drop the UNIQUE constraint of a column in place, so the
-- table is rebuilt. The store runs this migration with foreign keys off
-- (otherwise dropping the old table would delete every row that refers to
-- it) and checks every reference before it commits.
CREATE TABLE articles_new (
	id                INTEGER PRIMARY KEY,
	slug              TEXT NOT NULL,
	headline          TEXT NOT NULL,
	dek               TEXT NOT NULL DEFAULT '',
	body_source       TEXT NOT NULL DEFAULT '',
	body_html         TEXT NOT NULL DEFAULT '',
	excerpt           TEXT NOT NULL DEFAULT '',
	status            TEXT NOT NULL CHECK (status IN ('draft', 'pending', 'scheduled', 'published')),
	category_id       INTEGER REFERENCES categories (id) ON DELETE SET NULL,
	dateline          TEXT NOT NULL DEFAULT '',
	source_name       TEXT NOT NULL DEFAULT '',
	source_url        TEXT NOT NULL DEFAULT '',
	comments_open     BOOLEAN NOT NULL DEFAULT TRUE,
	published_at      TIMESTAMP,
	created_at        TIMESTAMP NOT NULL,
	updated_at        TIMESTAMP NOT NULL,
	external_id       TEXT NOT NULL DEFAULT '',
	revision          INTEGER NOT NULL DEFAULT 1,
	featured_media_id INTEGER REFERENCES media (id) ON DELETE SET NULL,
	created_by        INTEGER REFERENCES authors (id) ON DELETE SET NULL,
	excerpt_generated BOOLEAN NOT NULL DEFAULT FALSE,
	kind              TEXT NOT NULL DEFAULT 'article' CHECK (kind IN ('article', 'page')),
	parent_id         INTEGER REFERENCES articles (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
	CONSTRAINT articles_parent_page CHECK (parent_id IS NULL OR (kind = 'page' AND parent_id <> id))
);
INSERT INTO articles_new (id, slug, headline, dek, body_source, body_html, excerpt, status, category_id, dateline,
	source_name, source_url, comments_open, published_at, created_at, updated_at, external_id, revision,
	featured_media_id, created_by, excerpt_generated)
SELECT id, slug, headline, dek, body_source, body_html, excerpt, status, category_id, dateline,
	source_name, source_url, comments_open, published_at, created_at, updated_at, external_id, revision,
	featured_media_id, created_by, excerpt_generated
FROM articles;
DROP TABLE articles;
ALTER TABLE articles_new RENAME TO articles;

CREATE INDEX articles_status_published ON articles (status, published_at);
CREATE INDEX articles_category_published ON articles (category_id, status, published_at);
CREATE UNIQUE INDEX articles_external_id ON articles (external_id) WHERE external_id <> '';
CREATE INDEX articles_created_by ON articles (created_by);
CREATE UNIQUE INDEX articles_slug ON articles (slug) WHERE kind = 'article';
CREATE UNIQUE INDEX articles_page_slug ON articles (COALESCE(parent_id, 0), slug) WHERE kind = 'page';
CREATE INDEX articles_parent ON articles (parent_id);
