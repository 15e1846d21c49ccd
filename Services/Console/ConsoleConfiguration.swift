import Configuration
import Contracts
import Crypto
import Foundation
import HummingbirdTLS
import Logging
import ServiceKit

/// What the console reads from its environment (CONTRACT.md §2, §8), checked at start.
struct ConsoleConfiguration: Sendable {
    var city: String
    var httpHost: String
    /// `JARDAM_HTTP_PORT`, default 8080.
    var httpPort: Int
    /// The console's own schema (`console`): accounts and sessions, never the services' data.
    var postgresURL: String
    /// Signs the short-lived staff tokens the console calls the services with.
    var tokenSecret: String
    /// `JARDAM_CONSOLE_KEY`: base64 of 32 bytes; seals the TOTP secrets.
    var consoleKey: SymmetricKey
    /// HTTPS from `JARDAM_TLS_CERT` and `JARDAM_TLS_KEY`; with it, cookies are `Secure`.
    var https: TLSConfiguration?
    /// Where each service answers: `<SCHEMA>_URL` (`INTAKE_URL=https://intake:8080`), else this
    /// host's `<SCHEMA>_HTTP_PORT` (or the service's default port), over HTTPS when the console
    /// has a CA to check them with.
    var serviceURLs: [ServiceIdentity: URL]
    /// The city CA the services' certificates are checked against: `JARDAM_CA_FILE`, else
    /// `TLS_CA_FILE` (a local city's environment).
    var caFile: String?
    var logLevel: Logger.Level

    init(reader: ConfigReader) throws(ConfigurationError) {
        city = try ServiceConfiguration.required(reader, "JARDAM_CITY")
        guard CityName.isValid(city) else {
            throw ConfigurationError(variable: "JARDAM_CITY", problem: "is malformed: expected a lower-case city name such as moscow")
        }
        httpHost = reader.string(forKey: ConfigKey(environmentVariable: "JARDAM_HTTP_HOST")) ?? "127.0.0.1"
        httpPort = try reader.value(of: "JARDAM_HTTP_PORT", default: 8080, expected: "a port number 1-65535") { text in
            Int(text).flatMap { (1...65535).contains($0) ? $0 : nil }
        }
        postgresURL = try ServiceConfiguration.required(reader, "JARDAM_POSTGRES_URL", secret: true)
        tokenSecret = try ServiceConfiguration.required(reader, "JARDAM_TOKEN_SECRET", secret: true)
        guard tokenSecret.utf8.count >= 32 else {
            throw ConfigurationError(variable: "JARDAM_TOKEN_SECRET", problem: "is too short: use at least 32 characters")
        }
        guard let key = Data(base64Encoded: try ServiceConfiguration.required(reader, "JARDAM_CONSOLE_KEY", secret: true)), key.count == 32 else {
            throw ConfigurationError(variable: "JARDAM_CONSOLE_KEY", problem: "is malformed: expected base64 of 32 bytes")
        }
        consoleKey = SymmetricKey(data: key)
        https = try ServiceConfiguration.https(reader)
        func setting(_ variable: String) -> String? {
            reader.string(forKey: ConfigKey(environmentVariable: variable)).flatMap { $0.isEmpty ? nil : $0 }
        }
        let caFile = setting("JARDAM_CA_FILE") ?? setting("TLS_CA_FILE")
        self.caFile = caFile
        var urls: [ServiceIdentity: URL] = [:]
        for service in ServiceIdentity.allCases {
            let variable = "\(service.schema.uppercased())_URL"
            let text =
                setting(variable)
                ?? "\(caFile == nil ? "http" : "https")://127.0.0.1:\(setting("\(service.schema.uppercased())_HTTP_PORT") ?? String(service.defaultPort))"
            guard let url = URL(string: text), url.host != nil else {
                throw ConfigurationError(variable: variable, problem: "is malformed: expected https://host:port")
            }
            urls[service] = url
        }
        serviceURLs = urls
        let level = reader.string(forKey: ConfigKey(environmentVariable: "JARDAM_LOG_LEVEL")) ?? "info"
        guard let logLevel = Logger.Level(rawValue: level.lowercased()) else {
            throw ConfigurationError(
                variable: "JARDAM_LOG_LEVEL", problem: "is malformed: expected trace, debug, info, notice, warning, error or critical")
        }
        self.logLevel = logLevel
    }
}
