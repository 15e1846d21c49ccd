-- Intake's events may arrive in any order (CONTRACT.md §5): each part of a case remembers the
-- caseVersion that last set it, and a case heard of before its registration is kept as a row
-- with what is known (registered_at NULL). Rows from before versions start at 0, so that any
-- versioned event is newer.
ALTER TABLE cases
    ADD COLUMN version integer NOT NULL DEFAULT 0,
    ADD COLUMN state_version integer NOT NULL DEFAULT 0,
    ADD COLUMN consent_versions jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN age_band text,
    ALTER COLUMN language DROP NOT NULL,
    ALTER COLUMN sex DROP NOT NULL,
    ALTER COLUMN registered_at DROP NOT NULL;
