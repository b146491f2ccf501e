-- Masthead now folds every text before it reaches the index (Unicode
-- normalisation: "Đường" is indexed as "duong", "Straße" as "strasse"), and
-- makes snippets from the articles themselves. Folding happens in Go, so
-- SQL cannot refold the index: the row below asks the store to rebuild it,
-- in batches of articles with ids above after_id, after migrating. A later
-- migration that changes the index asks the same way.
CREATE TABLE search_rebuild (
	after_id BIGINT NOT NULL
);
INSERT INTO search_rebuild (after_id) VALUES (0);
