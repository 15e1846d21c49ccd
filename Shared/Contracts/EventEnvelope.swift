import Foundation

/// The `data` of one event type: a versioned, `Codable` struct (`shelter.booking.held.v1`).
///
/// An incompatible change is a new type with a new version, never an edit of an existing one.
public protocol EventData: Codable, Sendable, Equatable {
    /// The CloudEvents `type`, which is also the AMQP routing key.
    static var type: String { get }
}

/// A CloudEvents 1.0 event in structured JSON mode, as published on `jardam.events`.
///
/// `data` stays the JSON bytes it travels as: encoded once from the typed value when the event
/// is made, decoded once into its type by the handler that reads it (``decodeData(as:)``).
public struct EventEnvelope: Sendable, Equatable {
    public var id: UUID
    public var type: String
    /// `jardam://<city>/<service>`.
    public var source: String
    /// What the event is about: `case/<uuid>`, `referral/<uuid>`...
    public var subject: String?
    /// When it happened, to the millisecond (the precision of the wire).
    public var time: Date
    /// The first event of the chain this event belongs to.
    public var correlationID: UUID?
    /// The event that caused this one.
    public var causationID: UUID?
    /// W3C trace context of the operation that emitted the event.
    public var traceparent: String?
    /// The event's `data`: one JSON value, as bytes in the ``Wire`` form.
    public var data: Data

    /// Wraps `payload` for publishing from `service` in `city`.
    public init<Payload: EventData>(
        _ payload: Payload, city: String, service: ServiceIdentity, subject: String? = nil,
        id: UUID = UUID(), time: Date = Date(), correlationID: UUID? = nil, causationID: UUID? = nil,
        traceparent: String? = nil
    ) throws {
        self.id = id
        self.type = Payload.type
        self.source = "jardam://\(city)/\(service.rawValue)"
        self.subject = subject
        self.time = RFC3339.truncated(time)
        self.correlationID = correlationID ?? id
        self.causationID = causationID
        self.traceparent = traceparent
        self.data = try Wire.encode(payload)
    }

    /// Reads `data` as `T`; throws when the envelope's type is another or the data does not fit.
    public func decodeData<T: EventData>(as type: T.Type) throws -> T {
        guard self.type == T.type else {
            throw EventEnvelopeError(reason: "event type \(self.type) is not \(T.type)")
        }
        return try Wire.decode(T.self, from: data)
    }

    /// The JSON body published on the broker (`application/cloudevents+json`): the attributes
    /// encoded, and `data`'s bytes as they are.
    public func encoded() throws -> Data {
        var body = try Wire.encode(Attributes(self))
        body.removeLast()  // the attributes' closing brace
        body.append(contentsOf: #","data":"#.utf8)
        body.append(data)
        body.append(UInt8(ascii: "}"))
        return body
    }

    /// Reads a published body; throws ``EventEnvelopeError`` naming what is wrong. `data` is
    /// kept as its bytes, unparsed.
    public static func decode(_ body: Data) throws -> EventEnvelope {
        let bytes = [UInt8](body)
        let object: JSONObjectMembers
        do {
            object = try JSONObjectMembers(bytes)
        } catch .notAnObject {
            throw EventEnvelopeError(reason: "not a JSON object")
        } catch {
            throw EventEnvelopeError(reason: "not JSON")
        }
        var data = Data("null".utf8)
        var attributes: [UInt8] = [UInt8(ascii: "{")]
        for member in object.members {
            if try key(member, in: bytes) == "data" {
                data = Data(bytes[member.value])
                continue
            }
            if attributes.count > 1 { attributes.append(UInt8(ascii: ",")) }
            attributes.append(contentsOf: bytes[(member.key.lowerBound - 1)..<member.value.upperBound])
        }
        attributes.append(UInt8(ascii: "}"))
        do {
            return EventEnvelope(try Wire.decode(Attributes.self, from: Data(attributes)), data: data)
        } catch let error as EventEnvelopeError {
            throw error
        } catch let DecodingError.keyNotFound(key, _) {
            throw EventEnvelopeError(reason: "missing attribute \(key.stringValue)")
        } catch let DecodingError.typeMismatch(_, context) {
            throw EventEnvelopeError(reason: "attribute \(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type")
        } catch let DecodingError.valueNotFound(_, context) {
            throw EventEnvelopeError(reason: "attribute \(context.codingPath.map(\.stringValue).joined(separator: ".")) is null")
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw EventEnvelopeError(reason: "attribute \(context.codingPath.map(\.stringValue).joined(separator: ".")) has an invalid value")
        } catch {
            throw EventEnvelopeError(reason: "not a CloudEvent")
        }
    }

    /// The media type of a structured-mode CloudEvent.
    public static let contentType = "application/cloudevents+json"

    /// A member's key as text: its bytes, or decoded when it holds an escape (`"d\u0061ta"`).
    private static func key(_ member: JSONObjectMembers.Member, in bytes: [UInt8]) throws -> String {
        guard member.keyIsEscaped else { return String(decoding: bytes[member.key], as: UTF8.self) }
        let quoted = Data(bytes[(member.key.lowerBound - 1)...member.key.upperBound])
        do {
            return try Wire.decode(String.self, from: quoted)
        } catch {
            throw EventEnvelopeError(reason: "not JSON")
        }
    }

    private init(_ attributes: Attributes, data: Data) {
        id = attributes.id
        type = attributes.type
        source = attributes.source
        subject = attributes.subject
        time = attributes.time
        correlationID = attributes.correlationid
        causationID = attributes.causationid
        traceparent = attributes.traceparent
        self.data = data
    }
}

/// Why a body is not a usable CloudEvent; never quotes the body.
public struct EventEnvelopeError: Error, CustomStringConvertible, Sendable {
    public let reason: String
    public var description: String { reason }
}

extension EventEnvelope {
    /// Everything of the envelope but `data`, under the CloudEvents attribute names.
    private struct Attributes: Codable {
        var specversion = "1.0"
        var id: UUID
        var type: String
        var source: String
        var subject: String?
        var time: Date
        var datacontenttype: String? = "application/json"
        var correlationid: UUID?
        var causationid: UUID?
        var traceparent: String?

        init(_ envelope: EventEnvelope) {
            id = envelope.id
            type = envelope.type
            source = envelope.source
            subject = envelope.subject
            time = envelope.time
            correlationid = envelope.correlationID
            causationid = envelope.causationID
            traceparent = envelope.traceparent
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            specversion = try container.decode(String.self, forKey: .specversion)
            guard specversion == "1.0" else { throw EventEnvelopeError(reason: "specversion \(specversion) is not 1.0") }
            id = try container.decode(UUID.self, forKey: .id)
            type = try container.decode(String.self, forKey: .type)
            source = try container.decode(String.self, forKey: .source)
            subject = try container.decodeIfPresent(String.self, forKey: .subject)
            time = try container.decode(Date.self, forKey: .time)
            datacontenttype = try container.decodeIfPresent(String.self, forKey: .datacontenttype)
            correlationid = try container.decodeIfPresent(UUID.self, forKey: .correlationid)
            causationid = try container.decodeIfPresent(UUID.self, forKey: .causationid)
            traceparent = try container.decodeIfPresent(String.self, forKey: .traceparent)
        }
    }
}
