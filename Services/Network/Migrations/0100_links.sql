-- The network service's tables: the cities this city is linked to (CONTRACT.md §7), and what
-- came from each. No personal data.

-- A city federated from (`jardamctl network link`), with its transfer public key (X25519, raw
-- 32 bytes: HPKE seals person records to it) and the last message it sent.
CREATE TABLE links (
    city text PRIMARY KEY CHECK (city ~ '^[a-z][a-z0-9-]{0,62}$'),
    transfer_key bytea NOT NULL CHECK (length(transfer_key) = 32),
    linked_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    last_message_at timestamptz,
    messages_received bigint NOT NULL DEFAULT 0
);
