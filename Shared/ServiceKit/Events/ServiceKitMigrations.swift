import Contracts
import Persistence

/// The tables ServiceKit keeps in a service's schema: outbox, inbox, audit log, idempotency keys;
/// the vault's person keys for services holding personal data; the case projection for the
/// services acting on intake's cases.
///
/// ServiceKit's migrations use versions 1-99; a service's own migrations start at 100.
public enum ServiceKitMigrations {
    /// What `service`'s schema needs.
    public static func all(for service: ServiceIdentity) -> [Migration] {
        common + (service.holdsPersonalData ? [vault] : []) + (service == .intake ? [] : [caseProjection])
    }

    /// The cases intake announced, as ``CaseProjection`` keeps them.
    static let caseProjection = Migration(
        version: 5, name: "0005_case_projection.sql",
        sql: """
            CREATE TABLE cases (
                case_id uuid PRIMARY KEY,
                person_ref text,
                language text NOT NULL,
                sex text NOT NULL,
                needs text[] NOT NULL,
                vulnerabilities text[] NOT NULL,
                consents text[] NOT NULL DEFAULT '{}',
                status text NOT NULL,
                registered_at timestamptz NOT NULL
            );
            CREATE INDEX cases_person_ref ON cases (person_ref) WHERE person_ref IS NOT NULL;
            """)

    /// The person keys of ``PersonalDataVault``; destroying a key erases the person.
    static let vault = Migration(
        version: 3, name: "0003_person_keys.sql",
        sql: """
            CREATE TABLE person_keys (
                person_ref text PRIMARY KEY,
                wrapped_key bytea,
                created_at timestamptz NOT NULL DEFAULT now(),
                destroyed_at timestamptz,
                CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))
            );
            """)

    static let common: [Migration] = [
        Migration(
            version: 1, name: "0001_outbox_inbox.sql",
            sql: """
                CREATE TABLE outbox (
                    position bigserial PRIMARY KEY,
                    event_id uuid NOT NULL UNIQUE,
                    event_type text NOT NULL,
                    subject text,
                    body text NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    published_at timestamptz
                );
                CREATE INDEX outbox_unpublished ON outbox (position) WHERE published_at IS NULL;

                CREATE TABLE inbox (
                    event_id uuid PRIMARY KEY,
                    event_type text NOT NULL,
                    received_at timestamptz NOT NULL DEFAULT now()
                );
                """),
        Migration(
            version: 2, name: "0002_audit_log.sql",
            sql: """
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
                """),
        Migration(
            version: 4, name: "0004_idempotency_keys.sql",
            sql: """
                -- What a POST with an Idempotency-Key created: the resource's id, never its body.
                CREATE TABLE idempotency_keys (
                    scope text NOT NULL,
                    key text NOT NULL,
                    request_hash bytea NOT NULL,
                    resource_id uuid NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (scope, key)
                );
                CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
                """),
        Migration(
            version: 6, name: "0006_outbox_partner_forms.sql",
            sql: """
                -- An event's form for jardam.partners, made from the typed value when it was appended.
                ALTER TABLE outbox ADD COLUMN partner_routing_key text, ADD COLUMN partner_body text,
                    ADD CHECK ((partner_routing_key IS NULL) = (partner_body IS NULL));
                """),
    ]
}
