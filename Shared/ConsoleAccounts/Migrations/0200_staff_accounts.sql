-- Staff accounts of the console (CONTRACT.md §8): who signs in, with which roles, and how.
CREATE TABLE staff_accounts (
    id uuid PRIMARY KEY,
    username text NOT NULL UNIQUE CHECK (username ~ '^[a-z][a-z0-9._-]{1,62}$'),
    display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    roles text[] NOT NULL CHECK (cardinality(roles) >= 1),
    partner_id uuid,
    language text NOT NULL,
    disabled boolean NOT NULL DEFAULT false,
    -- bcrypt (cost 12 or more); the one-time password jardamctl printed until it is changed.
    password_hash text NOT NULL,
    must_change_password boolean NOT NULL DEFAULT true,
    -- The TOTP secret, sealed (AES-GCM) under the console's key; NULL until enrolled.
    totp_secret bytea,
    totp_enrolled boolean NOT NULL DEFAULT false,
    -- The last TOTP time step accepted: a code is never accepted twice.
    totp_last_step bigint,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Every failed sign-in, for the lockout rule (5 in 15 minutes) and nothing else.
CREATE TABLE sign_in_failures (
    account_id uuid NOT NULL REFERENCES staff_accounts (id),
    at timestamptz NOT NULL
);
CREATE INDEX sign_in_failures_account ON sign_in_failures (account_id, at);

-- Server-side sessions: the cookie holds a random token, this table only its SHA-256.
CREATE TABLE staff_sessions (
    token_hash bytea PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES staff_accounts (id),
    -- password: the password was right, a TOTP code (or a new password) is still due; signed-in.
    stage text NOT NULL CHECK (stage IN ('password', 'signed-in')),
    csrf_token text NOT NULL,
    created_at timestamptz NOT NULL,
    last_seen timestamptz NOT NULL
);
CREATE INDEX staff_sessions_account ON staff_sessions (account_id);
