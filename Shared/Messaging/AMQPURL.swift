import Foundation

/// The parts of `JARDAM_AMQP_URL`, percent-decoded: `amqp://user:pass@host:5672/vhost`, or over TLS
/// `amqps://user:pass@host:5671/vhost?cacertfile=/path/ca.crt`.
public struct AMQPURL: Sendable, Equatable {
    /// How an `amqps://` connection verifies the broker: always its certificate chain and its name.
    public struct TLS: Sendable, Equatable {
        /// The PEM file of the CA the broker's certificate must chain to (the URL's `cacertfile`,
        /// as in RabbitMQ's URI query parameters); `nil`: the system's CA bundle.
        public let caCertificateFile: String?
    }

    public let host: String
    public let port: Int
    public let user: String
    public let password: String
    /// The virtual host; `/` when the URL has no path, `%2f` decodes to `/`.
    public let virtualHost: String
    /// Set for `amqps://`: the connection speaks TLS and verifies the broker.
    public let tls: TLS?

    /// Parses an `amqp://` or `amqps://` URL; `nil` when it is not one, or when its query holds
    /// anything but `cacertfile` (which only `amqps://` may have).
    public init?(_ text: String) {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
            scheme == "amqp" || scheme == "amqps", let host = components.host, !host.isEmpty
        else { return nil }
        let query = components.queryItems ?? []
        guard query.allSatisfy({ $0.name == "cacertfile" && $0.value?.isEmpty == false }), query.count <= 1,
            scheme == "amqps" || query.isEmpty
        else { return nil }
        self.host = host
        port = components.port ?? (scheme == "amqps" ? 5671 : 5672)
        user = components.user.flatMap { $0.removingPercentEncoding } ?? "guest"
        password = components.password.flatMap { $0.removingPercentEncoding } ?? "guest"
        tls = scheme == "amqps" ? TLS(caCertificateFile: query.first?.value) : nil
        let path = components.percentEncodedPath
        if path.isEmpty || path == "/" {
            virtualHost = "/"
        } else {
            guard let decoded = String(path.dropFirst()).removingPercentEncoding else { return nil }
            virtualHost = decoded
        }
    }

    /// The same broker, virtual host and TLS settings with other credentials, as a URL to give out
    /// (a partner's `connect:` line).
    public func text(user: String, password: String) -> String {
        var components = URLComponents()
        components.scheme = tls == nil ? "amqp" : "amqps"
        components.user = user
        components.password = password
        components.host = host
        components.port = port
        components.percentEncodedPath =
            "/" + (virtualHost.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? "")
        if let file = tls?.caCertificateFile { components.queryItems = [URLQueryItem(name: "cacertfile", value: file)] }
        return components.string ?? ""
    }

    /// The URL with the password hidden, for logs.
    public var redacted: String { text(user: user, password: "***") }
}
