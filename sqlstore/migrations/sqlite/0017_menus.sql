-- Editable menus: one per location (the header, the footer), replaced as a
-- whole when saved. An item leads to a section, an article or page, or an
-- address; a section or article that goes away leaves the item in place
-- with no target, and pages leave it out.
CREATE TABLE menus (
	location   TEXT PRIMARY KEY,
	updated_at TIMESTAMP NOT NULL
);

CREATE TABLE menu_items (
	id          INTEGER PRIMARY KEY,
	location    TEXT NOT NULL REFERENCES menus (location) ON DELETE CASCADE,
	parent_id   INTEGER REFERENCES menu_items (id) ON DELETE CASCADE,
	position    INTEGER NOT NULL,
	label       TEXT NOT NULL,
	kind        TEXT NOT NULL CHECK (kind IN ('section', 'article', 'url')),
	category_id INTEGER REFERENCES categories (id) ON DELETE SET NULL,
	article_id  INTEGER REFERENCES articles (id) ON DELETE SET NULL,
	url         TEXT NOT NULL DEFAULT '',
	external_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX menu_items_location ON menu_items (location, position);
CREATE INDEX menu_items_parent ON menu_items (parent_id);
CREATE INDEX menu_items_category ON menu_items (category_id);
CREATE INDEX menu_items_article ON menu_items (article_id);
