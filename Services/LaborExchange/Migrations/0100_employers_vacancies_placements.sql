-- Labor-exchange's tables. No personal data: job seekers are case ids with what they look for.

CREATE TABLE employers (
    id uuid PRIMARY KEY,
    seq bigserial UNIQUE,
    tax_id text NOT NULL UNIQUE,
    name text NOT NULL,
    city text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Flags as legal-referral announces them, by tax id: a flag may come before the employer is here.
CREATE TABLE employer_flags (
    tax_id text PRIMARY KEY,
    flagged boolean NOT NULL,
    reason text NOT NULL,
    changed_at timestamptz NOT NULL
);

CREATE TABLE vacancies (
    id uuid PRIMARY KEY,
    seq bigserial UNIQUE,
    employer_id uuid NOT NULL REFERENCES employers (id),
    occupation text NOT NULL,
    minor_group text NOT NULL,
    title text NOT NULL,
    city text NOT NULL,
    wage_amount numeric NOT NULL CHECK (wage_amount > 0),
    wage_currency text NOT NULL,
    wage_period text NOT NULL CHECK (wage_period IN ('hour', 'day', 'week', 'month')),
    monthly_wage numeric NOT NULL,
    positions integer NOT NULL CHECK (positions >= 0),
    housing_provided boolean NOT NULL,
    languages text[] NOT NULL,
    status text NOT NULL CHECK (status IN ('open', 'closed')),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vacancies_matching ON vacancies (minor_group) WHERE status = 'open' AND positions > 0;
CREATE INDEX vacancies_employer ON vacancies (employer_id);

CREATE TABLE job_seekers (
    id uuid PRIMARY KEY,
    seq bigserial UNIQUE,
    case_id uuid NOT NULL UNIQUE,
    occupations text[] NOT NULL,
    languages text[] NOT NULL,
    desired_amount numeric,
    desired_currency text,
    city text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE placements (
    id uuid PRIMARY KEY,
    seq bigserial UNIQUE,
    case_id uuid NOT NULL,
    vacancy_id uuid NOT NULL REFERENCES vacancies (id),
    employer_id uuid NOT NULL REFERENCES employers (id),
    start_date date NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (case_id, vacancy_id)
);

CREATE TABLE follow_ups (
    placement_id uuid NOT NULL REFERENCES placements (id),
    month integer NOT NULL CHECK (month IN (1, 3, 6, 12)),
    due_date date NOT NULL,
    recorded_at timestamptz,
    wage_paid_on_time boolean,
    conditions_ok boolean,
    note text,
    PRIMARY KEY (placement_id, month)
);
CREATE INDEX follow_ups_due ON follow_ups (due_date) WHERE recorded_at IS NULL;
