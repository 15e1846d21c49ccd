import Contracts
import Persistence

/// Records handled event ids in a schema's inbox, in the same transaction as the handler's effect.
public struct Inbox: Sendable {
    /// What happened to an event.
    public enum Outcome: Sendable, Equatable {
        /// The handler ran and its effect is committed.
        case applied
        /// The event had been handled before; the handler did not run again.
        case duplicate
    }

    public let schema: String

    public init(schema: String) { self.schema = schema }

    /// Runs `handler` once per event id, whatever the number of deliveries.
    ///
    /// The id and the effect commit together, so a crash after the commit and before the ack
    /// leads to a redelivery that is recognised here and settled without a second effect.
    public func process(
        _ envelope: EventEnvelope, database: PostgresPool,
        handler: (EventEnvelope, PostgresConnection) async throws -> Void
    ) async throws -> Outcome {
        try await database.withTransaction { connection in
            try await process(envelope, on: connection, handler: handler)
        }
    }

    /// Runs `handler` once per event id inside the caller's transaction (several events, one commit).
    public func process(
        _ envelope: EventEnvelope, on connection: PostgresConnection,
        handler: (EventEnvelope, PostgresConnection) async throws -> Void
    ) async throws -> Outcome {
        let inserted = try await connection.query(
            "INSERT INTO \"\(schema)\".inbox (event_id, event_type) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING",
            [envelope.id, envelope.type])
        guard inserted.affectedRows == 1 else { return .duplicate }
        try await handler(envelope, connection)
        return .applied
    }
}
