import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// RabbitMQ's management HTTP API for the city's vhost: users, permissions, queue figures.
///
/// Read from `JARDAM_AMQP_MANAGEMENT_URL` (`http://user:password@host:15672`); the user needs
/// the `administrator` tag. Nothing here logs the password.
struct BrokerManagement: Sendable {
    let baseURL: URL
    let vhost: String
    private let authorization: String
    private let session = URLSession(configuration: .ephemeral)

    init(environment: CtlEnvironment, vhost: String = "jardam") throws {
        let components = try environment.managementURL()
        guard let user = components.user, let password = components.password, let host = components.host else {
            throw CtlError("JARDAM_AMQP_MANAGEMENT_URL is malformed: expected http://user:password@host:port")
        }
        var base = URLComponents()
        base.scheme = components.scheme ?? "http"
        base.host = host
        base.port = components.port
        guard let url = base.url else { throw CtlError("JARDAM_AMQP_MANAGEMENT_URL is not a URL") }
        baseURL = url
        self.vhost = vhost
        authorization = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    /// `path` below `/api/` with `{vhost}` filled in, each segment percent-encoded.
    private func url(_ segments: [String]) -> URL {
        var url = baseURL.appendingPathComponent("api")
        for segment in segments { url.appendPathComponent(segment) }
        return url
    }

    /// One call; throws with the API's reason on anything but 2xx.
    @discardableResult
    func call(_ method: String, _ segments: [String], body: [String: Any]? = nil) async throws -> Any? {
        var request = URLRequest(url: url(segments))
        request.httpMethod = method
        request.setValue(authorization, forHTTPHeaderField: "Authorization")
        if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw CtlError("the broker's management API does not answer at \(baseURL.absoluteString)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let json = data.isEmpty ? nil : try? JSONSerialization.jsonObject(with: data)
        guard (200..<300).contains(status) else {
            let reason = (json as? [String: Any])?["reason"] as? String ?? ""
            throw CtlError("broker management \(method) \(segments.joined(separator: "/")) answered \(status) \(reason)")
        }
        return json
    }

    /// Creates or updates a user without tags (no management access).
    func putUser(_ name: String, password: String) async throws {
        try await call("PUT", ["users", name], body: ["password": password, "tags": ""])
    }

    func deleteUser(_ name: String) async throws {
        try await call("DELETE", ["users", name])
    }

    /// The user's configure, write and read patterns on the vhost.
    func setPermissions(_ user: String, configure: String, write: String, read: String) async throws {
        try await call("PUT", ["permissions", vhost, user], body: ["configure": configure, "write": write, "read": read])
    }

    /// The routing keys the user may publish (`write`) and bind (`read`) on a topic exchange.
    func setTopicPermissions(_ user: String, exchange: String, write: String, read: String) async throws {
        try await call("PUT", ["topic-permissions", vhost, user], body: ["exchange": exchange, "write": write, "read": read])
    }

    /// Every queue of the vhost with its ready and unacknowledged counts.
    func queues() async throws -> [(name: String, ready: Int, unacked: Int, consumers: Int)] {
        let list = try await call("GET", ["queues", vhost]) as? [[String: Any]] ?? []
        return list.compactMap { queue in
            guard let name = queue["name"] as? String else { return nil }
            return (name, queue["messages_ready"] as? Int ?? 0, queue["messages_unacknowledged"] as? Int ?? 0, queue["consumers"] as? Int ?? 0)
        }.sorted { $0.name < $1.name }
    }
}
