-- Who of the staff works the case (a staff subject, never a person's data); NULL: nobody yet.
ALTER TABLE cases ADD COLUMN assignee text;
CREATE INDEX cases_assignee ON cases (assignee, seq) WHERE assignee IS NOT NULL;
