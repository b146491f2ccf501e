-- The length of every public list of articles, kept as articles join and
-- leave it, so that a list's page count and a sitemap's index read one row
-- a list instead of an index entry per article: the whole site ("site",
-- ref 0), each calendar month in UTC ("month", ref YYYYMM), each section
-- ("category"), tag ("tag") and author ("author", by byline). articles
-- counts the published ordinary articles of the list, whatever their
-- publish time; modified is when the list last changed. The store fills it
-- from the articles when this migration runs (migration step 34) and
-- after a bulk load or a copy.
CREATE TABLE article_lists (
	list     TEXT NOT NULL,
	ref      BIGINT NOT NULL,
	articles INTEGER NOT NULL DEFAULT 0,
	modified TIMESTAMPTZ,
	PRIMARY KEY (list, ref)
);
