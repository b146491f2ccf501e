-- Moderation reasons used to be fragments that the moderation screen
-- completed ("Held because it ..."); they are whole sentences now, written
-- where the decision is made, so that every tool can show them as they are.
-- Only the fragments Masthead wrote are rewritten; any other reason stays.
UPDATE comments SET reason = CASE
	WHEN reason = 'first comment from this name and email' THEN 'Held because it is the first comment from this name and email address.'
	WHEN reason = 'every comment is held for moderation' THEN 'Held because every comment waits for a moderator on this site.'
	WHEN reason = 'written by staff' THEN 'Written by staff.'
	WHEN reason LIKE 'contains the spam word %' OR reason LIKE 'filled in the hidden field%' THEN 'Marked as spam because it ' || reason || '.'
	ELSE 'Held because it ' || reason || '.'
END
WHERE reason = 'first comment from this name and email'
	OR reason = 'every comment is held for moderation'
	OR reason = 'written by staff'
	OR reason LIKE 'contains the spam word %'
	OR reason LIKE 'filled in the hidden field%'
	OR reason LIKE 'holds % links, more than %'
	OR reason LIKE 'contains the held word %';
