CREATE TABLE person_keys (
    person_ref text PRIMARY KEY,
    wrapped_key bytea,
    created_at timestamptz NOT NULL DEFAULT now(),
    destroyed_at timestamptz,
    CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))
);
