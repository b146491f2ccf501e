-- The media library, and an article's featured image.
CREATE TABLE media (
	id            INTEGER PRIMARY KEY,
	name          TEXT NOT NULL UNIQUE,
	type          TEXT NOT NULL,
	width         INTEGER NOT NULL,
	height        INTEGER NOT NULL,
	variants      TEXT NOT NULL DEFAULT '',
	original_name TEXT NOT NULL DEFAULT '',
	alt_text      TEXT NOT NULL DEFAULT '',
	caption       TEXT NOT NULL DEFAULT '',
	credit        TEXT NOT NULL DEFAULT '',
	uploaded_by   INTEGER REFERENCES authors (id) ON DELETE SET NULL,
	created_at    TIMESTAMP NOT NULL
);
CREATE INDEX media_created ON media (created_at);
ALTER TABLE articles ADD COLUMN featured_media_id INTEGER REFERENCES media (id) ON DELETE SET NULL;
