-- Masthead's first schema. Released migrations are never edited: add a new
-- numbered file instead.

CREATE TABLE settings (
	name  TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE authors (
	id          INTEGER PRIMARY KEY,
	slug        TEXT NOT NULL UNIQUE,
	name        TEXT NOT NULL,
	email       TEXT NOT NULL DEFAULT '',
	bio         TEXT NOT NULL DEFAULT '',
	role        TEXT NOT NULL CHECK (role IN ('contributor', 'author', 'editor', 'admin')),
	external_id TEXT NOT NULL DEFAULT '',
	created_at  TIMESTAMP NOT NULL,
	updated_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX authors_email ON authors (email) WHERE email <> '';
CREATE UNIQUE INDEX authors_external_id ON authors (external_id) WHERE external_id <> '';

CREATE TABLE categories (
	id          INTEGER PRIMARY KEY,
	slug        TEXT NOT NULL UNIQUE,
	name        TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	external_id TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX categories_external_id ON categories (external_id) WHERE external_id <> '';

CREATE TABLE tags (
	id          INTEGER PRIMARY KEY,
	slug        TEXT NOT NULL UNIQUE,
	name        TEXT NOT NULL,
	external_id TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX tags_external_id ON tags (external_id) WHERE external_id <> '';

CREATE TABLE articles (
	id            INTEGER PRIMARY KEY,
	slug          TEXT NOT NULL UNIQUE,
	headline      TEXT NOT NULL,
	dek           TEXT NOT NULL DEFAULT '',
	body_source   TEXT NOT NULL DEFAULT '',
	body_html     TEXT NOT NULL DEFAULT '',
	excerpt       TEXT NOT NULL DEFAULT '',
	status        TEXT NOT NULL CHECK (status IN ('draft', 'pending', 'scheduled', 'published')),
	category_id   INTEGER REFERENCES categories (id) ON DELETE SET NULL,
	dateline      TEXT NOT NULL DEFAULT '',
	source_name   TEXT NOT NULL DEFAULT '',
	source_url    TEXT NOT NULL DEFAULT '',
	comments_open BOOLEAN NOT NULL DEFAULT TRUE,
	published_at  TIMESTAMP,
	created_at    TIMESTAMP NOT NULL,
	updated_at    TIMESTAMP NOT NULL,
	external_id   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX articles_status_published ON articles (status, published_at);
CREATE INDEX articles_category_published ON articles (category_id, status, published_at);
CREATE UNIQUE INDEX articles_external_id ON articles (external_id) WHERE external_id <> '';

CREATE TABLE article_authors (
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	author_id  INTEGER NOT NULL REFERENCES authors (id) ON DELETE RESTRICT,
	position   INTEGER NOT NULL,
	PRIMARY KEY (article_id, author_id)
);
CREATE INDEX article_authors_author ON article_authors (author_id, article_id);

CREATE TABLE article_tags (
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	tag_id     INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
	PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_tag ON article_tags (tag_id, article_id);

CREATE TABLE comments (
	id           INTEGER PRIMARY KEY,
	article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	parent_id    INTEGER REFERENCES comments (id) ON DELETE CASCADE,
	author_name  TEXT NOT NULL,
	author_email TEXT NOT NULL,
	author_url   TEXT NOT NULL DEFAULT '',
	body         TEXT NOT NULL,
	status       TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'spam', 'trash')),
	ip           TEXT NOT NULL DEFAULT '',
	created_at   TIMESTAMP NOT NULL,
	external_id  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX comments_article_status ON comments (article_id, status, created_at);
CREATE INDEX comments_status_created ON comments (status, created_at);
CREATE INDEX comments_parent ON comments (parent_id);
CREATE UNIQUE INDEX comments_external_id ON comments (external_id) WHERE external_id <> '';
