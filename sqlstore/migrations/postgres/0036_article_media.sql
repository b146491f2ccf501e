-- Which library images each article's or page's body shows, so that an
-- image's edit finds the bodies to render again, and its deletion the
-- bodies that forbid it, by an index instead of a search through every
-- body. Rows are written with the body, in the same transaction; the
-- bodies already stored are read once by the migration's step in Go
-- (SQL cannot parse Markdown). An image a body shows cannot be deleted,
-- so media rows are never removed under a link.
CREATE TABLE article_media (
	article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	media_id   BIGINT NOT NULL REFERENCES media (id),
	PRIMARY KEY (article_id, media_id)
);
CREATE INDEX article_media_media ON article_media (media_id);
