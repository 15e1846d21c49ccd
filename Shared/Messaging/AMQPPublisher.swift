import CRabbitMQ
import CRabbitMQSupport
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Publishes persistent messages with publisher confirms over its own connection.
///
/// Many messages are in flight at once (up to ``Configuration/window``): each `publish` returns
/// when the broker has confirmed that message, and throws when it was nacked or its connection
/// was lost before the confirm — a message is never reported sent unless the broker took it.
/// Messages not yet written when the connection drops wait, and go out after the reconnect.
/// Run it as a `Service`; it reconnects with backoff and re-declares the topology.
///
/// Every message carries the connection's user as its AMQP `user_id` (the broker refuses a
/// message whose `user_id` is another user's, so consumers may trust it). A message that must
/// reach a queue is published `mandatory` — one the message asks for, and an event on
/// ``Topology/eventsExchange`` that a queue of ``Configuration/topology`` subscribes to — and
/// fails as ``MessagingError/Code/unroutable`` when the broker returns it.
///
/// After a nack the publisher writes nothing more until every message in flight is settled, then
/// closes its channel and opens a new one. A broker node lost while a message was on its way to a
/// quorum queue's leader can leave the channel's state for that queue behind (RabbitMQ 3.10 kept
/// nacking every later publish to it until the lost node came back, 12 s in a chaos run, though
/// the queue had a new leader within 0.5 s); a new channel starts afresh.
public final class AMQPPublisher: Service, Sendable {
    /// Where and how the publisher connects.
    public struct Configuration: Sendable {
        public var url: AMQPURL
        /// Most messages written and not yet confirmed.
        public var window: Int = 512
        public var connection = AMQPConnection.Options()
        /// Declared after each connect, before publishing.
        public var topology = Topology(queues: [])

        public init(url: AMQPURL) { self.url = url }
    }

    private struct Request {
        let message: OutgoingMessage
        /// Called once, with the broker's confirm or the failure.
        let complete: @Sendable (Result<Void, any Error>) -> Void
    }

    private struct Queue {
        var pending: [Request] = []
        var stopped = false
    }

    private let configuration: Configuration
    private let logger: Logger
    private let queue = Mutex(Queue())
    private let wakeup = Wakeup()
    private let stopping = Atomic<Bool>(false)
    private let connected = Atomic<Bool>(false)
    private let reopened = Atomic<Int>(0)

    public init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Whether a connection is open now (readiness).
    public var isConnected: Bool { connected.load(ordering: .relaxed) }

    /// How many times a nack made the publisher open a new channel since it started.
    public var channelsReopened: Int { reopened.load(ordering: .relaxed) }

