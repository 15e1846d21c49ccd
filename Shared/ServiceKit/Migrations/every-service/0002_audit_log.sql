CREATE TABLE audit_log (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    actor text NOT NULL,
    actor_roles text[] NOT NULL,
    action text NOT NULL,
    subject text NOT NULL,
    reason text,
    request_id text
);
CREATE INDEX audit_log_subject ON audit_log (subject, id);
-- Append-only: the service's role (the owner) keeps INSERT and SELECT only, and a
-- trigger refuses changes even to roles that bypass privileges.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM CURRENT_USER;
CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
