-- A transfer's answer: the person and case made from an accepted one, why a refused one was refused.
ALTER TABLE transfers ADD COLUMN person_id uuid, ADD COLUMN rejection text, ADD COLUMN answered_at timestamptz;
