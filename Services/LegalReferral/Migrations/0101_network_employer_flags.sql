-- The other cities' flags (CONTRACT.md §7), as this city's network service announces them: each
-- city's latest decision about an employer.
CREATE TABLE network_employer_flags (
    tax_id text NOT NULL,
    city text NOT NULL,
    flagged boolean NOT NULL,
    reason text NOT NULL,
    evidence_count integer NOT NULL,
    decided_at timestamptz NOT NULL,
    PRIMARY KEY (tax_id, city)
);
