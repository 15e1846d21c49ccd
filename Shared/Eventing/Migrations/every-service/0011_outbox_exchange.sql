-- Where each event goes: `jardam.events` under its type, unless the row says otherwise (the
-- network service publishes on `jardam.network`, CONTRACT.md §7).
ALTER TABLE outbox ADD COLUMN exchange text NOT NULL DEFAULT 'jardam.events', ADD COLUMN routing_key text;
