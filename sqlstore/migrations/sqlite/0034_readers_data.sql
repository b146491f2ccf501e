-- Readers' rights over their data. A reader asks for their comments or
-- their erasure by a confirmation link: only a hash of its token is kept,
-- the address until the link is used, and the request itself as long as
-- it counts for the throttle, under a keyed hash of the address and the
-- network it came from.
CREATE TABLE privacy_requests (
	token_hash  TEXT PRIMARY KEY,
	kind        TEXT NOT NULL CHECK (kind IN ('export', 'erase')),
	email       TEXT NOT NULL,
	address_key TEXT NOT NULL,
	network     TEXT NOT NULL,
	created_at  TIMESTAMP NOT NULL,
	expires_at  TIMESTAMP NOT NULL,
	used_at     TIMESTAMP
);
CREATE INDEX privacy_requests_address ON privacy_requests (address_key, created_at);
CREATE INDEX privacy_requests_network ON privacy_requests (network, created_at);
CREATE INDEX privacy_requests_created ON privacy_requests (created_at);

-- The log of erasures: when, how many comments, how, and who asked (an
-- admin, or the commenter when requested_by is NULL and by_commenter is
-- true), under a keyed hash of the address, never the address.
CREATE TABLE erasures (
	id           INTEGER PRIMARY KEY,
	erased_at    TIMESTAMP NOT NULL,
	comments     INTEGER NOT NULL,
	mode         TEXT NOT NULL CHECK (mode IN ('remove_text', 'keep_text')),
	requested_by INTEGER REFERENCES authors (id) ON DELETE SET NULL,
	by_commenter BOOLEAN NOT NULL,
	address_key  TEXT NOT NULL
);
CREATE INDEX erasures_address ON erasures (address_key, erased_at);

-- Retention clears the networks and browser keys of old comments: this
-- index holds only the comments that still have one, by date.
CREATE INDEX comments_retained ON comments (created_at) WHERE ip <> '' OR commenter_key IS NOT NULL;

-- The site's privacy page is /privacy/ from now on, made from the
-- settings, and no page may take that address. A page a site made there
-- before moves to /privacy-policy/ (WordPress's own address for it),
-- unless one is there already, and the privacy page shows it first.
UPDATE articles SET slug = 'privacy-policy'
WHERE kind = 'page' AND parent_id IS NULL AND slug = 'privacy'
	AND NOT EXISTS (SELECT 1 FROM articles p WHERE p.kind = 'page' AND p.parent_id IS NULL AND p.slug = 'privacy-policy');
