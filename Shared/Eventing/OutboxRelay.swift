import Contracts
import Foundation
import LogSafety
import Logging
import Messaging
import Persistence
import ServiceLifecycle

/// Publishes a schema's outbox to `jardam.events` (or the exchange a row names: `jardam.network`),
/// and each event's PII-free partner form to `jardam.partners`, in order, with publisher confirms.
///
/// One relay per schema is active at a time (a session advisory lock); replicas wait their turn.
/// It wakes on the outbox's `NOTIFY` at commit, and at the latest every ``Configuration/idleWait``.
/// Rows are marked published only after the broker confirmed them, and only up to the first
/// failure, so a retried batch re-sends in order: consumers' inboxes absorb the duplicates.
public final class OutboxRelay: Service, Sendable {
    public struct Configuration: Sendable {
        /// The schema whose outbox is relayed.
        public var schema: String
        /// Rows read and published per round.
        public var batchSize: Int = 500
        /// Longest sleep without a notification (a safety net for missed ones).
        public var idleWait: Duration = .seconds(1)

        public init(schema: String) { self.schema = schema }
    }

    private let configuration: Configuration
    private let database: PostgresPool
    private let publisher: AMQPPublisher
    private let logger: Logger

    public init(configuration: Configuration, database: PostgresPool, publisher: AMQPPublisher, logger: Logger) {
        self.configuration = configuration
        self.database = database
        self.publisher = publisher
        self.logger = logger
    }

    public func run() async throws {
        // Reset by every batch relayed: a failure long after the last one retries at once.
        var backoff = Backoff()
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                try await relayWhileLeader(backoff: &backoff)
            } catch {
                guard !Task.isShuttingDownGracefully else { break }
                logger.warning(
                    "outbox relay interrupted; retrying", metadata: ["error": "\(logSummary(of: error))", "db.schema": "\(configuration.schema)"])
                try? await Task.sleep(for: backoff.next())
            }
        }
    }

    /// Listens for commits and relays batches until shutdown, resetting `backoff` after each;
    /// throws when a connection fails or the broker refuses a message.
    private func relayWhileLeader(backoff: inout Backoff) async throws {
        let schema = configuration.schema
        let listener = try await PostgresConnection.connect(database.configuration.conninfo)
        do {
            try await listener.query("LISTEN \"\(Outbox.channel(of: schema))\"")
            while try await !listener.query("SELECT pg_try_advisory_lock(hashtextextended($1, 0))", ["jardam.outbox.\(schema)"])[0].decode(
                0, as: Bool.self)
            {
                if Task.isShuttingDownGracefully { break }
                try await Task.sleep(for: .seconds(1))
            }
            // Rows the broker confirmed are marked by the next round's statement, which reads the
            // rows after them: one statement per round, not two.
            var unmarked: [Int] = []
            while !Task.isShuttingDownGracefully, !Task.isCancelled {
                unmarked = try await relayRound(marking: unmarked)
                backoff.reset()
                if unmarked.isEmpty {
                    _ = try await listener.waitForNotification(timeout: configuration.idleWait)
                }
            }
            try await mark(unmarked)
            await listener.close()
        } catch {
            await listener.close()
            throw error
        }
    }

    /// Publishes the oldest unpublished rows; returns how many were confirmed and marked.
    /// (`run()` relays by rounds; public for the benchmark.)
    public func relayBatch() async throws -> Int {
        let confirmed = try await relayRound(marking: [])
        try await mark(confirmed)
        return confirmed.count
    }

    /// Marks the rows at `confirmed` published and reads the oldest unpublished ones after them,
    /// in one statement; publishes those and returns the positions the broker confirmed, which
    /// are not marked yet (the next round does it). When the broker refuses a message, the rows
    /// confirmed before it are marked and the failure is thrown.
    private func relayRound(marking confirmed: [Int]) async throws -> [Int] {
        let schema = configuration.schema
        let rows = try await database.query(
            """
            WITH marked AS (UPDATE "\(schema)".outbox SET published_at = now() WHERE position = ANY($2::text[]::bigint[]))
            SELECT position, event_id, event_type, body, partner_routing_key, partner_body, exchange, routing_key FROM "\(schema)".outbox
            WHERE published_at IS NULL AND position <> ALL($2::text[]::bigint[]) ORDER BY position LIMIT $1
            """,
            [configuration.batchSize, confirmed.map(String.init)])
        guard !rows.isEmpty else { return [] }
        // Each row is its event on `jardam.events`, then its partner form on `jardam.partners`
        // when it has one; a row counts as published once all of its messages are confirmed.
        var messages: [OutgoingMessage] = []
        var lastMessageOfRow: [Int] = []
        for row in rows {
            let id = try row.decode("event_id", as: UUID.self)
            let type = try row.decode("event_type", as: String.self)
            messages.append(
                OutgoingMessage(
                    eventID: id, type: type, body: Data(try row.decode("body", as: String.self).utf8), exchange: try row.decode("exchange"),
                    routingKey: try row.decode("routing_key")))
            if let routingKey = try row.decode("partner_routing_key", as: String?.self),
                let body = try row.decode("partner_body", as: String?.self)
            {
                messages.append(OutgoingMessage(partnerFormOf: id, type: type, routingKey: routingKey, body: Data(body.utf8)))
            }
            lastMessageOfRow.append(messages.count - 1)
        }
        let results = await publisher.publish(batch: messages)
        let confirmedMessages = results.prefix { if case .success = $0 { true } else { false } }.count
        let published = try rows.prefix(lastMessageOfRow.prefix { $0 < confirmedMessages }.count).map { try $0.decode("position", as: Int.self) }
        if confirmedMessages < results.count, case .failure(let error) = results[confirmedMessages] {
            try await mark(published)
            throw error
        }
        return published
    }

    /// Marks the rows at `positions` published (nothing when there are none).
    private func mark(_ positions: [Int]) async throws {
        guard !positions.isEmpty else { return }
        try await database.query(
            "UPDATE \"\(configuration.schema)\".outbox SET published_at = now() WHERE position = ANY($1::text[]::bigint[])",
            [positions.map(String.init)])
    }
}
