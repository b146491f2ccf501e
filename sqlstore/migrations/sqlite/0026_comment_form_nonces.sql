-- form_nonce holds the hash of the single-use nonce of the reader token a
-- comment was posted with: the unique index refuses a second comment with
-- the same token in the same insert, however close together they arrive.
-- commenter_key holds the hash of the random key of the browser that
-- posted it, by which hold_first recognises a regular. Imports and staff
-- replies have neither, so both are NULL for them and the indexes skip
-- them.
ALTER TABLE comments ADD COLUMN form_nonce TEXT;
ALTER TABLE comments ADD COLUMN commenter_key TEXT;
CREATE UNIQUE INDEX comments_form_nonce ON comments (form_nonce) WHERE form_nonce IS NOT NULL;
CREATE INDEX comments_commenter_key ON comments (commenter_key, author_email, status) WHERE commenter_key IS NOT NULL;
