-- The key store (`jardam_<city>_keys`): one wrapped key per person, destroyed at erasure. It
-- lives in a database of its own, with its own role and backup, so that a restored dump of the
-- data database cannot open a person erased since.
CREATE TABLE person_keys (
    person_ref text PRIMARY KEY,
    wrapped_key bytea,
    created_at timestamptz NOT NULL DEFAULT now(),
    destroyed_at timestamptz,
    CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))
);
