import Contracts
import Foundation
import Messaging

extension OutgoingMessage {
    /// An event as published on `jardam.events` (CONTRACT.md §5): routing key and AMQP type are
    /// the event type, `message_id` the event id, the body a structured CloudEvent.
    public init(eventID: UUID, type: String, body: Data) {
        self.init(
            exchange: Topology.eventsExchange, routingKey: type, body: body, messageID: eventID.lowercased,
            type: type, contentType: EventEnvelope.contentType)
    }

    /// `envelope`, encoded, as published on `jardam.events`.
    public init(event envelope: EventEnvelope) throws {
        self.init(eventID: envelope.id, type: envelope.type, body: try envelope.encoded())
    }

    /// The PII-free form of an event body for `jardam.partners`, or `nil` when the type (or this
    /// event) reaches no partner (``EventCatalogue/partnerEnvelope(of:)``).
    public static func partnerForm(ofEventBody body: Data) throws -> OutgoingMessage? {
        guard let (routingKey, projected) = try EventCatalogue.partnerEnvelope(of: EventEnvelope.decode(body)) else { return nil }
        return OutgoingMessage(
            exchange: Topology.partnersExchange, routingKey: routingKey, body: try projected.encoded(),
            messageID: projected.id.lowercased, type: projected.type, contentType: EventEnvelope.contentType)
    }
}
