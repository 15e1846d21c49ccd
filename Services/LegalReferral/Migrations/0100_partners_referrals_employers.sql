-- Legal-referral's tables. No personal data: cases are known by id and pseudonymous person
-- reference, from intake's events; partners are organisations.

CREATE TABLE partners (
    id uuid PRIMARY KEY,
    seq bigserial UNIQUE,
    name text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('lawyer', 'ngo', 'union', 'consulate')),
    languages text[] NOT NULL,
    specializations text[] NOT NULL,
    capacity integer NOT NULL CHECK (capacity >= 0),
    discount_percent numeric(5, 2) CHECK (discount_percent BETWEEN 0 AND 100),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE referrals (
    id uuid PRIMARY KEY,
    seq bigserial UNIQUE,
    case_id uuid NOT NULL,
    partner_id uuid REFERENCES partners (id),
    issue text NOT NULL,
    language text NOT NULL,
    sex text NOT NULL,
    status text NOT NULL CHECK (status IN ('proposed', 'accepted', 'declined', 'resolved', 'withdrawn', 'unrouted')),
    proposed_at timestamptz,
    escalated_at timestamptz,
    outcome text,
    recovered_amount numeric,
    recovered_currency text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (status NOT IN ('proposed', 'accepted', 'resolved') OR partner_id IS NOT NULL)
);
CREATE INDEX referrals_case ON referrals (case_id);
CREATE INDEX referrals_partner_open ON referrals (partner_id) WHERE status IN ('proposed', 'accepted');
CREATE INDEX referrals_waiting ON referrals (proposed_at) WHERE status = 'proposed' AND escalated_at IS NULL;
CREATE INDEX referrals_created ON referrals (created_at);
-- One open referral per case and issue: a redelivered event or a double click cannot open two.
CREATE UNIQUE INDEX referrals_one_open ON referrals (case_id, issue) WHERE status IN ('proposed', 'accepted', 'unrouted', 'declined');

CREATE TABLE referral_history (
    id bigserial PRIMARY KEY,
    referral_id uuid NOT NULL REFERENCES referrals (id),
    at timestamptz NOT NULL DEFAULT now(),
    status text NOT NULL,
    partner_id uuid,
    actor text NOT NULL,
    note text
);
CREATE INDEX referral_history_referral ON referral_history (referral_id, id);

CREATE TABLE complaints (
    id uuid PRIMARY KEY,
    tax_id text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('unpaid-wages', 'documents-withheld', 'unsafe', 'violence', 'discrimination')),
    case_id uuid,
    amount numeric,
    currency text,
    filed_by text NOT NULL,
    filed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX complaints_tax_id ON complaints (tax_id);

CREATE TABLE employer_flags (
    tax_id text PRIMARY KEY,
    flagged boolean NOT NULL,
    reason text NOT NULL,
    evidence_count integer NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    changed_by text NOT NULL
);
