import LogSafety

/// A failure of the AMQP layer; says what failed, never with credentials or message bodies.
public struct MessagingError: Error, CustomStringConvertible, Sendable, LogSafeError {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        /// The TCP connection or the AMQP handshake failed (refused, timeout, bad credentials).
        public static let connectionFailed = Code(name: "connectionFailed")
        /// The broker closed the connection or channel, or the socket broke.
        public static let connectionLost = Code(name: "connectionLost")
    }

    public let code: Code
    public let detail: String

    public init(_ code: Code, detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "AMQP \(code): \(detail)" }
}

extension MessagingError.Code {
    /// The broker answered a publish with Basic.Nack: the message was not taken.
    public static let rejected = MessagingError.Code(name: "rejected")
    /// The broker returned a mandatory message: no queue took it.
    public static let unroutable = MessagingError.Code(name: "unroutable")
    /// The publisher or consumer has been stopped.
    public static let stopped = MessagingError.Code(name: "stopped")
}
