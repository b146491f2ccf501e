-- Pins: articles an editor puts at the top of the home page (section_id
-- NULL) or of a section's page, in the order of position, until
-- expires_at (NULL: until removed). A list holds few pins, and a page load
-- reads them through pins_list; an article or section that goes away
-- takes its pins with it.
CREATE TABLE pins (
	id          INTEGER PRIMARY KEY,
	section_id  INTEGER REFERENCES categories (id) ON DELETE CASCADE,
	article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	position    INTEGER NOT NULL,
	expires_at  TIMESTAMP,
	created_by  INTEGER REFERENCES authors (id) ON DELETE SET NULL,
	created_at  TIMESTAMP NOT NULL
);
CREATE INDEX pins_list ON pins (section_id, position);
-- An article is pinned once to a list: NULL is distinct from NULL in a
-- unique index, so the home page has an index of its own.
CREATE UNIQUE INDEX pins_home_article ON pins (article_id) WHERE section_id IS NULL;
CREATE UNIQUE INDEX pins_section_article ON pins (section_id, article_id) WHERE section_id IS NOT NULL;
CREATE INDEX pins_article ON pins (article_id);
-- The expiry job finds the pins whose time has come.
CREATE INDEX pins_expiry ON pins (expires_at) WHERE expires_at IS NOT NULL;
