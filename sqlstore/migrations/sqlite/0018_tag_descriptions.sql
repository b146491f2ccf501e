-- Tags may have a description, as WordPress's do, shown on the tag's page;
-- imports bring them over.
ALTER TABLE tags ADD COLUMN description TEXT NOT NULL DEFAULT '';
