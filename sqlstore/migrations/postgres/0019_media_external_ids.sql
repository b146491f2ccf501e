-- Images remember the id they had in a system they were imported from
-- (a WordPress attachment's), so that an import run again adds none twice.
ALTER TABLE media ADD COLUMN external_id TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX media_external_id ON media (external_id) WHERE external_id <> '';
