-- The tables of the floor (floor.sql): the rows a case must make durable, shaped like the city's
-- own (sealed personal fields as bytea, closed vocabularies as text, an outbox and an inbox per
-- service), without the city's extra indexes, audit or projections. `make bench` creates them in
-- a schema of their own, runs floor.sql with pgbench like the ceiling, and drops them.
DROP SCHEMA IF EXISTS floor CASCADE;
CREATE SCHEMA floor;
SET search_path = floor;

CREATE TABLE persons (
    id uuid PRIMARY KEY,
    given_name bytea NOT NULL,
    family_name bytea NOT NULL,
    birth_date bytea,
    sex text NOT NULL,
    citizenship text,
    languages text[],
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE cases (
    id uuid PRIMARY KEY,
    person_id uuid NOT NULL REFERENCES persons (id),
    channel text NOT NULL,
    language text NOT NULL,
    needs text[] NOT NULL,
    vulnerabilities text[] NOT NULL,
    status text NOT NULL,
    priority text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE consents (
    case_id uuid NOT NULL REFERENCES cases (id),
    purpose text NOT NULL,
    granted boolean NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (case_id, purpose)
);
-- One outbox and one inbox for all the services, keyed by service: the same rows and indexes as
-- five of each.
CREATE TABLE outbox (
    position bigserial PRIMARY KEY,
    service text NOT NULL,
    event_id uuid NOT NULL UNIQUE,
    event_type text NOT NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (position) WHERE published_at IS NULL;
CREATE TABLE inbox (
    service text NOT NULL,
    event_id uuid NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service, event_id)
);
-- What each service does for a case: a referral, a booking, a coverage check, a recommendation.
CREATE TABLE effects (
    service text NOT NULL,
    id uuid NOT NULL,
    case_id uuid NOT NULL,
    kind text NOT NULL,
    detail text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service, id),
    UNIQUE (service, case_id)
);
-- Intake's timeline of a case: one line per event it heard of.
CREATE TABLE timeline (
    case_id uuid NOT NULL,
    event_id uuid NOT NULL,
    type text NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (case_id, event_id)
);
