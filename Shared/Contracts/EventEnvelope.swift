import Foundation

/// The `data` of one event type: a versioned, `Codable` struct (`shelter.booking.held.v1`).
///
/// An incompatible change is a new type with a new version, never an edit of an existing one.
public protocol EventData: Codable, Sendable, Equatable {
    /// The CloudEvents `type`, which is also the AMQP routing key.
    static var type: String { get }
}

/// A CloudEvents 1.0 event in structured JSON mode, as published on `jardam.events`.
public struct EventEnvelope: Sendable, Equatable {
    public var id: UUID
    public var type: String
    /// `jardam://<city>/<service>`.
    public var source: String
    /// What the event is about: `case/<uuid>`, `referral/<uuid>`...
    public var subject: String?
    public var time: Date
    /// The first event of the chain this event belongs to.
    public var correlationID: UUID?
    /// The event that caused this one.
    public var causationID: UUID?
    /// W3C trace context of the operation that emitted the event.
    public var traceparent: String?
    /// The event's data, not yet read as its type.
    public var data: JSONValue

    /// Wraps `data` for publishing from `service` in `city`.
    public init<Data: EventData>(
        _ data: Data, city: String, service: ServiceIdentity, subject: String? = nil,
        id: UUID = UUID(), time: Date = Date(), correlationID: UUID? = nil, causationID: UUID? = nil,
        traceparent: String? = nil
    ) throws {
        self.id = id
        self.type = Data.type
        self.source = "jardam://\(city)/\(service.rawValue)"
        self.subject = subject
        self.time = time
        self.correlationID = correlationID ?? id
        self.causationID = causationID
        self.traceparent = traceparent
        self.data = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(data))
    }

    /// Reads `data` as `T`; throws when the envelope's type is another or the data does not fit.
    public func decodeData<T: EventData>(as type: T.Type) throws -> T {
        guard self.type == T.type else {
            throw EventEnvelopeError(reason: "event type \(self.type) is not \(T.type)")
        }
        return try JSONDecoder().decode(T.self, from: JSONEncoder().encode(data))
    }

    /// The JSON body published on the broker (`application/cloudevents+json`).
    public func encoded() throws -> Foundation.Data {
        try Self.encoder.encode(self)
    }

    /// Reads a published body; throws ``EventEnvelopeError`` naming what is wrong.
    public static func decode(_ body: Foundation.Data) throws -> EventEnvelope {
        do {
            return try decoder.decode(EventEnvelope.self, from: body)
        } catch let error as EventEnvelopeError {
            throw error
        } catch let DecodingError.keyNotFound(key, _) {
            throw EventEnvelopeError(reason: "missing attribute \(key.stringValue)")
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            throw EventEnvelopeError(reason: "not JSON")
        } catch let DecodingError.typeMismatch(_, context) where context.codingPath.isEmpty {
            throw EventEnvelopeError(reason: "not a JSON object")
        } catch let DecodingError.typeMismatch(_, context) {
            throw EventEnvelopeError(reason: "attribute \(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type")
        } catch {
            throw EventEnvelopeError(reason: "not a CloudEvent")
        }
    }

    /// The media type of a structured-mode CloudEvent.
    public static let contentType = "application/cloudevents+json"

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
            if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date }
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "time is not ISO-8601")
        }
        return decoder
    }()
}

/// Why a body is not a usable CloudEvent; never quotes the body.
public struct EventEnvelopeError: Error, CustomStringConvertible, Sendable {
    public let reason: String
    public var description: String { reason }
}

extension EventEnvelope: Codable {
    private enum CodingKeys: String, CodingKey {
        case specversion, id, type, source, subject, time, datacontenttype
        case correlationID = "correlationid", causationID = "causationid", traceparent, data
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decode(String.self, forKey: .specversion)
        guard version == "1.0" else { throw EventEnvelopeError(reason: "specversion \(version) is not 1.0") }
        id = try container.decode(UUID.self, forKey: .id)
        type = try container.decode(String.self, forKey: .type)
        source = try container.decode(String.self, forKey: .source)
        subject = try container.decodeIfPresent(String.self, forKey: .subject)
        time = try container.decode(Date.self, forKey: .time)
        correlationID = try container.decodeIfPresent(UUID.self, forKey: .correlationID)
        causationID = try container.decodeIfPresent(UUID.self, forKey: .causationID)
        traceparent = try container.decodeIfPresent(String.self, forKey: .traceparent)
        data = try container.decodeIfPresent(JSONValue.self, forKey: .data) ?? .null
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("1.0", forKey: .specversion)
        try container.encode(id, forKey: .id)
        try container.encode(type, forKey: .type)
        try container.encode(source, forKey: .source)
        try container.encodeIfPresent(subject, forKey: .subject)
        try container.encode(time, forKey: .time)
        try container.encode("application/json", forKey: .datacontenttype)
        try container.encodeIfPresent(correlationID, forKey: .correlationID)
        try container.encodeIfPresent(causationID, forKey: .causationID)
        try container.encodeIfPresent(traceparent, forKey: .traceparent)
        try container.encode(data, forKey: .data)
    }
}
