import Foundation

/// The parts of `JARDAM_AMQP_URL` (`amqp://user:pass@host:5672/vhost`), percent-decoded.
public struct AMQPURL: Sendable, Equatable {
    public let host: String
    public let port: Int
    public let user: String
    public let password: String
    /// The virtual host; `/` when the URL has no path, `%2f` decodes to `/`.
    public let virtualHost: String

    /// Parses an `amqp://` URL; `nil` when it is not one. `amqps://` is refused: TLS is not built in.
    public init?(_ text: String) {
        guard let components = URLComponents(string: text), components.scheme == "amqp",
            let host = components.host, !host.isEmpty
        else { return nil }
        self.host = host
        port = components.port ?? 5672
        user = components.user.flatMap { $0.removingPercentEncoding } ?? "guest"
        password = components.password.flatMap { $0.removingPercentEncoding } ?? "guest"
        let path = components.percentEncodedPath
        if path.isEmpty || path == "/" {
            virtualHost = "/"
        } else {
            guard let decoded = String(path.dropFirst()).removingPercentEncoding else { return nil }
            virtualHost = decoded
        }
    }

    /// The URL with the password hidden, for logs.
    public var redacted: String { "amqp://\(user):***@\(host):\(port)/\(virtualHost)" }
}
