-- SQLite's migration 0037 adds an index of the columns of an article's
-- card, since there the bodies sit in the row before them. PostgreSQL
-- keeps long bodies apart from the row already, so it needs none.
SELECT 1;
