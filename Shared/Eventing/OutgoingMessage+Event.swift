import Contracts
import Foundation
import Messaging

extension OutgoingMessage {
    /// An event as published on `jardam.events` (CONTRACT.md §5): routing key and AMQP type are
    /// the event type, `message_id` the event id as the body writes it, the body a structured
    /// CloudEvent. The network service publishes to `jardam.network`, some events under a
    /// routing key of their own (`routingKey`, `nil`: the type).
    public init(eventID: UUID, type: String, body: Data, exchange: String = Topology.eventsExchange, routingKey: String? = nil) {
        self.init(
            exchange: exchange, routingKey: routingKey ?? type, body: body, messageID: eventID.lowercased,
            type: type, contentType: EventEnvelope.contentType)
    }

    /// `envelope`, encoded, as published on `jardam.events`.
    public init(event envelope: EventEnvelope) throws {
        self.init(eventID: envelope.id, type: envelope.type, body: try envelope.encoded())
    }

    /// An event's partner form as published on `jardam.partners`, under `routingKey`
    /// (``PartnerForm/routingKey(for:)``), with the event's id.
    public init(partnerFormOf eventID: UUID, type: String, routingKey: String, body: Data) {
        self.init(
            exchange: Topology.partnersExchange, routingKey: routingKey, body: body, messageID: eventID.lowercased,
            type: type, contentType: EventEnvelope.contentType)
    }
}
