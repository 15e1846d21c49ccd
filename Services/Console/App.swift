import Configuration
import ConsoleAccounts
import Foundation
import Hummingbird
import HummingbirdTLS
import LogSafety
import Logging
import Metrics
import Persistence
import Prometheus
import ServiceKit
import ServiceLifecycle

/// The staff console of one city (CONTRACT.md §8): pages for each role, over the services'
/// public APIs; its own schema holds only staff accounts and sessions.
@main
struct ConsoleApp {
    static func main() async {
        do {
            let configuration = try ConsoleConfiguration(reader: ConfigReader(provider: EnvironmentVariablesProvider()))
            try await run(configuration)
        } catch {
            let isConfiguration = error is ConfigurationError
            FileHandle.standardError.write(Data("console: \(isConfiguration ? "configuration error" : "stopped"): \(logSummary(of: error))\n".utf8))
            exit(isConfiguration ? 2 : 1)
        }
    }

    /// Serves until SIGTERM or SIGINT.
    static func run(_ configuration: ConsoleConfiguration) async throws {
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: configuration.logLevel) }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        var logger = Logger(label: "console")
        logger[metadataKey: "city"] = "\(configuration.city)"
        let database = PostgresPool(configuration: .init(conninfo: configuration.postgresURL), logger: logger)
        let missing = try await Migrator(schema: ConsoleSchema.name, migrations: try ConsoleSchema.migrations()).pending(on: database)
        guard missing.isEmpty else {
            throw ConsoleError(
                "schema console lacks migration(s) \(missing.map { String(format: "%04d", $0) }.joined(separator: ", ")): run jardamctl migrate")
        }
        let router = try await buildConsole(
            signIn: SignIn(
                city: configuration.city, database: database, accounts: AccountStore(schema: ConsoleSchema.name),
                sessions: SessionStore(schema: ConsoleSchema.name), codes: OneTimeCodes(key: configuration.consoleKey),
                audit: AuditLog(schema: ConsoleSchema.name)),
            calls: ServiceCalls(
                urls: configuration.serviceURLs, caFile: configuration.caFile,
                tokens: await TokenAuthority(secret: configuration.tokenSecret, city: configuration.city)),
            secureCookies: configuration.https != nil, registry: registry)
        let application = Application(
            router: router, server: try configuration.https.map { try .tls(.http1(), tlsConfiguration: $0) } ?? .http1(),
            configuration: .init(address: .hostname(configuration.httpHost, port: configuration.httpPort), serverName: "console"),
            logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: database), .init(service: application)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        logger.info("stopped")
    }
}

/// The router of the console: health and metrics, signing in, the pages.
func buildConsole(
    signIn: SignIn, calls: ServiceCalls, secureCookies: Bool, registry: PrometheusCollectorRegistry, throttle: SignInThrottle = SignInThrottle(),
    now: @escaping @Sendable () -> Date = { Date() }
) async throws -> Router<JardamRequestContext> {
    let router = Router(context: JardamRequestContext.self)
    router.add(middleware: MetricsMiddleware())
    let database = signIn.database
    HealthRoutes(checks: [ReadinessCheck(name: "postgres") { (try? await database.query("SELECT 1")) != nil }], registry: registry)
        .addRoutes(to: router)
    let console = ConsoleRoutes(
        signIn: signIn, pages: try await Pages.load().serving(signIn.city), secureCookies: secureCookies, now: now, throttle: throttle)
    console.add(to: router)
    HotlineRoutes(console: console, calls: calls).add(to: router)
    ReferralInboxRoutes(console: console, calls: calls).add(to: router)
    ShelterDeskRoutes(console: console, calls: calls).add(to: router)
    CaseRoutes(console: console, calls: calls).add(to: router)
    DashboardRoutes(console: console, calls: calls).add(to: router)
    MedicalDeskRoutes(console: console, calls: calls).add(to: router)
    LaborDeskRoutes(console: console, calls: calls).add(to: router)
    return router
}
