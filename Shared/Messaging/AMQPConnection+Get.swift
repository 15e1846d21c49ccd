import CRabbitMQ
import CRabbitMQSupport
import Foundation

/// A message taken from a queue with Basic.Get; it stays unsettled until ``AMQPConnection/ack(_:)``
/// or ``AMQPConnection/reject(_:requeue:)`` on the same connection, and returns to the queue
/// if the connection closes first.
public struct FetchedMessage: Sendable {
    public let body: Data
    public let routingKey: String
    public let messageID: String?
    public let contentType: String?
    /// The publisher's broker user as the broker checked it (`user_id`); `nil` when unset.
    public let userID: String?
    /// String and integer headers (integers in decimal).
    public let headers: [String: String]
    public let redelivered: Bool
    let deliveryTag: UInt64
}

extension AMQPConnection {
    /// Takes the next message of `queue` without settling it; `nil` when the queue is empty.
    public func get(_ queue: String) async throws -> FetchedMessage? {
        try await perform { state in
            var raw = jardam_amqp_delivery()
            let status = jardam_amqp_get(state, Self.channel, queue, &raw)
            if status == 0 { return nil }
            guard status > 0 else {
                if status == -1 { try Self.check(amqp_get_rpc_reply(state), doing: "getting from \(queue)") }
                throw MessagingError(.connectionLost, detail: "getting from \(queue): \(Self.describe(status))")
            }
            defer { jardam_amqp_delivery_free(&raw) }
            return FetchedMessage(
                body: raw.bodyData, routingKey: raw.routingKeyText, messageID: raw.message_id.map { String(cString: $0) },
                contentType: raw.content_type.map { String(cString: $0) }, userID: raw.user_id.map { String(cString: $0) },
                headers: raw.headerDictionary, redelivered: raw.redelivered != 0, deliveryTag: raw.delivery_tag)
        }
    }

    /// Removes a fetched message from its queue.
    public func ack(_ message: FetchedMessage) async throws {
        try await perform { state in
            let status = amqp_basic_ack(state, Self.channel, message.deliveryTag, 0)
            guard status == 0 else { throw MessagingError(.connectionLost, detail: "acknowledging: \(Self.describe(status))") }
        }
    }

    /// Returns a fetched message to its queue (`requeue`), or drops it.
    public func reject(_ message: FetchedMessage, requeue: Bool) async throws {
        try await perform { state in
            let status = amqp_basic_reject(state, Self.channel, message.deliveryTag, requeue ? 1 : 0)
            guard status == 0 else { throw MessagingError(.connectionLost, detail: "rejecting: \(Self.describe(status))") }
        }
    }

    /// Deletes every ready message of `queue`; returns how many there were.
    @discardableResult
    public func purgeQueue(_ queue: String) async throws -> Int {
        try await perform { state in
            let purged = queue.withCString { amqp_queue_purge(state, Self.channel, amqp_cstring_bytes($0)) }
            guard let ok = purged else {
                try Self.check(amqp_get_rpc_reply(state), doing: "purging \(queue)")
                return 0
            }
            return Int(ok.pointee.message_count)
        }
    }
}

extension jardam_amqp_delivery {
    /// The body as `Data`.
    var bodyData: Data { body_length > 0 ? Data(bytes: body, count: body_length) : Data() }

    var routingKeyText: String { routing_key.map { String(cString: $0) } ?? "" }

    /// The headers the C glue kept (strings, and integers in decimal).
    var headerDictionary: [String: String] {
        var headers: [String: String] = [:]
        for index in 0..<Int(header_count) {
            if let key = header_keys[index], let value = header_values[index] {
                headers[String(cString: key)] = String(cString: value)
            }
        }
        return headers
    }
}
