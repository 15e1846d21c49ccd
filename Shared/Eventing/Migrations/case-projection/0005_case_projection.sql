CREATE TABLE cases (
    case_id uuid PRIMARY KEY,
    person_ref text,
    language text NOT NULL,
    sex text NOT NULL,
    needs text[] NOT NULL,
    vulnerabilities text[] NOT NULL,
    consents text[] NOT NULL DEFAULT '{}',
    status text NOT NULL,
    registered_at timestamptz NOT NULL
);
CREATE INDEX cases_person_ref ON cases (person_ref) WHERE person_ref IS NOT NULL;
