-- A staff member's picture, from the media library.
ALTER TABLE authors ADD COLUMN avatar_media_id BIGINT REFERENCES media (id) ON DELETE SET NULL;
