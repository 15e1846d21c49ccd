import Configuration
import Contracts
import Foundation
import HummingbirdTLS
import Logging
import Messaging

/// Everything a service reads from its environment (CONTRACT.md §2), checked at start.
public struct ServiceConfiguration: Sendable {
    /// The service this configuration is for.
    public var service: ServiceIdentity
    /// The city this deployment serves (`moscow`); part of every event source and token.
    public var city: String
    /// Address the HTTP server binds.
    public var httpHost: String
    /// Port the HTTP server binds.
    public var httpPort: Int
    /// libpq connection string or URI for the service's own database role.
    public var postgresURL: String
    /// The city's broker, from `amqps://user:pass@host:5671/vhost?cacertfile=/path/ca.crt` (or plain `amqp://`).
    public var amqpURL: AMQPURL
    /// The broker user of the city's operator (`JARDAM_AMQP_OPERATOR_USER`, default `jardam`),
    /// whose events consumers accept besides each type's own service (``PublisherTrust``).
    public var amqpOperatorUser: String
    /// HS256 key that signs staff tokens.
    public var tokenSecret: String
    /// Master key for personal data: 32 bytes; `nil` for services that hold none.
    public var dataKey: Data?
    /// The master key before `dataKey`, during a rotation (`JARDAM_DATA_KEY_PREVIOUS`): it still
    /// opens the person keys `jardamctl keys rotate` has not re-wrapped yet.
    public var previousDataKey: Data?
    /// libpq connection string or URI of the city's key store (`jardam_<city>_keys`, its own
    /// database and role), where person keys live apart from the data they open; `nil` for
    /// services that hold no personal data.
    public var keysPostgresURL: String?
    /// The HTTPS listener's TLS 1.2+ configuration, from the PEM files `JARDAM_TLS_CERT` (the
    /// certificate chain) and `JARDAM_TLS_KEY` (its private key), both or neither; `nil`: plain
    /// HTTP.
    public var https: TLSConfiguration?
    /// Least severe level written to the log.
    public var logLevel: Logger.Level
    /// How long published outbox rows, inbox entries and idempotency keys are kept.
    public var retention = Housekeeping.Retention()

    /// Reads and checks every variable; the first missing or malformed one is thrown.
    public init(reader: ConfigReader, service: ServiceIdentity) throws(ConfigurationError) {
        self.service = service
        city = try Self.required(reader, "JARDAM_CITY")
        guard city.range(of: "^[a-z][a-z0-9-]{0,62}$", options: .regularExpression) != nil else {
            throw ConfigurationError(variable: "JARDAM_CITY", problem: "is malformed: expected a lower-case city name such as moscow")
        }
        httpHost = reader.string(forKey: ConfigKey(environmentVariable: "JARDAM_HTTP_HOST")) ?? "127.0.0.1"
        httpPort = try reader.value(of: "JARDAM_HTTP_PORT", default: service.defaultPort, expected: "a port number 1-65535") { text in
            Int(text).flatMap { (1...65535).contains($0) ? $0 : nil }
        }
        postgresURL = try Self.required(reader, "JARDAM_POSTGRES_URL", secret: true)
        guard let amqpURL = AMQPURL(try Self.required(reader, "JARDAM_AMQP_URL", secret: true)) else {
            throw ConfigurationError(
                variable: "JARDAM_AMQP_URL",
                problem: "is malformed: expected amqps://user:pass@host:5671/vhost?cacertfile=/path/ca.crt or amqp://user:pass@host:5672/vhost")
        }
        self.amqpURL = amqpURL
        amqpOperatorUser = reader.string(forKey: ConfigKey(environmentVariable: "JARDAM_AMQP_OPERATOR_USER")) ?? "jardam"
        tokenSecret = try Self.required(reader, "JARDAM_TOKEN_SECRET", secret: true)
        guard tokenSecret.utf8.count >= 32 else {
            throw ConfigurationError(variable: "JARDAM_TOKEN_SECRET", problem: "is too short: use at least 32 characters")
        }
        if service.holdsPersonalData {
            let encoded = try Self.required(reader, "JARDAM_DATA_KEY", secret: true)
            guard let key = Data(base64Encoded: encoded), key.count == 32 else {
                throw ConfigurationError(variable: "JARDAM_DATA_KEY", problem: "is malformed: expected base64 of 32 bytes")
            }
            dataKey = key
            if let previous = reader.string(forKey: ConfigKey(environmentVariable: "JARDAM_DATA_KEY_PREVIOUS"), isSecret: true), !previous.isEmpty {
                guard let key = Data(base64Encoded: previous), key.count == 32 else {
                    throw ConfigurationError(variable: "JARDAM_DATA_KEY_PREVIOUS", problem: "is malformed: expected base64 of 32 bytes")
                }
                previousDataKey = key
            }
            keysPostgresURL = try Self.required(reader, "JARDAM_KEYS_POSTGRES_URL", secret: true)
        } else {
            dataKey = nil
            previousDataKey = nil
            keysPostgresURL = nil
        }
        https = try Self.https(reader)
        let level = reader.string(forKey: ConfigKey(environmentVariable: "JARDAM_LOG_LEVEL")) ?? "info"
        guard let logLevel = Logger.Level(rawValue: level.lowercased()) else {
            throw ConfigurationError(
                variable: "JARDAM_LOG_LEVEL", problem: "is malformed: expected trace, debug, info, notice, warning, error or critical")
        }
        self.logLevel = logLevel
        let outboxHours = try reader.value(of: "JARDAM_OUTBOX_RETENTION_HOURS", default: 168, expected: "a whole number of hours from 1") {
            Int($0).flatMap { $0 >= 1 ? $0 : nil }
        }
        let inboxDays = try reader.value(of: "JARDAM_INBOX_RETENTION_DAYS", default: 30, expected: "a whole number of days from 1") {
            Int($0).flatMap { $0 >= 1 ? $0 : nil }
        }
        retention.outbox = .seconds(outboxHours * 3600)
        retention.inbox = .seconds(inboxDays * 24 * 3600)
    }

