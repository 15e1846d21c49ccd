-- Cases handed over between cities (CONTRACT.md §7).

-- The cities this city is linked to, with their transfer public keys (network.link.declared.v1).
CREATE TABLE transfer_links (
    city text PRIMARY KEY,
    transfer_key bytea NOT NULL CHECK (length(transfer_key) = 32),
    declared_at timestamptz NOT NULL
);

-- Outgoing: a case of this city handed over to another, with the caseworker's reason sealed under
-- the person's key (shredded with it). Incoming: a case handed over to this city, its facts and
-- its person sealed to this city's transfer key while it waits for a caseworker.
CREATE TABLE transfers (
    id uuid PRIMARY KEY,
    seq bigserial UNIQUE,
    direction text NOT NULL CHECK (direction IN ('outgoing', 'incoming')),
    case_id uuid,
    from_city text NOT NULL,
    to_city text NOT NULL,
    status text NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected', 'expired', 'cancelled')),
    sealed_reason bytea,
    sealed_for text,
    case_facts text,
    sealed_person text,
    requested_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    requested_by text
);
CREATE UNIQUE INDEX transfers_one_pending_per_case ON transfers (case_id) WHERE direction = 'outgoing' AND status = 'pending';
CREATE INDEX transfers_listing ON transfers (direction, status, seq);
