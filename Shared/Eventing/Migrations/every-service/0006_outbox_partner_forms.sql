-- An event's form for jardam.partners, made from the typed value when it was appended.
ALTER TABLE outbox ADD COLUMN partner_routing_key text, ADD COLUMN partner_body text,
    ADD CHECK ((partner_routing_key IS NULL) = (partner_body IS NULL));
