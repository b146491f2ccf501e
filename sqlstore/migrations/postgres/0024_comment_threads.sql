-- Comment pages list an article's approved top-level comments in order
-- and walk down to their replies; both read this index alone, and the
-- number of pages is a count over its top-level entries.
CREATE INDEX comments_article_threads ON comments (article_id, parent_id, status, created_at, id);
