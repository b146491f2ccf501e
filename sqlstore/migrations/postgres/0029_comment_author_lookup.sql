-- The duplicate check of a new comment looks up the writer's newest
-- comment on the article by email address. Without this index it read
-- every comment of the article (comments_article_status) and sorted them,
-- so that each post to a busy thread cost more than the one before.
CREATE INDEX comments_article_author ON comments (article_id, author_email, created_at, id);
