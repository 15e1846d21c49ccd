import ArgumentParser
import Configuration
import Contracts
import Foundation
import Messaging
import Persistence
import ServiceKit

/// What `jardamctl` reads from the city's environment (`.run/<city>/env`, or the same variables
/// in production), through swift-configuration as the services read theirs. Each command asks
/// only for what it needs; a missing or malformed variable is a ``CtlError`` naming it.
struct CtlEnvironment: Sendable {
    let reader: ConfigReader

    init(reader: ConfigReader = ConfigReader(provider: EnvironmentVariablesProvider())) {
        self.reader = reader
    }

    /// `JARDAM_CITY`.
    func city() throws -> String { try required("JARDAM_CITY") }

    /// `JARDAM_TOKEN_SECRET`, at least 32 characters.
    func tokenSecret() throws -> String {
        try value("JARDAM_TOKEN_SECRET", expected: "at least 32 characters") { $0.utf8.count >= 32 ? $0 : nil }
    }

    /// `JARDAM_AMQP_URL`.
    func amqpURL() throws -> AMQPURL {
        try value("JARDAM_AMQP_URL", expected: "amqps://user:pass@host:5671/vhost?cacertfile=/path/ca.crt") { AMQPURL($0) }
    }

    /// `JARDAM_AMQP_MANAGEMENT_URL`: `https://user:password@host:port` (or `http://`).
    func managementURL() throws -> URLComponents {
        try value("JARDAM_AMQP_MANAGEMENT_URL", expected: "https://user:password@host:port") { text in
            URLComponents(string: text).flatMap { $0.user != nil && $0.password != nil && $0.host != nil ? $0 : nil }
        }
    }

    /// The service's database URL: `<SCHEMA>_POSTGRES_URL` (`INTAKE_POSTGRES_URL`), else
    /// `JARDAM_POSTGRES_URL` (one service's environment).
    func postgresURL(of service: ServiceIdentity) throws -> String {
        let variable = "\(service.schema.uppercased())_POSTGRES_URL"
        guard let url = text(variable) ?? text("JARDAM_POSTGRES_URL") else { throw CtlError("\(variable) (or JARDAM_POSTGRES_URL) is missing") }
        return url
    }

    /// The console's database role (`CONSOLE_POSTGRES_URL`, else `JARDAM_POSTGRES_URL`): what
    /// `jardamctl staff` writes staff accounts with.
    func consolePostgresURL() throws -> String {
        guard let url = text("CONSOLE_POSTGRES_URL") ?? text("JARDAM_POSTGRES_URL") else {
            throw CtlError("CONSOLE_POSTGRES_URL (or JARDAM_POSTGRES_URL) is missing")
        }
        return url
    }

    /// The administrator's connection to the city's database (`JARDAM_ADMIN_POSTGRES_URL`) or key
    /// store (`JARDAM_ADMIN_KEYS_POSTGRES_URL`), acting as `role` from the start of each session
    /// (libpq `options=-c role=…`): how `migrate` works as a schema's owner, which cannot log in.
    func adminPostgresURL(keyStore: Bool = false, actingAs role: String) throws -> String {
        let variable = keyStore ? "JARDAM_ADMIN_KEYS_POSTGRES_URL" : "JARDAM_ADMIN_POSTGRES_URL"
        guard let url = Conninfo.acting(as: role, on: try required(variable)) else { throw CtlError("\(variable) is malformed") }
        return url
    }

    /// A master key of a service that holds personal data: `<SCHEMA>_DATA_KEY` (or with
    /// `previous`, `<SCHEMA>_DATA_KEY_PREVIOUS`), else `JARDAM_DATA_KEY` (`JARDAM_DATA_KEY_PREVIOUS`);
    /// base64 of 32 bytes.
    func dataKey(of service: ServiceIdentity, previous: Bool = false) throws -> Data {
        let suffix = previous ? "DATA_KEY_PREVIOUS" : "DATA_KEY"
        let variable = "\(service.schema.uppercased())_\(suffix)"
        let name = text(variable) != nil ? variable : "JARDAM_\(suffix)"
        return try value(name, expected: "base64 of 32 bytes") { Data(base64Encoded: $0).flatMap { $0.count == 32 ? $0 : nil } }
    }

    /// The city CA's certificate (`TLS_CA_FILE`): when set, the services are reached over HTTPS
    /// and verified against it.
    func caFile() -> String? { text("TLS_CA_FILE") }

    /// Where the service answers: `JARDAM_HTTP_HOST` (loopback when unset or `0.0.0.0`) and
    /// `<SCHEMA>_HTTP_PORT` (default: the port of CONTRACT.md §2), over HTTPS when
    /// ``caFile()`` is set.
    func baseURL(of service: ServiceIdentity) throws -> URL {
        try baseURL(portVariable: "\(service.schema.uppercased())_HTTP_PORT", defaultPort: service.defaultPort)
    }

    /// Where the console answers (`CONSOLE_HTTP_PORT`, default 8080).
    func consoleURL() throws -> URL { try baseURL(portVariable: "CONSOLE_HTTP_PORT", defaultPort: 8080) }

    private func baseURL(portVariable variable: String, defaultPort: Int) throws -> URL {
        let host = text("JARDAM_HTTP_HOST").flatMap { $0 == "0.0.0.0" ? nil : $0 } ?? "127.0.0.1"
        let port =
            try text(variable).map { text in
                guard let port = Int(text), (1...65535).contains(port) else {
                    throw CtlError("\(variable) is malformed: expected a port number 1-65535")
                }
                return port
            } ?? defaultPort
        guard let url = URL(string: "\(caFile() == nil ? "http" : "https")://\(host):\(port)") else {
            throw CtlError("JARDAM_HTTP_HOST is malformed")
        }
        return url
    }

    /// The services named by `--service`, or all six.
    static func services(_ name: String?) throws -> [ServiceIdentity] {
        guard let name else { return ServiceIdentity.allCases }
        guard let service = ServiceIdentity(rawValue: name) else {
            throw ValidationError("unknown service \(name); one of: \(ServiceIdentity.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return [service]
    }

    // MARK: - Reading

    /// The variable's text; `nil` when it is unset or blank.
    func text(_ variable: String) -> String? {
        reader.string(forKey: ConfigKey(environmentVariable: variable), isSecret: true)
            .flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
    }

    private func required(_ variable: String) throws -> String {
        guard let text = text(variable) else { throw CtlError("\(variable) is missing") }
        return text
    }

    private func value<T>(_ variable: String, expected: String, _ parse: (String) -> T?) throws -> T {
        guard let value = parse(try required(variable)) else { throw CtlError("\(variable) is malformed: expected \(expected)") }
        return value
    }
}
