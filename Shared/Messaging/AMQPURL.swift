import Foundation

/// The parts of `JARDAM_AMQP_URL`, percent-decoded: `amqp://user:pass@host:5672/vhost`, or over TLS
/// `amqps://user:pass@host:5671/vhost?cacertfile=/path/ca.crt`. A cluster's URL lists every node,
/// comma-separated, as libpq's multi-host URIs do: `amqps://user:pass@host:5671,host:5681,host:5691/vhost`;
/// a client connects to the first node that answers.
public struct AMQPURL: Sendable, Equatable {
    /// How an `amqps://` connection verifies the broker: always its certificate chain and its name.
    public struct TLS: Sendable, Equatable {
        /// The PEM file of the CA the broker's certificate must chain to (the URL's `cacertfile`,
        /// as in RabbitMQ's URI query parameters); `nil`: the system's CA bundle.
        public let caCertificateFile: String?
    }

    /// One broker node: where its AMQP listener is.
    public struct Node: Sendable, Hashable, CustomStringConvertible {
        public let host: String
        public let port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }

        public var description: String { "\(host):\(port)" }
    }

    /// Every node of the broker, in the URL's order; never empty.
    public let nodes: [Node]
    public let user: String
    public let password: String
    /// The virtual host; `/` when the URL has no path, `%2f` decodes to `/`.
    public let virtualHost: String
    /// Set for `amqps://`: the connection speaks TLS and verifies the broker.
    public let tls: TLS?

    /// The first node's host.
    public var host: String { nodes[0].host }
    /// The first node's port.
    public var port: Int { nodes[0].port }

    /// Parses an `amqp://` or `amqps://` URL with one node or several; `nil` when it is not one, when
    /// a node is malformed, or when its query holds anything but `cacertfile` (which only `amqps://` may have).
    public init?(_ text: String) {
        // The authority's host list is read node by node; the rest as one URL with the first node.
        guard let schemeEnd = text.range(of: "://") else { return nil }
        let afterScheme = text[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        let userInfoEnd = authority.lastIndex(of: "@")
        let hostList = userInfoEnd.map { authority[authority.index(after: $0)...] } ?? authority
        let userInfo = userInfoEnd.map { String(authority[..<$0]) + "@" } ?? ""
        let scheme = String(text[..<schemeEnd.lowerBound])
        let entries = hostList.split(separator: ",", omittingEmptySubsequences: false)
        guard let first = entries.first else { return nil }
        let rest = afterScheme[authorityEnd...]
        guard let components = URLComponents(string: "\(scheme)://\(userInfo)\(first)\(rest)"),
            scheme == "amqp" || scheme == "amqps"
        else { return nil }
        let query = components.queryItems ?? []
        guard query.allSatisfy({ $0.name == "cacertfile" && $0.value?.isEmpty == false }), query.count <= 1,
            scheme == "amqps" || query.isEmpty
        else { return nil }
        let defaultPort = scheme == "amqps" ? 5671 : 5672
        var nodes: [Node] = []
        for entry in entries {
            guard let node = URLComponents(string: "\(scheme)://\(entry)"), let host = node.host, !host.isEmpty,
                node.user == nil, node.percentEncodedPath.isEmpty
            else { return nil }
            nodes.append(Node(host: host, port: node.port ?? defaultPort))
        }
        self.nodes = nodes
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

    /// The same nodes, virtual host and TLS settings with other credentials, as a URL to give out
    /// (a partner's `connect:` line).
    public func text(user: String, password: String) -> String {
        var components = URLComponents()
        components.scheme = tls == nil ? "amqp" : "amqps"
        components.user = user
        components.password = password
        components.host = "host"
        components.percentEncodedPath =
            "/" + (virtualHost.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? "")
        if let file = tls?.caCertificateFile { components.queryItems = [URLQueryItem(name: "cacertfile", value: file)] }
        // URLComponents knows one host only: the node list replaces the placeholder.
        let single = components.string ?? ""
        let hosts = nodes.map { node in
            let host = node.host.contains(":") ? "[\(node.host)]" : node.host
            return "\(host):\(node.port)"
        }
        return single.replacingOccurrences(of: "@host/", with: "@\(hosts.joined(separator: ","))/")
    }

    /// The URL with the password hidden, for logs.
    public var redacted: String { text(user: user, password: "***") }
}
