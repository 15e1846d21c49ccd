import ArgumentParser
import Contracts
import Foundation
import LogSafety
import Logging
import Persistence
import ServiceKit

/// `jardamctl keys rotate --service intake`: every person key of the service re-wrapped under its
/// new master key, while the service runs (docs/operations.md, "Rotate a data key").
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "The master keys that wrap the person keys.", subcommands: [Rotate.self])

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-wrap every person key of a service under its new master key.",
            discussion:
                "Reads the new key from <SCHEMA>_DATA_KEY (or JARDAM_DATA_KEY) and the one it replaces from <SCHEMA>_DATA_KEY_PREVIOUS (or JARDAM_DATA_KEY_PREVIOUS), and the key store through JARDAM_ADMIN_KEYS_POSTGRES_URL. Run it after the service was restarted with both keys; afterwards the previous key opens nothing and can be dropped from the service's configuration."
        )

        @Option(help: "The service whose key store is re-wrapped: intake or medical-insurance.")
        var service: String

        func run() async throws {
            guard let service = ServiceIdentity(rawValue: service), service.holdsPersonalData else {
                throw ValidationError("--service must be a service that holds personal data: intake or medical-insurance")
            }
            try await reportingFailures {
                let environment = CtlEnvironment()
                var logger = Logger(label: "jardamctl")
                logger.logLevel = .warning
                let keyStore = PostgresPool(
                    configuration: .init(
                        conninfo: try environment.adminPostgresURL(keyStore: true, actingAs: "jardam_\(service.schema)_keys_owner"),
                        maxConnections: 1),
                    logger: logger)
                let vault = PersonalDataVault(
                    masterKey: try environment.dataKey(of: service), previousKey: try environment.dataKey(of: service, previous: true),
                    keyStore: keyStore, schema: service.schema)
                do {
                    let rewrapped = try await vault.rotate()
                    await keyStore.close()
                    print("\(service.rawValue): \(rewrapped) person key(s) re-wrapped under the new master key")
                } catch {
                    await keyStore.close()
                    throw CtlError("\(service.rawValue): \(logSummary(of: error))")
                }
            }
        }
    }
}
