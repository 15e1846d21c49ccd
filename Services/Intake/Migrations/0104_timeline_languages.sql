-- Each timeline line in every language intake words it in ({"en": ..., "ru": ..., "ky": ...});
-- lines written before have only their English summary.
ALTER TABLE timeline ADD COLUMN summaries jsonb;
