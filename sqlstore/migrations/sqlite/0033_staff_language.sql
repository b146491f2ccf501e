-- A staff member's own language for the newsroom's pages, a BCP 47 tag;
-- empty for the site's language setting.
ALTER TABLE authors ADD COLUMN language TEXT NOT NULL DEFAULT '';
