-- Lists and related articles show cards: every column of an article but
-- its bodies. On SQLite a row keeps its columns in order, and the bodies
-- come early, so that reading any column after them walks the overflow
-- pages of both bodies, three or four pages for a card of one. This index
-- holds the card's columns by id, so that a card is read from one entry
-- (the store names it with INDEXED BY, since the planner prefers the
-- table's own rows for a lookup by id). Its columns must stay those the
-- store reads for a card (articleCardColumns); a column missing from it
-- is still read, from the row, only slower.
CREATE INDEX articles_card ON articles (id, slug, headline, dek, excerpt, excerpt_generated, status,
	category_id, dateline, source_name, source_url, comments_open, published_at, created_at, updated_at,
	external_id, revision, featured_media_id, created_by, kind, parent_id, comment_count);
