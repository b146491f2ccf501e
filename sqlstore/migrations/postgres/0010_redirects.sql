-- Old addresses that moved: a renamed section, tag or author page answers
-- with a permanent redirect instead of a 404, and later imports add theirs.
CREATE TABLE redirects (
	from_path  TEXT PRIMARY KEY,
	to_path    TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL
);
