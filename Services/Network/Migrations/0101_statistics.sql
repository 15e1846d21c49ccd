-- The network statistics (CONTRACT.md §7). What is counted, one row per counted thing, by ISO
-- week (UTC) and table; `case_id` where it is about a case, so that a case whose research consent
-- is refused is left out when a week is published, and an erased case is forgotten; `once_key`
-- where one thing may be announced twice (a referral proposed again to the next partner).
CREATE TABLE statistics_facts (
    id bigserial PRIMARY KEY,
    week text NOT NULL CHECK (week ~ '^[0-9]{4}-W[0-9]{2}$'),
    table_name text NOT NULL,
    row_name text NOT NULL,
    column_name text NOT NULL,
    case_id uuid,
    once_key text UNIQUE
);
CREATE INDEX statistics_facts_week ON statistics_facts (week);
CREATE INDEX statistics_facts_case ON statistics_facts (case_id) WHERE case_id IS NOT NULL;

-- Each city's publication of each week (this city's own and the linked cities'), the latest kept.
CREATE TABLE statistics_publications (
    city text NOT NULL,
    week text NOT NULL CHECK (week ~ '^[0-9]{4}-W[0-9]{2}$'),
    tables text NOT NULL,
    published_at timestamptz NOT NULL,
    PRIMARY KEY (city, week)
);
