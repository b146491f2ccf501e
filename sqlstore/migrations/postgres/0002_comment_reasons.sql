-- Why a comment was held or marked as spam, and an index to find a
-- person's earlier comments (first-comment moderation, duplicates).
ALTER TABLE comments ADD COLUMN reason TEXT NOT NULL DEFAULT '';
CREATE INDEX comments_author ON comments (author_email, author_name, status);
