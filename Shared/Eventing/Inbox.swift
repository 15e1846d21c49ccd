import Contracts
import Foundation
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

    /// Runs each event's handler once per event id inside the caller's transaction (several
    /// events, one commit), in order; the ids are claimed with one statement for all of them, and an
    /// id that comes twice runs its handler the first time only.
    /// `prepare` sees the events about to be handled (those not handled before) first.
    public func process(
        _ events: [(envelope: EventEnvelope, handler: EventHandler)], on connection: PostgresConnection,
        prepare: ([EventEnvelope]) async throws -> Void = { _ in }
    ) async throws -> [Outcome] {
        var claimed = Set(
            try await connection.query(
                """
                INSERT INTO "\(schema)".inbox (event_id, event_type) SELECT * FROM unnest($1::text[]::uuid[], $2::text[])
                ON CONFLICT (event_id) DO NOTHING RETURNING event_id
                """, [events.map(\.envelope.id.lowercased), events.map(\.envelope.type)]
            ).map { try $0.decode("event_id", as: UUID.self) })
        try await prepare(events.map(\.envelope).filter { claimed.contains($0.id) })
        var outcomes: [Outcome] = []
        for (envelope, handler) in events {
            guard claimed.remove(envelope.id) != nil else {
                outcomes.append(.duplicate)
                continue
            }
            try await handler(envelope, connection)
            outcomes.append(.applied)
        }
        return outcomes
    }

    /// Runs `handler` once per event id inside the caller's transaction.
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
