import CRabbitMQ
import CRabbitMQSupport
import Foundation
import NIOPosix
import Synchronization

/// One rabbitmq-c connection with one open channel, owned by this object and used only from its
/// own thread.
///
/// rabbitmq-c forbids sharing a connection between threads and blocks on the socket, so every
/// call runs on a one-thread `NIOThreadPool`.
public final class AMQPConnection: @unchecked Sendable {
    /// How a connection is opened.
    public struct Options: Sendable {
        /// Seconds between heartbeats; the broker drops a peer silent for two of them, and the
        /// client a broker node that is (so that it moves to another node of a cluster within 6 s).
        public var heartbeat: Int32 = 3
        /// Longest wait for TCP connect and for the AMQP handshake.
        public var connectTimeout: Duration = .seconds(5)

        public init() {}
    }

    private let thread: NIOThreadPool
    /// The `amqp_connection_state_t`; read and written only on `thread`.
    private var state: amqp_connection_state_t?
    /// The channel every operation of this connection uses.
    static let channel: amqp_channel_t = 1

    /// The node this connection is open to.
    public let node: AMQPURL.Node

    /// Sends heartbeats while nothing else is being done on the connection (see ``keepAlive(every:)``);
    /// set before `connect` returns the connection, read only by ``close()``.
    private var keeper: (any DispatchSourceTimer)?
    /// Whether a heartbeat waits on `thread`, so that a long call gets at most one queued behind it.
    private let heartbeatQueued = Atomic<Bool>(false)

    private init(thread: NIOThreadPool, node: AMQPURL.Node) {
        self.thread = thread
        self.node = node
    }

    /// Connects, logs in and opens a channel on the first of the URL's nodes that answers, starting
    /// from a random one so that a cluster's clients spread over its nodes, and trying last the
    /// nodes suspected lately (a frozen node accepts TCP and then holds the handshake until the
    /// connect timeout); when none answers, the failure of each is thrown with what failed.
    public static func connect(_ url: AMQPURL, options: Options = Options()) async throws -> AMQPConnection {
        let start = Int.random(in: 0..<url.nodes.count)
        let rotated = (0..<url.nodes.count).map { url.nodes[(start + $0) % url.nodes.count] }
        let now = ContinuousClock.now
        let suspected = suspects.withLock { suspects in Set(suspects.filter { now - $0.value < suspicion }.keys) }
        var failures: [any Error] = []
        for node in rotated.filter({ !suspected.contains($0) }) + rotated.filter({ suspected.contains($0) }) {
            do {
                let connection = try await connect(url, node: node, options: options)
                _ = suspects.withLock { $0.removeValue(forKey: node) }
                return connection
            } catch {
                suspect(node)
                failures.append(error)
            }
        }
        guard failures.count > 1 else { throw failures[0] }
        throw MessagingError(
            .connectionFailed, detail: failures.map { ($0 as? MessagingError)?.detail ?? "\($0)" }.joined(separator: "; "))
    }

    /// Nodes whose connection failed or was lost lately, and when.
    private static let suspects = Mutex<[AMQPURL.Node: ContinuousClock.Instant]>([:])
    /// How long a suspected node is tried last.
    static let suspicion: Duration = .seconds(30)

    /// Marks `node` as one to try last for a while: its connection was lost (a heartbeat timeout,
    /// a closed socket).
    public static func suspect(_ node: AMQPURL.Node) {
        suspects.withLock { $0[node] = .now }
    }

    private static func connect(_ url: AMQPURL, node: AMQPURL.Node, options: Options) async throws -> AMQPConnection {
        let thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        let connection = AMQPConnection(thread: thread, node: node)
        do {
            let heartbeat = try await thread.runIfActive { try connection.openOnThread(url, node, options) }
            if heartbeat > 0 { connection.keepAlive(every: .milliseconds(Int(heartbeat) * 500)) }
        } catch {
            await connection.close()
            throw error
        }
        return connection
    }

