import Contracts
import Persistence

/// Writes events to a schema's outbox, in the caller's transaction.
///
/// An event appended in a transaction is published if and only if the transaction commits: the
/// ``OutboxRelay`` reads committed rows and publishes them with confirms.
public struct Outbox: Sendable {
    /// The service schema whose `outbox` table this writes.
    public let schema: String

    public init(schema: String) { self.schema = schema }

    /// The channel the relay listens on; notified at commit.
    var channel: String { "\(schema)_outbox" }

    /// Appends `envelope`; call inside `withTransaction` together with the change it announces.
    public func append(_ envelope: EventEnvelope, on connection: PostgresConnection) async throws {
        let body = String(decoding: try envelope.encoded(), as: UTF8.self)
        // One round trip: the row and the relay's wake-up (sent at commit, once per transaction).
        try await connection.query(
            """
            WITH appended AS (
                INSERT INTO "\(schema)".outbox (event_id, event_type, subject, body) VALUES ($1, $2, $3, $4) RETURNING 1
            )
            SELECT pg_notify($5, '') FROM appended
            """,
            [envelope.id, envelope.type, envelope.subject, body, channel])
    }
}
