-- Every event about a case carries its version (CONTRACT.md §5): 1 at registration, +1 at each
-- change of the case, of its consents, at erasure and at transfer. A case whose person was
-- erased is `erased` for good.
ALTER TABLE cases ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE cases DROP CONSTRAINT cases_status_check;
ALTER TABLE cases ADD CONSTRAINT cases_status_check CHECK (status IN ('open', 'closed', 'erased', 'transferred'));
