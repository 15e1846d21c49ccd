import Configuration
import Contracts
import Eventing
import Foundation
import Persistence
import ServiceKit
import TestSupport
import Testing

@Suite("Housekeeping prunes what is kept only for a while, and nothing else")
struct HousekeepingTests {
    @Test func publishedOutboxRowsOldInboxEntriesAndExpiredIdempotencyKeysGoTheRestStays() async throws {
        try await withTestSchema { pool, schema in
            try await Migrator(schema: schema, migrations: ServiceKitMigrations.all(for: .shelter)).migrate(on: pool, logger: TestEnvironment.logger)
            let now = Date()
            func ago(hours: Double) -> Date { now.addingTimeInterval(-hours * 3600) }
            // Outbox: old and published (goes), old and unpublished (stays: not sent yet), recent and published (stays).
            for (hours, published) in [(200.0, true), (200.0, false), (2.0, true)] {
                try await pool.query(
                    "INSERT INTO \"\(schema)\".outbox (event_id, event_type, body, created_at, published_at) VALUES ($1, 'x.y.z.v1', '{}', $2, $3)",
                    [UUID(), ago(hours: hours), published ? ago(hours: hours - 0.1) : nil])
            }
            for days in [31.0, 29.0] {
                try await pool.query(
                    "INSERT INTO \"\(schema)\".inbox (event_id, event_type, received_at) VALUES ($1, 'x.y.z.v1', $2)",
                    [UUID(), ago(hours: days * 24)])
            }
            for hours in [25.0, 23.0] {
                try await pool.query(
                    "INSERT INTO \"\(schema)\".idempotency_keys (scope, key, request_hash, resource_id, created_at) VALUES ('s', $1, '\\x00', $2, $3)",
                    [UUID().lowercased, UUID(), ago(hours: hours)])
            }
            let housekeeping = Housekeeping(schema: schema, retention: .init())
            let pruned = try await housekeeping.prune(now: now, database: pool)
            #expect(pruned == (1, 1, 1))
            let left = try await pool.query(
                """
                SELECT (SELECT count(*) FROM "\(schema)".outbox) AS outbox, (SELECT count(*) FROM "\(schema)".outbox WHERE published_at IS NULL) AS unsent,
                    (SELECT count(*) FROM "\(schema)".inbox) AS inbox, (SELECT count(*) FROM "\(schema)".idempotency_keys) AS keys
                """)[0]
            #expect(try left.decode("outbox", as: Int.self) == 2 && left.decode("unsent", as: Int.self) == 1)
            #expect(try left.decode("inbox", as: Int.self) == 1 && left.decode("keys", as: Int.self) == 1)
            #expect(try await housekeeping.prune(now: now, database: pool) == (0, 0, 0), "a second round finds nothing more")
        }
    }

    @Test func retentionIsReadFromTheEnvironment() throws {
        let configuration = try ServiceConfiguration(
            reader: .init(
                provider: EnvironmentVariablesProvider(environmentVariables: [
                    "JARDAM_CITY": "moscow", "JARDAM_POSTGRES_URL": "postgresql://x@127.0.0.1/db",
                    "JARDAM_AMQP_URL": "amqp://u:p@127.0.0.1:5672/jardam",
                    "JARDAM_TOKEN_SECRET": String(repeating: "t", count: 32), "JARDAM_OUTBOX_RETENTION_HOURS": "12",
                    "JARDAM_INBOX_RETENTION_DAYS": "90",
                ])), service: .shelter)
        #expect(configuration.retention.outbox == .seconds(12 * 3600) && configuration.retention.inbox == .seconds(90 * 24 * 3600))
    }
}
