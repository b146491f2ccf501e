-- A staff account an admin disabled cannot sign in; its bylines and author
-- page stay. NULL while the account is active.
ALTER TABLE authors ADD COLUMN disabled_at TIMESTAMP;
