-- Each city's latest decision about an employer (CONTRACT.md §7): '' is this city's own
-- legal-referral, any other value the city of the network that decided it. employer_flags keeps
-- the employer's flag as it stands: flagged while any city's latest decision flags it.
CREATE TABLE employer_flag_decisions (
    tax_id text NOT NULL,
    city text NOT NULL,
    flagged boolean NOT NULL,
    reason text NOT NULL,
    decided_at timestamptz NOT NULL,
    PRIMARY KEY (tax_id, city)
);
INSERT INTO employer_flag_decisions (tax_id, city, flagged, reason, decided_at)
    SELECT tax_id, '', flagged, reason, changed_at FROM employer_flags;