    /// Sends a heartbeat every `interval` for as long as the connection is open. rabbitmq-c sends
    /// heartbeats only from inside its calls, and the broker drops a peer silent for two of them:
    /// without this, a connection held between calls (an operator's command, a test waiting for
    /// the city to act) would be closed under it after a few idle seconds. The timer runs on a
    /// dispatch queue, not on Swift's cooperative pool, which a loaded process can keep busy for
    /// longer than that; the heartbeat itself waits on the connection's thread for the call in
    /// progress (a publisher's or consumer's session sends its own).
    private func keepAlive(every interval: DispatchTimeInterval) {
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now(), repeating: interval)
        timer.setEventHandler { [weak self] in
            guard let self, !self.heartbeatQueued.exchange(true, ordering: .acquiringAndReleasing) else { return }
            self.thread.submit { work in
                self.heartbeatQueued.store(false, ordering: .releasing)
                guard work == .active, let state = self.state else { return }
                try? Self.sendHeartbeat(state)
            }
        }
        keeper = timer
        timer.resume()
    }

    /// Closes the channel and the connection politely, then stops the thread.
    public func close() async {
        keeper?.cancel()
        _ = try? await thread.runIfActive {
            guard let state = self.state else { return }
            amqp_channel_close(state, Self.channel, Int32(AMQP_REPLY_SUCCESS))
            amqp_connection_close(state, Int32(AMQP_REPLY_SUCCESS))
            amqp_destroy_connection(state)
            self.state = nil
        }
        try? await thread.shutdownGracefully()
    }

    /// Runs `body` on the connection's thread with the rabbitmq-c state.
    func perform<T: Sendable>(_ body: @escaping @Sendable (amqp_connection_state_t) throws -> T) async throws -> T {
        try await thread.runIfActive {
            guard let state = self.state else {
                throw MessagingError(.connectionLost, detail: "the connection is closed")
            }
            return try body(state)
        }
    }

    // MARK: - Topology

    /// Declares a durable exchange (`topic`, `direct`, ...); a no-op when it exists alike. With
    /// `passive` it only checks that the exchange exists (no configure permission needed).
    public func declareExchange(_ name: String, type: String, passive: Bool = false) async throws {
        try await perform { state in
            name.withCString { cName in
                type.withCString { cType in
                    _ = amqp_exchange_declare(
                        state, Self.channel, amqp_cstring_bytes(cName), amqp_cstring_bytes(cType), passive ? 1 : 0, 1, 0, 0, amqp_empty_table)
                }
            }
            try Self.check(amqp_get_rpc_reply(state), doing: passive ? "looking for exchange \(name)" : "declaring exchange \(name)")
        }
    }

    /// Deletes an exchange and its bindings (an operator's migration of its type).
    public func deleteExchange(_ name: String) async throws {
        try await perform { state in
            name.withCString { cName in _ = amqp_exchange_delete(state, Self.channel, amqp_cstring_bytes(cName), 0) }
            try Self.check(amqp_get_rpc_reply(state), doing: "deleting exchange \(name)")
        }
    }

    /// Declares a durable queue with its arguments (`x-queue-type`, `x-delivery-limit`, ...).
    public func declareQueue(_ name: String, arguments: [String: QueueArgument] = [:]) async throws {
        try await perform { state in
            let status = QueueArgument.withCArguments(arguments) { pointer, count in
                jardam_amqp_declare_queue(state, Self.channel, name, pointer, count)
            }
            guard status == 0 else {
                if status == -1 { try Self.check(amqp_get_rpc_reply(state), doing: "declaring queue \(name)") }
                throw MessagingError(.connectionFailed, detail: "declaring queue \(name): \(Self.describe(status))")
            }
        }
    }

    /// Binds `queue` to `exchange` for messages published with `routingKey`.
    public func bindQueue(_ queue: String, exchange: String, routingKey: String) async throws {
        try await perform { state in
            queue.withCString { cQueue in
                exchange.withCString { cExchange in
                    routingKey.withCString { cKey in
                        _ = amqp_queue_bind(
                            state, Self.channel, amqp_cstring_bytes(cQueue), amqp_cstring_bytes(cExchange), amqp_cstring_bytes(cKey), amqp_empty_table
                        )
                    }
                }
            }
            try Self.check(amqp_get_rpc_reply(state), doing: "binding \(queue) to \(exchange)")
        }
    }

    /// Deletes a queue and the messages in it (tests and operators' replays).
    public func deleteQueue(_ name: String) async throws {
        try await perform { state in
            name.withCString { cName in _ = amqp_queue_delete(state, Self.channel, amqp_cstring_bytes(cName), 0, 0) }
            try Self.check(amqp_get_rpc_reply(state), doing: "deleting queue \(name)")
        }
    }

    /// Counts the ready messages of a queue (passive declare), for tests and health.
    public func messageCount(_ queue: String) async throws -> Int {
        try await perform { state in
            let declared = queue.withCString { cQueue in
                amqp_queue_declare(state, Self.channel, amqp_cstring_bytes(cQueue), 1, 0, 0, 0, amqp_empty_table)
            }
            guard let ok = declared else {
                try Self.check(amqp_get_rpc_reply(state), doing: "inspecting queue \(queue)")
                return 0
            }
            return Int(ok.pointee.message_count)
        }
    }

    static func describe(_ status: Int32) -> String {
        status == -1 ? "the broker refused" : String(cString: amqp_error_string2(status))
    }

    // MARK: - On the connection's thread

    /// Opens the connection and its channel; returns the heartbeat interval agreed with the broker,
    /// in seconds (0 for none).
    private func openOnThread(_ url: AMQPURL, _ node: AMQPURL.Node, _ options: Options) throws -> Int32 {
        guard let state = amqp_new_connection() else {
            throw MessagingError(.connectionFailed, detail: "rabbitmq-c could not allocate a connection")
        }
        self.state = state
        let socket = try Self.socket(for: url, on: state)
        let (seconds, attoseconds) = options.connectTimeout.components
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        amqp_set_handshake_timeout(state, &timeout)
        let opened = amqp_socket_open_noblock(socket, node.host, Int32(node.port), &timeout)
        guard opened == AMQP_STATUS_OK.rawValue else {
            throw MessagingError(
                .connectionFailed,
                detail: "cannot reach \(node): \(String(cString: amqp_error_string2(opened)))")
        }
        let login = jardam_amqp_login_plain(
            state, url.virtualHost, 0, 131_072, options.heartbeat, url.user, url.password)
        try Self.check(login, doing: "login to vhost \(url.virtualHost) as \(url.user)")
        amqp_channel_open(state, Self.channel)
        try Self.check(amqp_get_rpc_reply(state), doing: "opening a channel")
        return amqp_get_heartbeat(state)
    }

    private static func sendHeartbeat(_ state: amqp_connection_state_t) throws {
        var frame = amqp_frame_t()
        frame.frame_type = UInt8(AMQP_FRAME_HEARTBEAT)
        frame.channel = 0
        let status = amqp_send_frame(state, &frame)
        guard status == 0 else { throw MessagingError(.connectionLost, detail: "sending a heartbeat: \(describe(status))") }
    }

    /// A plain TCP socket, or for `amqps://` a TLS one (1.2 or later) that verifies the broker's
    /// certificate against the URL's CA (or the system's) and its name against the URL's host.
    private static func socket(for url: AMQPURL, on state: amqp_connection_state_t) throws -> OpaquePointer {
        guard let tls = url.tls else {
            guard let socket = amqp_tcp_socket_new(state) else {
                throw MessagingError(.connectionFailed, detail: "rabbitmq-c could not allocate a socket")
            }
            return socket
        }
        guard let socket = amqp_ssl_socket_new(state) else {
            throw MessagingError(.connectionFailed, detail: "rabbitmq-c could not allocate a TLS socket")
        }
        let caFile = tls.caCertificateFile ?? "/etc/ssl/certs/ca-certificates.crt"
        guard amqp_ssl_socket_set_cacert(socket, caFile) == AMQP_STATUS_OK.rawValue else {
            throw MessagingError(.connectionFailed, detail: "cannot read the CA certificate file \(caFile)")
        }
        amqp_ssl_socket_set_verify_peer(socket, 1)
        amqp_ssl_socket_set_verify_hostname(socket, 1)
        _ = amqp_ssl_socket_set_ssl_versions(socket, AMQP_TLSv1_2, AMQP_TLSvLATEST)
        return socket
    }

    /// Turns a failed RPC reply into a ``MessagingError`` naming what was being done.
    static func check(_ reply: amqp_rpc_reply_t, doing what: String) throws {
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL:
            return
        case AMQP_RESPONSE_LIBRARY_EXCEPTION:
            throw MessagingError(.connectionFailed, detail: "\(what): \(String(cString: amqp_error_string2(reply.library_error)))")
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            // Channel.Close (20,40) and Connection.Close (10,50) carry a code and the broker's reason,
            // which names queues and exchanges, never message contents.
            var reason = "method \(reply.reply.id)"
            if reply.reply.id == 0x0014_0028, let decoded = reply.reply.decoded {
                let close = decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
                reason =
                    "\(close.reply_code) \(String(decoding: UnsafeRawBufferPointer(start: close.reply_text.bytes, count: close.reply_text.len), as: UTF8.self))"
            } else if reply.reply.id == 0x000A_0032, let decoded = reply.reply.decoded {
                let close = decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
                reason =
                    "\(close.reply_code) \(String(decoding: UnsafeRawBufferPointer(start: close.reply_text.bytes, count: close.reply_text.len), as: UTF8.self))"
            }
            throw MessagingError(.connectionFailed, detail: "\(what): the broker refused: \(reason)")
        default:
            throw MessagingError(.connectionFailed, detail: "\(what): no reply")
        }
    }
}
