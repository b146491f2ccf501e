-- SQLite's migration 0038 drops the copy of the text its full-text index
-- kept. PostgreSQL's index is a tsvector column and keeps no copy.
SELECT 1;
