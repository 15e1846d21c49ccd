import CRabbitMQ
import CRabbitMQSupport
import Foundation
import Logging
import Synchronization

/// A message received from a queue; settle it exactly once with ``ack()`` or ``nack(requeue:)``.
public struct AMQPDelivery: Sendable {
    public let body: Data
    /// The exchange the message was published to (federation republishes `jardam.network`'s).
    public let exchange: String
    public let routingKey: String
    public let messageID: String?
    public let contentType: String?
    /// The publisher's broker user as the broker checked it (`user_id`); `nil` when unset.
    public let userID: String?
    /// String and integer headers (integers in decimal); other kinds are left out.
    public let headers: [String: String]
    /// Whether the broker delivered this message before (to this or another consumer).
    public let redelivered: Bool
    let deliveryTag: UInt64
    let session: UInt64
    let settlements: Settlements

    /// Removes the message from the queue; call only after its effects are committed.
    public func ack() { settlements.add(.init(session: session, tag: deliveryTag, requeue: nil)) }

    /// Returns the message to the queue (`requeue`) or dead-letters it.
    public func nack(requeue: Bool) { settlements.add(.init(session: session, tag: deliveryTag, requeue: requeue)) }
}

/// Acks and nacks waiting to be written by the consumer's thread.
final class Settlements: Sendable {
    struct Settlement {
        let session: UInt64
        let tag: UInt64
        /// `nil` for an ack.
        let requeue: Bool?
    }

    private let pending = Mutex<[Settlement]>([])
    /// Wakes the consumer's thread to write them.
    let wakeup = Wakeup()

    func add(_ settlement: Settlement) {
        let wasEmpty = pending.withLock { pending in
            defer { pending.append(settlement) }
            return pending.isEmpty
        }
        // Until the thread takes them, one signal covers every settlement added after it.
        if wasEmpty { wakeup.signal() }
    }

    func take() -> [Settlement] {
        pending.withLock { taken in
            defer { taken.removeAll() }; return taken
        }
    }
}

/// Consumes one queue over its own connection, with a prefetch window and manual acks.
///
/// Deliveries arrive on ``deliveries``, an `AsyncSequence` that lives across reconnects. When the
/// connection drops, unsettled deliveries of the old connection are redelivered by the broker;
/// settling them afterwards does nothing. Call ``run()`` to consume and ``stop()`` to end it
/// after the last settlement has been written.
public final class AMQPConsumer: Sendable {
    public struct Configuration: Sendable {
        public var url: AMQPURL
        public var queue: String
        /// Most unacknowledged deliveries the broker sends.
        public var prefetch: Int = 100
        public var connection = AMQPConnection.Options()
        public var topology = Topology(queues: [])

        public init(url: AMQPURL, queue: String) {
            self.url = url
            self.queue = queue
        }
    }

    /// Every delivery, in the order received.
    public let deliveries: AsyncStream<AMQPDelivery>
    private let continuation: AsyncStream<AMQPDelivery>.Continuation
    private let configuration: Configuration
    private let logger: Logger
    private let settlements = Settlements()
    private let stopping = Atomic<Bool>(false)
    private let sessionCounter = Atomic<UInt64>(0)

    public init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        (deliveries, continuation) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    /// Consumes until ``stop()`` or cancellation, reconnecting with backoff whenever the
    /// connection drops.
    public func run() async {
        await withTaskCancellationHandler {
            await consumeUntilStopped()
        } onCancel: {
            self.stop()
        }
    }

    private func consumeUntilStopped() async {
        var backoff = Backoff()
        while !stopping.load(ordering: .relaxed) {
            do {
                let connection = try await AMQPConnection.connect(configuration.url, options: configuration.connection)
                let session = sessionCounter.add(1, ordering: .relaxed).newValue
                do {
                    try await configuration.topology.declare(on: connection)
                    let queue = configuration.queue
                    let prefetch = UInt16(clamping: configuration.prefetch)
                    try await connection.perform { state in
                        amqp_basic_qos(state, AMQPConnection.channel, 0, prefetch, 0)
                        try AMQPConnection.check(amqp_get_rpc_reply(state), doing: "setting prefetch")
                        queue.withCString { cQueue in
                            _ = amqp_basic_consume(
                                state, AMQPConnection.channel, amqp_cstring_bytes(cQueue), amqp_empty_bytes, 0, 0, 0, amqp_empty_table)
                        }
                        try AMQPConnection.check(amqp_get_rpc_reply(state), doing: "consuming \(queue)")
                    }
                    backoff.reset()
                    logger.info("consumer connected", metadata: ["amqp.queue": "\(queue)"])
                    try await connection.perform { state in try self.session(session, state) }
                } catch {
                    AMQPConnection.suspect(connection.node)
                    await connection.close()
                    throw error
                }
                await connection.close()
            } catch {
                guard !stopping.load(ordering: .relaxed) else { break }
                let delay = backoff.next()
                logger.warning("consumer connection lost; reconnecting", metadata: ["error": "\(error)", "retry.in": "\(delay)"])
                try? await Task.sleep(for: delay)
            }
        }
        continuation.finish()
    }

    /// Stops consuming: settlements already made are written, then the connection closes and
    /// ``deliveries`` ends. Unsettled messages return to the queue.
    public func stop() {
        stopping.store(true, ordering: .relaxed)
        settlements.wakeup.signal()
    }

    // MARK: - On the connection's thread

    private func session(_ session: UInt64, _ state: amqp_connection_state_t) throws {
        while true {
            for settlement in settlements.take() where settlement.session == session {
                let status: Int32 =
                    switch settlement.requeue {
                    case nil: amqp_basic_ack(state, AMQPConnection.channel, settlement.tag, 0)
                    case let requeue?: amqp_basic_nack(state, AMQPConnection.channel, settlement.tag, 0, requeue ? 1 : 0)
                    }
                guard status == 0 else {
                    throw MessagingError(.connectionLost, detail: "settling a delivery: \(AMQPConnection.describe(status))")
                }
            }
            if stopping.load(ordering: .relaxed) { return }
            try settlements.wakeup.wait(on: state)
            var raw = jardam_amqp_delivery()
            let received = jardam_amqp_consume(state, 0, &raw)
            if received == 0 { continue }
            guard received > 0 else {
                throw MessagingError(.connectionLost, detail: "consuming: \(AMQPConnection.describe(received))")
            }
            defer { jardam_amqp_delivery_free(&raw) }
            continuation.yield(Self.copy(raw, session: session, settlements: settlements))
        }
    }

    private static func copy(_ raw: jardam_amqp_delivery, session: UInt64, settlements: Settlements) -> AMQPDelivery {
        AMQPDelivery(
            body: raw.bodyData,
            exchange: raw.exchange.map { String(cString: $0) } ?? "",
            routingKey: raw.routingKeyText,
            messageID: raw.message_id.map { String(cString: $0) },
            contentType: raw.content_type.map { String(cString: $0) },
            userID: raw.user_id.map { String(cString: $0) },
            headers: raw.headerDictionary,
            redelivered: raw.redelivered != 0,
            deliveryTag: raw.delivery_tag,
            session: session,
            settlements: settlements)
    }
}
