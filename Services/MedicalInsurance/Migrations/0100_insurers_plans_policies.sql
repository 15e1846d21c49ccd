-- Medical-insurance's tables. Policy numbers are personal data: sealed under the person's vault
-- key, with a keyed hash to find a policy by its number. Health details never leave this schema.

CREATE TABLE insurers (
    id uuid PRIMARY KEY,
    seq bigserial UNIQUE,
    name text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE plans (
    id uuid PRIMARY KEY,
    seq bigserial UNIQUE,
    insurer_id uuid NOT NULL REFERENCES insurers (id),
    name text NOT NULL,
    annual_price numeric NOT NULL CHECK (annual_price > 0),
    currency text NOT NULL,
    coverage text[] NOT NULL,
    regions text[] NOT NULL,
    min_age integer,
    max_age integer,
    -- [{"minMembers": 50, "annualPrice": {"amount": "34.00", "currency": "USD"}}]
    group_prices jsonb NOT NULL DEFAULT '[]',
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (insurer_id, name)
);

CREATE TABLE policies (
    id uuid PRIMARY KEY,
    seq bigserial UNIQUE,
    case_id uuid NOT NULL,
    person_ref text,
    plan_id uuid NOT NULL REFERENCES plans (id),
    number bytea,
    number_hash bytea,
    valid_from date NOT NULL,
    valid_to date NOT NULL CHECK (valid_to >= valid_from),
    expiring_announced_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX policies_case ON policies (case_id);
CREATE INDEX policies_number_hash ON policies (number_hash) WHERE number_hash IS NOT NULL;
CREATE INDEX policies_expiring ON policies (valid_to) WHERE expiring_announced_at IS NULL;
