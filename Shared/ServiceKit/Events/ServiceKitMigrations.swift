import Persistence

/// The tables every service schema holds for ServiceKit: the outbox and the inbox.
///
/// ServiceKit's migrations use versions 1-99; a service's own migrations start at 100.
public enum ServiceKitMigrations {
    public static let all: [Migration] = [
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
                """)
    ]
}