    /// Publishes `message` and returns once the broker has confirmed it.
    public func publish(_ message: OutgoingMessage) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            enqueue([Request(message: message) { continuation.resume(with: $0) }])
        }
    }

    /// Publishes `messages` in this order on the wire and returns each one's outcome, in the same
    /// order, once all are confirmed or failed.
    public func publish(batch messages: [OutgoingMessage]) async -> [Result<Void, any Error>] {
        guard !messages.isEmpty else { return [] }
        return await withCheckedContinuation { continuation in
            let collector = BatchCollector(count: messages.count, continuation: continuation)
            enqueue(
                messages.enumerated().map { index, message in
                    Request(message: message) { collector.record($0, at: index) }
                })
        }
    }

    private func enqueue(_ requests: [Request]) {
        let (accepted, wasIdle) = queue.withLock { state in
            guard !state.stopped else { return (false, false) }
            defer { state.pending.append(contentsOf: requests) }
            return (true, state.pending.isEmpty)
        }
        // A thread that left requests pending comes back for them without a signal.
        if wasIdle { wakeup.signal() }
        if !accepted {
            for request in requests {
                request.complete(.failure(MessagingError(.stopped, detail: "the publisher is stopped")))
            }
        }
    }

    /// Stops after the messages already handed over have been confirmed or failed.
    public func stop() {
        stopping.store(true, ordering: .relaxed)
        wakeup.signal()
    }

    /// Connects, publishes until graceful shutdown, ``stop()`` or cancellation (its service group
    /// ending on another service's error), reconnecting whenever the connection drops.
    public func run() async throws {
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await publishUntilStopped()
            } onGracefulShutdown: {
                self.stop()
            }
        } onCancel: {
            self.stop()
        }
    }

    private func publishUntilStopped() async {
        var backoff = Backoff()
        while !stopping.load(ordering: .relaxed) {
            do {
                let connection = try await AMQPConnection.connect(configuration.url, options: configuration.connection)
                do {
                    try await configuration.topology.declare(on: connection)
                    try await connection.perform { state in
                        amqp_confirm_select(state, AMQPConnection.channel)
                        try AMQPConnection.check(amqp_get_rpc_reply(state), doing: "enabling publisher confirms")
                    }
                    connected.store(true, ordering: .relaxed)
                    backoff.reset()
                    logger.info("publisher connected", metadata: ["amqp.broker": "\(connection.node)"])
                    try await connection.perform { state in try self.session(state) }
                } catch {
                    connected.store(false, ordering: .relaxed)
                    AMQPConnection.suspect(connection.node)
                    await connection.close()
                    throw error
                }
                connected.store(false, ordering: .relaxed)
                await connection.close()
            } catch {
                guard !stopping.load(ordering: .relaxed) else { break }
                let delay = backoff.next()
                logger.warning("publisher connection lost; reconnecting", metadata: ["error": "\(error)", "retry.in": "\(delay)"])
                try? await Task.sleep(for: delay)
            }
        }
        let abandoned = queue.withLock { state in
            state.stopped = true
            defer { state.pending.removeAll() }
            return state.pending
        }
        for request in abandoned {
            request.complete(.failure(MessagingError(.stopped, detail: "the publisher stopped before sending")))
        }
    }

    // MARK: - On the connection's thread

    /// Writes pending messages while the window allows and reads confirms, until stopped and
    /// drained (returns) or the connection fails (throws, failing every unconfirmed message).
    private func session(_ state: amqp_connection_state_t) throws {
        var nextTag: UInt64 = 1
        var inFlight: [UInt64: Request] = [:]
        // Returned messages, until their confirm arrives (the broker sends the return first).
        var returned: [Returned] = []
        var failure = MessagingError(.connectionLost, detail: "connection lost before the broker confirmed")
        // A nack came: nothing more is written until what is in flight is settled, then the
        // channel is replaced (see the type's documentation).
        var nacked = false
        defer {
            for request in inFlight.values { request.complete(.failure(failure)) }
        }
        while true {
            if nacked, inFlight.isEmpty {
                try Self.reopenChannel(state)
                (nextTag, nacked) = (1, false)
                reopened.add(1, ordering: .relaxed)
                logger.warning("publisher opened a new channel after a nack")
            }
            let room = nacked ? 0 : configuration.window - inFlight.count
            let batch: [Request] =
                room > 0
                ? queue.withLock { state in
                    let taken = Array(state.pending.prefix(room))
                    state.pending.removeFirst(taken.count)
                    return taken
                } : []
            if batch.isEmpty, inFlight.isEmpty, stopping.load(ordering: .relaxed) {
                return
            }
            for (index, request) in batch.enumerated() {
                let status = Self.write(request.message, user: configuration.url.user, mandatory: mandatory(request.message), state)
                guard status == 0 else {
                    // Not written: these go out after the reconnect, in their order.
                    let unsent = batch[index...]
                    queue.withLock { $0.pending.insert(contentsOf: unsent, at: 0) }
                    failure = MessagingError(.connectionLost, detail: "publish failed: \(AMQPConnection.describe(status))")
                    throw failure
                }
                inFlight[nextTag] = request
                nextTag += 1
            }
            // With nothing to write, sleep until a confirm arrives or a publish or stop wakes us;
            // then read every frame already here.
            if batch.isEmpty { try wakeup.wait(on: state) }
            while true {
                var kind: Int32 = 0
                var tag: UInt64 = 0
                var multiple: Int32 = 0
                var back = jardam_amqp_returned()
                let status = jardam_amqp_next_frame(state, 0, &kind, &tag, &multiple, &back)
                guard status == 0 else {
                    failure = MessagingError(.connectionLost, detail: "reading confirms: \(AMQPConnection.describe(status))")
                    throw failure
                }
                switch Int(kind) {
                case Int(JARDAM_FRAME_ACK), Int(JARDAM_FRAME_NACK):
                    let confirmed = multiple != 0 ? inFlight.keys.filter { $0 <= tag } : [tag]
                    for key in confirmed {
                        guard let request = inFlight.removeValue(forKey: key) else { continue }
                        if let index = returned.firstIndex(where: { $0.names(request.message) }) {
                            returned.remove(at: index)
                            request.complete(
                                .failure(
                                    MessagingError(
                                        .unroutable,
                                        detail:
                                            "no queue took \(request.message.routingKey) on \(request.message.exchange.isEmpty ? "the default exchange" : request.message.exchange)"
                                    )))
                        } else if Int(kind) == Int(JARDAM_FRAME_ACK) {
                            request.complete(.success(()))
                        } else {
                            nacked = true
                            request.complete(
                                .failure(
                                    MessagingError(
                                        .rejected,
                                        detail:
                                            "the broker nacked \(request.message.routingKey) on \(request.message.exchange.isEmpty ? "the default exchange" : request.message.exchange)"
                                    )))
                        }
                    }
                case Int(JARDAM_FRAME_RETURN):
                    returned.append(Returned(back))
                case Int(JARDAM_FRAME_CLOSED):
                    var reason = back
                    let text = withUnsafeBytes(of: &reason.reply_text) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                    failure = MessagingError(.connectionLost, detail: "the broker closed the channel: \(back.reply_code) \(text)")
                    throw failure
                case Int(JARDAM_FRAME_NONE):
                    break
                default:
                    continue
                }
                if Int(kind) == Int(JARDAM_FRAME_NONE) { break }
            }
        }
    }

    /// Closes the channel and opens it again, with publisher confirms.
    private static func reopenChannel(_ state: amqp_connection_state_t) throws {
        try AMQPConnection.check(
            amqp_channel_close(state, AMQPConnection.channel, Int32(AMQP_REPLY_SUCCESS)), doing: "closing the channel after a nack")
        amqp_channel_open(state, AMQPConnection.channel)
        try AMQPConnection.check(amqp_get_rpc_reply(state), doing: "opening a new channel after a nack")
        amqp_confirm_select(state, AMQPConnection.channel)
        try AMQPConnection.check(amqp_get_rpc_reply(state), doing: "enabling publisher confirms")
    }

    /// Whether the broker must return `message` when no queue takes it.
    private func mandatory(_ message: OutgoingMessage) -> Bool {
        message.mandatory || (message.exchange == Topology.eventsExchange && configuration.topology.routes(message.routingKey))
    }

    private static func write(_ message: OutgoingMessage, user: String, mandatory: Bool, _ state: amqp_connection_state_t) -> Int32 {
        let headers = message.headers.mapValues { QueueArgument.string($0) }
        return QueueArgument.withCArguments(headers) { pointer, count in
            message.body.withUnsafeBytes { body in
                jardam_amqp_publish(
                    state, AMQPConnection.channel, message.exchange, message.routingKey, message.contentType,
                    message.messageID, message.type, user, mandatory ? 1 : 0, pointer, count, body.baseAddress, body.count)
            }
        }
    }

    /// What a Basic.Return named, to find its message when the confirm comes.
    private struct Returned {
        let exchange: String
        let routingKey: String
        let messageID: String

        init(_ raw: jardam_amqp_returned) {
            var raw = raw
            exchange = withUnsafeBytes(of: &raw.exchange) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            routingKey = withUnsafeBytes(of: &raw.routing_key) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            messageID = withUnsafeBytes(of: &raw.message_id) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        }

        func names(_ message: OutgoingMessage) -> Bool {
            exchange == message.exchange && routingKey == message.routingKey && messageID == (message.messageID ?? "")
        }
    }
}

/// Gathers the outcomes of a batch and resumes its caller when the last one arrives.
private final class BatchCollector: Sendable {
    private struct State {
        var results: [Result<Void, any Error>?]
        var remaining: Int
    }

    private let state: Mutex<State>
    private let continuation: CheckedContinuation<[Result<Void, any Error>], Never>

    init(count: Int, continuation: CheckedContinuation<[Result<Void, any Error>], Never>) {
        state = Mutex(State(results: Array(repeating: nil, count: count), remaining: count))
        self.continuation = continuation
    }

    func record(_ result: Result<Void, any Error>, at index: Int) {
        let finished: [Result<Void, any Error>]? = state.withLock { state in
            guard state.results[index] == nil else { return nil }
            state.results[index] = result
            state.remaining -= 1
            return state.remaining == 0 ? state.results.map { $0! } : nil
        }
        if let finished { continuation.resume(returning: finished) }
    }
}
