-- Which master key wrapped each person key (a fingerprint of it, never the key), so that a
-- rotation (`jardamctl keys rotate`) can re-wrap them one batch at a time while the service
-- reads under either key; NULL: wrapped before fingerprints were kept.
ALTER TABLE person_keys ADD COLUMN master_key_id text;
-- The vault's own keys, wrapped like person keys: `lookup-root`, from which the keyed hashes of
-- lookups are derived, so that they stay the same when the master key changes.
CREATE TABLE vault_keys (
    name text PRIMARY KEY,
    wrapped_key bytea NOT NULL,
    master_key_id text NOT NULL
);