    /// The server configuration of `JARDAM_TLS_CERT` and `JARDAM_TLS_KEY`, read at start so that
    /// a missing or unreadable file is a configuration error naming its variable.
    public static func https(_ reader: ConfigReader) throws(ConfigurationError) -> TLSConfiguration? {
        func path(_ variable: String) -> String? {
            reader.string(forKey: ConfigKey(environmentVariable: variable)).flatMap { $0.isEmpty ? nil : $0 }
        }
        switch (path("JARDAM_TLS_CERT"), path("JARDAM_TLS_KEY")) {
        case (nil, nil):
            return nil
        case (.some, nil):
            throw ConfigurationError(variable: "JARDAM_TLS_KEY", problem: "is missing: JARDAM_TLS_CERT is set, and HTTPS needs both")
        case (nil, .some):
            throw ConfigurationError(variable: "JARDAM_TLS_CERT", problem: "is missing: JARDAM_TLS_KEY is set, and HTTPS needs both")
        case (let certificate?, let key?):
            let chain: [NIOSSLCertificate]
            do { chain = try NIOSSLCertificate.fromPEMFile(certificate) } catch {
                throw ConfigurationError(variable: "JARDAM_TLS_CERT", problem: "cannot be read: expected a PEM certificate chain file")
            }
            let privateKey: NIOSSLPrivateKey
            do { privateKey = try NIOSSLPrivateKey(file: key, format: .pem) } catch {
                throw ConfigurationError(variable: "JARDAM_TLS_KEY", problem: "cannot be read: expected a PEM private key file")
            }
            guard !chain.isEmpty else {
                throw ConfigurationError(variable: "JARDAM_TLS_CERT", problem: "cannot be read: expected a PEM certificate chain file")
            }
            var configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(privateKey))
            configuration.minimumTLSVersion = .tlsv12
            return configuration
        }
    }

    /// The setting `variable`, which must be set and not blank.
    public static func required(_ reader: ConfigReader, _ variable: String, secret: Bool = false) throws(ConfigurationError) -> String {
        guard let value = reader.string(forKey: ConfigKey(environmentVariable: variable), isSecret: secret),
            !value.trimmingCharacters(in: .whitespaces).isEmpty
        else { throw ConfigurationError(variable: variable, problem: "is missing") }
        return value
    }
}

extension ConfigReader {
    /// The setting `variable` (`JARDAM_ESCALATION_HOURS`) read by `parse`: `defaultValue` when it
    /// is not set (or blank), a ``ConfigurationError`` saying what is `expected` when it does not parse.
    public func value<T>(of variable: String, default defaultValue: T, expected: String, _ parse: (String) -> T?) throws(ConfigurationError) -> T {
        guard let text = string(forKey: ConfigKey(environmentVariable: variable)), !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            return defaultValue
        }
        guard let value = parse(text) else { throw ConfigurationError(variable: variable, problem: "is malformed: expected \(expected)") }
        return value
    }
}

extension ConfigKey {
    /// The key that `EnvironmentVariablesProvider` reads from `variable` (`JARDAM_HTTP_PORT`).
    public init(environmentVariable variable: String) {
        self.init(variable.lowercased().split(separator: "_").map(String.init))
    }
}
