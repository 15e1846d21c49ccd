import Contracts
import Messaging
import Persistence

/// Writes a service's events to its schema's outbox, in the caller's transaction.
///
/// An event appended in a transaction is published if and only if the transaction commits: the
/// ``OutboxRelay`` reads committed rows and publishes them with confirms. Each row holds the
/// bodies as they will travel, encoded here once from the typed value: the event for
/// `jardam.events` and, when its type has one, its form for `jardam.partners`.
public struct Outbox: Sendable {
    /// The service schema whose `outbox` table this writes.
    public let schema: String
    /// The city and service every event's `source` names.
    public let city: String
    public let service: ServiceIdentity

    public init(schema: String, city: String, service: ServiceIdentity) {
        self.schema = schema
        self.city = city
        self.service = service
    }

    /// The channel the relay listens on; notified at commit.
    static func channel(of schema: String) -> String { "\(schema)_outbox" }

    /// The rows a transaction appends, sent as one statement with its next statement that must
    /// follow them (at the latest its `COMMIT`), in the order they were appended; the relay's
    /// wake-up is sent at commit, once per transaction.
    private var rows: BatchWrite {
        BatchWrite(
            schema: schema, table: "outbox",
            columns: [
                .init("event_id", "uuid"), .init("event_type", "text"), .init("subject", "text"), .init("body", "text"),
                .init("partner_routing_key", "text"), .init("partner_body", "text"), .init("exchange", "text"), .init("routing_key", "text"),
            ], notify: Self.channel(of: schema))
    }

    /// Appends an event of `payload` about `subject`, with its partner form when its type is
    /// ``PartnerVisible`` and `partners` may read it (`false`: the case it names does not consent
    /// to partner-sharing); call inside `withTransaction` together with the change it announces.
    @discardableResult
    public func append<Payload: EventData>(
        _ payload: Payload, subject: String? = nil, partners: Bool = true, on connection: PostgresConnection
    ) async throws -> EventEnvelope {
        let envelope = try EventEnvelope(payload, city: city, service: service, subject: subject)
        let form = partners ? try (payload as? any PartnerVisible)?.partnerForm() : nil
        try await append(envelope, partnerForm: form, on: connection)
        return envelope
    }

    /// Appends `payload` for `jardam.network` (CONTRACT.md §7) under `routingKey` (default: its
    /// type), rather than `jardam.events`, with its partner form when its type is ``PartnerVisible``.
    @discardableResult
    public func appendToNetwork<Payload: EventData>(
        _ payload: Payload, subject: String? = nil, routingKey: String? = nil, on connection: PostgresConnection
    ) async throws -> EventEnvelope {
        let envelope = try EventEnvelope(payload, city: city, service: service, subject: subject)
        let form = try (payload as? any PartnerVisible)?.partnerForm()
        try await append(envelope, partnerForm: form, exchange: Topology.networkExchange, routingKey: routingKey, on: connection)
        return envelope
    }

    /// Appends an envelope already made, and `partnerForm` if partners are to read it, for
    /// `exchange` under `routingKey` (`nil`: the event type).
    public func append(
        _ envelope: EventEnvelope, partnerForm: PartnerForm? = nil, exchange: String = Topology.eventsExchange, routingKey: String? = nil,
        on connection: PostgresConnection
    ) async throws {
        let body = String(decoding: try envelope.encoded(), as: UTF8.self)
        let partnerBody = try partnerForm.map { String(decoding: try envelope.partnerEnvelope(with: $0).encoded(), as: UTF8.self) }
        try await connection.write(
            rows,
            [
                envelope.id, envelope.type, envelope.subject, body, partnerForm?.routingKey(for: envelope.type), partnerBody, exchange,
                routingKey,
            ])
    }
}
