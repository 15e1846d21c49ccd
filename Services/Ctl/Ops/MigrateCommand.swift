import ArgumentParser
import ConsoleAccounts
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
        abstract: "Apply the services' and the console's migrations, as each schema's owner (they only check them at start).",
        discussion:
            "Reads the migrations bundled next to this executable (<package>_<Target>.resources/Migrations) and connects with JARDAM_ADMIN_POSTGRES_URL (and, for intake and medical-insurance, JARDAM_ADMIN_KEYS_POSTGRES_URL, the key store), acting as each schema's owner role (jardam_<schema>_owner, jardam_<schema>_keys_owner): the roles the services log in as own nothing."
    )

    @Option(help: "Only this service, or console (default: all six and the console).")
    var service: String?

    func run() async throws {
        let services = service == "console" ? [] : try CtlEnvironment.services(service)
        try await reportingFailures {
            let environment = CtlEnvironment()
            var logger = Logger(label: "jardamctl")
            logger.logLevel = .warning
            if service == nil || service == "console" { try await migrateConsole(environment: environment, logger: logger) }
            for service in services {
                let migrations = try Migrator.load(from: try Self.migrationsDirectory(of: service))
                let owner = "jardam_\(service.schema)_owner"
                let pool = PostgresPool(
                    configuration: .init(conninfo: try environment.adminPostgresURL(actingAs: owner), maxConnections: 1), logger: logger)
                let keyStore =
                    service.holdsPersonalData
                    ? PostgresPool(
                        configuration: .init(
                            conninfo: try environment.adminPostgresURL(keyStore: true, actingAs: "jardam_\(service.schema)_keys_owner"),
                            maxConnections: 1),
                        logger: logger)
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

    /// The console's schema (`console`): ServiceKit's audit log and the console's own tables, as
    /// `jardam_console_owner`.
    private func migrateConsole(environment: CtlEnvironment, logger: Logger) async throws {
        let migrations = try ConsoleSchema.migrations()
        let pool = PostgresPool(
            configuration: .init(conninfo: try environment.adminPostgresURL(actingAs: "jardam_console_owner"), maxConnections: 1), logger: logger)
        do {
            _ = try await Migrator(schema: "console", migrations: migrations).migrate(on: pool, logger: logger)
            await pool.close()
        } catch {
            await pool.close()
            throw CtlError("console: \(logSummary(of: error))")
        }
        print("console: schema console is up to date")
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
            case .network: "NetworkService"
            }
        return try migrationsDirectory(ofTarget: target, named: service.rawValue)
    }

    /// The `Migrations` folder of the target `target` (`Intake`), which `name` names in errors.
    static func migrationsDirectory(ofTarget target: String, named name: String) throws -> URL {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let directory = executable.deletingLastPathComponent().appendingPathComponent("jardam_\(target).resources/Migrations")
        guard FileManager.default.fileExists(atPath: directory.path) else {
            throw CtlError("\(name)'s migrations are not next to jardamctl (\(directory.path))")
        }
        return directory
    }
}
