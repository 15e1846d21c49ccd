import ArgumentParser
import Contracts
import Foundation
import LogSafety
import Logging
import Persistence
import ServiceKit

/// `jardamctl migrate`: brings each service's schema to the migrations shipped with this build.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the services' migrations (what each service also does at start).",
        discussion:
            "Reads the migrations bundled next to this executable (<package>_<Target>.resources/Migrations), each service's <SCHEMA>_POSTGRES_URL and, for intake and medical-insurance, <SCHEMA>_KEYS_POSTGRES_URL (the key store)."
    )

    @Option(help: "Only this service (default: all five).")
    var service: String?

    func run() async throws {
        let services = try CtlEnvironment.services(service)
        try await reportingFailures {
            let environment = CtlEnvironment()
            var logger = Logger(label: "jardamctl")
            logger.logLevel = .warning
            for service in services {
                let migrations = try Migrator.load(from: try Self.migrationsDirectory(of: service))
                let pool = PostgresPool(configuration: .init(conninfo: try environment.postgresURL(of: service), maxConnections: 1), logger: logger)
                let keyStore =
                    try service.holdsPersonalData
                    ? PostgresPool(configuration: .init(conninfo: try environment.keysPostgresURL(of: service), maxConnections: 1), logger: logger)
                    : nil
                do {
                    try await ServiceKitMigrations.migrate(
                        service, schema: service.schema, own: migrations, database: pool, keyStore: keyStore, logger: logger)
                    await pool.close()
                    await keyStore?.close()
                } catch {
                    await pool.close()
                    await keyStore?.close()
                    throw CtlError("\(service.rawValue): \(logSummary(of: error))")
                }
                print("\(service.rawValue): schema \(service.schema) is up to date")
            }
        }
    }

    /// The service's bundled `Migrations` folder, next to this executable (as the build and the
    /// image lay them out).
    static func migrationsDirectory(of service: ServiceIdentity) throws -> URL {
        let target =
            switch service {
            case .intake: "Intake"
            case .legalReferral: "LegalReferral"
            case .shelter: "Shelter"
            case .medicalInsurance: "MedicalInsurance"
            case .laborExchange: "LaborExchange"
            }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let directory = executable.deletingLastPathComponent().appendingPathComponent("jardam_\(target).resources/Migrations")
        guard FileManager.default.fileExists(atPath: directory.path) else {
            throw CtlError("\(service.rawValue)'s migrations are not next to jardamctl (\(directory.path))")
        }
        return directory
    }
}
