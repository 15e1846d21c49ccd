import Eventing
import Foundation
import Persistence

/// Prunes what a service keeps only for a while: outbox rows once published, inbox entries,
/// `Idempotency-Key` records. Each round deletes at most ``batch`` rows of each kind, so that one
/// round never holds the tables long; ``ServiceRunner`` runs a round every hour.
public struct Housekeeping: Sendable {
    /// How long each kind is kept.
    public struct Retention: Sendable, Equatable {
        /// Published outbox rows (`JARDAM_OUTBOX_RETENTION_HOURS`, default 168: a week to look
        /// back at what was sent).
        public var outbox: Duration = .seconds(7 * 24 * 3600)
        /// Inbox entries (`JARDAM_INBOX_RETENTION_DAYS`, default 30): an event redelivered later —
        /// a dead letter replayed after a month — would be applied again, so keep it longer than
        /// any dead letter waits.
        public var inbox: Duration = .seconds(30 * 24 * 3600)
        /// Idempotency keys: the 24 hours of CONTRACT.md §3.
        public var idempotency: Duration = IdempotentCreation.window

        public init() {}
    }

    /// Most rows of one kind deleted in one round.
    public static let batch = 10_000

    public let schema: String
    public let retention: Retention

    public init(schema: String, retention: Retention) {
        self.schema = schema
        self.retention = retention
    }

    /// Deletes what is older than its retention at `now`; returns how many rows of each kind.
    @discardableResult
    public func prune(now: Date, database: PostgresPool) async throws -> (outbox: Int, inbox: Int, idempotency: Int) {
        func before(_ kept: Duration) -> Date { now.addingTimeInterval(-kept.timeInterval) }
        let outbox = try await database.query(
            """
            DELETE FROM "\(schema)".outbox WHERE position IN (
                SELECT position FROM "\(schema)".outbox WHERE published_at IS NOT NULL AND published_at < $1 LIMIT $2)
            """, [before(retention.outbox), Self.batch]
        ).affectedRows
        let inbox = try await database.query(
            """
            DELETE FROM "\(schema)".inbox WHERE event_id IN (
                SELECT event_id FROM "\(schema)".inbox WHERE received_at < $1 LIMIT $2)
            """, [before(retention.inbox), Self.batch]
        ).affectedRows
        let idempotency = try await database.query(
            """
            DELETE FROM "\(schema)".idempotency_keys WHERE (scope, key) IN (
                SELECT scope, key FROM "\(schema)".idempotency_keys WHERE created_at < $1 LIMIT $2)
            """, [before(retention.idempotency), Self.batch]
        ).affectedRows
        return (outbox, inbox, idempotency)
    }
}
