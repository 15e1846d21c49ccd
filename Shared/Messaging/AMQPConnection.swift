import CRabbitMQ
import CRabbitMQSupport
import Foundation
import NIOPosix

/// One rabbitmq-c connection with one open channel, owned by this object and used only from its
/// own thread.
///
/// rabbitmq-c forbids sharing a connection between threads and blocks on the socket, so every
/// call runs on a one-thread `NIOThreadPool`.
public final class AMQPConnection: @unchecked Sendable {
    /// How a connection is opened.
    public struct Options: Sendable {
        /// Seconds between heartbeats; the broker drops a peer silent for two of them.
        public var heartbeat: Int32 = 10
        /// Longest wait for TCP connect and for the AMQP handshake.
        public var connectTimeout: Duration = .seconds(5)

        public init() {}
    }

    private let thread: NIOThreadPool
    /// The `amqp_connection_state_t`; read and written only on `thread`.
    private var state: amqp_connection_state_t?
    /// The channel every operation of this connection uses.
    static let channel: amqp_channel_t = 1

    private init(thread: NIOThreadPool) {
        self.thread = thread
    }

    /// Connects, logs in and opens a channel; any failure is thrown with what failed.
    public static func connect(_ url: AMQPURL, options: Options = Options()) async throws -> AMQPConnection {
        let thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        let connection = AMQPConnection(thread: thread)
        do {
            try await thread.runIfActive { try connection.openOnThread(url, options) }
        } catch {
            await connection.close()
            throw error
        }
        return connection
    }

    /// Closes the channel and the connection politely, then stops the thread.
    public func close() async {
        _ = try? await thread.runIfActive {
            guard let state = self.state else { return }
            amqp_channel_close(state, Self.channel, Int32(AMQP_REPLY_SUCCESS))
            amqp_connection_close(state, Int32(AMQP_REPLY_SUCCESS))
            amqp_destroy_connection(state)
            self.state = nil
        }
        try? await thread.shutdownGracefully()
    }

    // MARK: - On the connection's thread

    private func openOnThread(_ url: AMQPURL, _ options: Options) throws {
        guard let state = amqp_new_connection() else {
            throw MessagingError(.connectionFailed, detail: "rabbitmq-c could not allocate a connection")
        }
        self.state = state
        guard let socket = amqp_tcp_socket_new(state) else {
            throw MessagingError(.connectionFailed, detail: "rabbitmq-c could not allocate a socket")
        }
        let (seconds, attoseconds) = options.connectTimeout.components
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        amqp_set_handshake_timeout(state, &timeout)
        let opened = amqp_socket_open_noblock(socket, url.host, Int32(url.port), &timeout)
        guard opened == AMQP_STATUS_OK.rawValue else {
            throw MessagingError(
                .connectionFailed,
                detail: "cannot reach \(url.host):\(url.port): \(String(cString: amqp_error_string2(opened)))")
        }
        let login = jardam_amqp_login_plain(
            state, url.virtualHost, 0, 131_072, options.heartbeat, url.user, url.password)
        try Self.check(login, doing: "login to vhost \(url.virtualHost) as \(url.user)")
        amqp_channel_open(state, Self.channel)
        try Self.check(amqp_get_rpc_reply(state), doing: "opening a channel")
    }

    /// Turns a failed RPC reply into a ``MessagingError`` naming what was being done.
    static func check(_ reply: amqp_rpc_reply_t, doing what: String) throws {
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL:
            return
        case AMQP_RESPONSE_LIBRARY_EXCEPTION:
            throw MessagingError(.connectionFailed, detail: "\(what): \(String(cString: amqp_error_string2(reply.library_error)))")
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            throw MessagingError(.connectionFailed, detail: "\(what): the broker refused (method \(reply.reply.id))")
        default:
            throw MessagingError(.connectionFailed, detail: "\(what): no reply")
        }
    }
}
