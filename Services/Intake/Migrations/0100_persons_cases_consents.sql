-- Intake's tables. Personal fields are bytea sealed under the person's key (PersonalDataVault);
-- lookups go through keyed hashes. Everything in clear is a closed vocabulary, a date of the
-- center's own work, or an id.

CREATE TABLE persons (
    id uuid PRIMARY KEY,
    given_name bytea,
    family_name bytea,
    name_latin bytea,
    birth_date bytea,
    phone bytea,
    document_type bytea,
    document_number bytea,
    sex text CHECK (sex IN ('female', 'male', 'unknown')),
    citizenship text,
    languages text[],
    document_hash bytea,
    phone_hash bytea,
    birth_date_hash bytea,
    merged_into uuid REFERENCES persons (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL,
    erased_at timestamptz,
    CHECK (erased_at IS NOT NULL OR (given_name IS NOT NULL AND family_name IS NOT NULL AND sex IS NOT NULL)),
    CHECK (erased_at IS NULL OR (given_name IS NULL AND family_name IS NULL AND name_latin IS NULL
        AND birth_date IS NULL AND phone IS NULL AND document_number IS NULL
        AND document_hash IS NULL AND phone_hash IS NULL AND birth_date_hash IS NULL))
);
CREATE INDEX persons_document_hash ON persons (document_hash) WHERE document_hash IS NOT NULL;
CREATE INDEX persons_phone_hash ON persons (phone_hash) WHERE phone_hash IS NOT NULL;
CREATE INDEX persons_birth_date_hash ON persons (birth_date_hash) WHERE birth_date_hash IS NOT NULL;
CREATE INDEX persons_merged_into ON persons (merged_into) WHERE merged_into IS NOT NULL;

CREATE TABLE cases (
    id uuid PRIMARY KEY,
    seq bigserial UNIQUE,
    person_id uuid NOT NULL REFERENCES persons (id),
    channel text NOT NULL,
    language text NOT NULL,
    needs text[] NOT NULL,
    vulnerabilities text[] NOT NULL,
    -- Free text may name people: sealed under the key of the person it was written for
    -- (summary_sealed_for), which stays that person's after a merge.
    summary bytea,
    summary_sealed_for text,
    status text NOT NULL CHECK (status IN ('open', 'closed')),
    priority text NOT NULL CHECK (priority IN ('urgent', 'high', 'normal')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL
);
CREATE INDEX cases_person ON cases (person_id);
CREATE INDEX cases_status ON cases (status, seq);
CREATE INDEX cases_needs ON cases USING gin (needs);

-- The current consent per case and purpose, and every change to it.
CREATE TABLE consents (
    case_id uuid NOT NULL REFERENCES cases (id),
    purpose text NOT NULL,
    granted boolean NOT NULL,
    expires_at timestamptz,
    changed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (case_id, purpose)
);
CREATE INDEX consents_expiring ON consents (expires_at) WHERE granted AND expires_at IS NOT NULL;
CREATE TABLE consent_changes (
    id uuid PRIMARY KEY,
    case_id uuid NOT NULL REFERENCES cases (id),
    purpose text NOT NULL,
    granted boolean NOT NULL,
    expires_at timestamptz,
    changed_at timestamptz NOT NULL DEFAULT now(),
    changed_by text NOT NULL
);
CREATE INDEX consent_changes_case ON consent_changes (case_id, changed_at);

-- No personal data at all: closed vocabularies and counts.
CREATE TABLE hotline_calls (
    id uuid PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    language text NOT NULL,
    topic text NOT NULL,
    duration_seconds integer NOT NULL CHECK (duration_seconds >= 0),
    resolved_by_phone boolean NOT NULL,
    case_id uuid REFERENCES cases (id),
    logged_by text NOT NULL
);
CREATE INDEX hotline_calls_at ON hotline_calls (at);

-- The case timeline: what every service did, in plain words, built from events.
CREATE TABLE timeline (
    seq bigserial PRIMARY KEY,
    event_id uuid NOT NULL UNIQUE,
    case_id uuid NOT NULL,
    at timestamptz NOT NULL,
    type text NOT NULL,
    service text NOT NULL,
    summary text NOT NULL
);
CREATE INDEX timeline_case ON timeline (case_id, at, seq);
