-- Person keys live in the key store now (Migrations/key-store); ServiceRunner has copied any
-- that were kept here before this migration runs.
DROP TABLE IF EXISTS person_keys;
