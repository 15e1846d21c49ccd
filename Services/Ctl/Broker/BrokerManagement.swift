import CityCalls
import Foundation

/// RabbitMQ's management HTTP API for the city's vhost: users, permissions, queue figures.
///
/// Read from `JARDAM_AMQP_MANAGEMENT_URL` (`https://user:password@host:15671`, verified against
/// `TLS_CA_FILE`; or `http://`); the user needs the `administrator` tag. Nothing here logs the
/// password.
struct BrokerManagement: Sendable {
    let baseURL: URL
    let vhost: String
    private let authorization: String
    private let caFile: String?

    init(environment: CtlEnvironment, vhost: String = "jardam") throws {
        let components = try environment.managementURL()
        guard let user = components.user, let password = components.password, let host = components.host else {
            throw CtlError("JARDAM_AMQP_MANAGEMENT_URL is malformed: expected https://user:password@host:port")
        }
        var base = URLComponents()
        base.scheme = components.scheme ?? "http"
        base.host = host
        base.port = components.port
        guard let url = base.url else { throw CtlError("JARDAM_AMQP_MANAGEMENT_URL is not a URL") }
        baseURL = url
        self.vhost = vhost
        caFile = environment.caFile()
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
        var headers = [("Authorization", authorization)]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let reply: CityHTTP.Reply
        do {
            reply = try await CityHTTP.send(
                method, url(segments), headers: headers, body: try body.map { try JSONSerialization.data(withJSONObject: $0) }, trusting: caFile)
        } catch {
            throw CtlError("the broker's management API does not answer at \(baseURL.absoluteString)")
        }
        let (data, status) = (reply.body, reply.status)
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
