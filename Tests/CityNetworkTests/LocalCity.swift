import Contracts
import Foundation
import Messaging
import ServiceKit
import TestSupport

/// One of the cities `make test` links into a network (`scripts/network.sh start`), reached as
/// its staff and its operator reach it: over HTTPS verified against its own CA, with tokens
/// signed by its own secret, and its broker over AMQPS.
struct LocalCity: Sendable {
    /// The instance (`test-moscow`): `.run/<instance>/env` holds its variables.
    let instance: String
    let variables: [String: String]

    /// The cities `make test` started, in the order `JARDAM_NETWORK_INSTANCES` names them.
    static func all() throws -> [LocalCity] {
        let names = TestEnvironment.variable("JARDAM_NETWORK_INSTANCES").split(separator: " ").map(String.init)
        return try names.map(LocalCity.init(instance:))
    }

    init(instance: String) throws {
        self.instance = instance
        variables = try EnvironmentFile.read(TestEnvironment.root.appendingPathComponent(".run/\(instance)/env").path)
    }

    /// `JARDAM_CITY`.
    var name: String { variables["JARDAM_CITY"]! }

    /// A staff token of this city for `roles`.
    func token(_ roles: [Role], subject: String = "network-test") async throws -> String {
        try await TokenAuthority(secret: variables["JARDAM_TOKEN_SECRET"]!, city: name)
            .issue(subject: subject, roles: roles, partner: nil, lifetime: .seconds(600))
    }

    /// The port of `service` (`NETWORK_HTTP_PORT`).
    func port(_ service: ServiceIdentity) -> Int { Int(variables["\(service.schema.uppercased())_HTTP_PORT"]!)! }

    /// One request to `service` by curl, verified against this city's CA, with `token`: the
    /// status (0 when nothing answers) and the JSON body.
    func send(_ method: String, _ service: ServiceIdentity, _ path: String, token: String, json: String? = nil) async throws -> (
        status: Int, body: JSONValue, raw: Data
    ) {
        var arguments = ["-s", "-X", method, "--max-time", "30", "--cacert", variables["TLS_CA_FILE"]!, "-w", "\n%{http_code}"]
        arguments += ["-H", "Authorization: Bearer \(token)"]
        if let json { arguments += ["-H", "Content-Type: application/json", "--data-binary", json] }
        let curl = try ChildProcess("/usr/bin/curl", arguments: arguments + ["https://127.0.0.1:\(port(service))\(path)"], environment: [:])
        _ = await curl.exitStatus(within: .seconds(35))
        let output = curl.output
        guard let newline = output.lastIndex(of: "\n") else { return (Int(output) ?? 0, .null, Data()) }
        let raw = Data(output[..<newline].utf8)
        return (Int(output[output.index(after: newline)...]) ?? 0, (try? Wire.decode(JSONValue.self, from: raw)) ?? .null, raw)
    }

    /// As ``send(_:_:_:token:json:)``, throwing unless the answer is 2xx.
    @discardableResult
    func expect(_ method: String, _ service: ServiceIdentity, _ path: String, as roles: [Role], json: String? = nil) async throws -> JSONValue {
        try Wire.decode(JSONValue.self, from: try await expect(method, service, path, as: roles, json: json, reading: Data.self))
    }

    /// The body of a 2xx answer as it came, or as `T` when it is not `Data`.
    func expect<T: Decodable>(
        _ method: String, _ service: ServiceIdentity, _ path: String, as roles: [Role], json: String? = nil, reading type: T.Type
    ) async throws -> T {
        let reply = try await send(method, service, path, token: try await token(roles), json: json)
        guard (200..<300).contains(reply.status) else {
            throw TestFailure(
                "\(instance): \(method) \(service.rawValue)\(path) answered \(reply.status): \(String(decoding: reply.raw, as: UTF8.self))")
        }
        if let data = reply.raw as? T { return data }
        return try Wire.decode(T.self, from: reply.raw)
    }

    /// The city's broker as `user` with `password` (this city's CA verifies it).
    func amqpURL(user: String, password: String) throws -> AMQPURL {
        guard let operatorURL = AMQPURL(variables["JARDAM_AMQP_URL"]!), let url = AMQPURL(operatorURL.text(user: user, password: password)) else {
            throw TestFailure("\(instance): JARDAM_AMQP_URL is malformed")
        }
        return url
    }

    /// A service's own broker URL (`NETWORK_AMQP_URL`).
    func serviceAMQPURL(_ service: ServiceIdentity) throws -> AMQPURL {
        guard let url = AMQPURL(variables["\(service.schema.uppercased())_AMQP_URL"]!) else { throw TestFailure("\(instance): no AMQP URL") }
        return url
    }

    /// Runs `scripts/servers.sh COMMAND` for this city (`kill-rabbitmq`, `start-rabbitmq`).
    func servers(_ command: String) async throws {
        let script = TestEnvironment.root.appendingPathComponent("scripts/servers.sh").path
        let child = try ChildProcess("/bin/bash", arguments: [script, command, instance], environment: ProcessInfo.processInfo.environment)
        guard let status = await child.exitStatus(within: .seconds(180)), status == 0 else {
            throw TestFailure("servers.sh \(command) \(instance) failed: \(child.output)")
        }
    }
}
