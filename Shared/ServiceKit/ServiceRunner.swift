import Configuration
import Contracts
import Eventing
import Foundation
import Hummingbird
import LogSafety
import Logging
import Messaging
import Metrics
import Persistence
import Prometheus
import ServiceLifecycle

/// A service's reactions to events, by event type, built once its environment exists.
public typealias EventHandlerInstaller = @Sendable (ServiceEnvironment) -> [String: EventHandler]

/// A service's background work (expiry sweeps, reminders), built once its environment exists.
public typealias WorkerInstaller = @Sendable (ServiceEnvironment) -> [any Service]

/// The entry point every service executable calls from its `@main`.
public enum ServiceRunner {
    /// Reads the environment, migrates the schema, serves HTTP until SIGTERM or SIGINT, then exits.
    ///
    /// A missing or malformed variable ends the process at once with exit status 2 and one line on
    /// standard error naming the variable; a database that stays unreachable at start, status 1.
    /// - Parameters:
    ///   - openAPI: the service's OpenAPI document (`docs/openapi/<service>.yaml`), served at `/openapi.json`.
    ///   - events: the service's reactions by event type; when there are any, its queue
    ///     (``ServiceIdentity/eventQueue``) is consumed through the inbox.
    ///   - workers: background services (expiry sweeps) that run beside HTTP.
    public static func run(
        _ service: ServiceIdentity,
        migrations: [Migration],
        openAPI: URL?,
        routes: @escaping RouteInstaller = { _, _ in },
        events: EventHandlerInstaller = { _ in [:] },
        workers: WorkerInstaller = { _ in [] }
    ) async -> Never {
        let configuration: ServiceConfiguration
        do {
            configuration = try ServiceConfiguration(
                reader: ConfigReader(provider: EnvironmentVariablesProvider()), service: service)
        } catch {
            FileHandle.standardError.write(Data("\(service.rawValue): configuration error: \(error)\n".utf8))
            exit(2)
        }

        guard let document = openAPI.flatMap({ try? Data(contentsOf: $0) }) else {
            FileHandle.standardError.write(Data("\(service.rawValue): the OpenAPI document is missing from the build\n".utf8))
            exit(1)
        }

        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: configuration.logLevel) }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        var logger = Logger(label: service.rawValue)
        logger[metadataKey: "city"] = "\(configuration.city)"

        let database = PostgresPool(configuration: .init(conninfo: configuration.postgresURL), logger: logger)
        do {
            let migrator = try Migrator(schema: service.schema, migrations: ServiceKitMigrations.all(for: service) + migrations)
            try await migrateWhenReachable(migrator, database: database, logger: logger)
        } catch {
            logger.critical("could not migrate the schema", metadata: ["error": "\(logSummary(of: error))"])
            exit(1)
        }

        var publisherConfiguration = AMQPPublisher.Configuration(url: configuration.amqpURL)
        publisherConfiguration.topology = .city
        let publisher = AMQPPublisher(configuration: publisherConfiguration, logger: logger)
        let relay = OutboxRelay(
            configuration: .init(schema: service.schema), database: database, publisher: publisher, logger: logger)
        let environment = ServiceEnvironment(
            configuration: configuration, database: database, publisher: publisher,
            tokens: await TokenAuthority(secret: configuration.tokenSecret, city: configuration.city), logger: logger)
        let application = buildApplication(environment: environment, registry: registry, openAPI: document, routes: routes)
        var services: [any Service] = [database, publisher, relay]
        let handlers = events(environment)
        if !handlers.isEmpty {
            let queue = service.consumerQueue
            var consumerConfiguration = AMQPConsumer.Configuration(url: configuration.amqpURL, queue: queue.name)
            consumerConfiguration.topology = .city
            services.append(
                EventConsumer(
                    queue: queue, handlers: handlers, schema: environment.schema, database: database,
                    consumer: AMQPConsumer(configuration: consumerConfiguration, logger: logger), publisher: publisher,
                    logger: logger))
        }
        services += workers(environment)
        services.append(application)
        // Shutdown runs in reverse: HTTP stops first, then workers and the consumer, the relay, and
        // last the publisher drains.
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        do {
            try await group.run()
        } catch {
            logger.critical("service stopped on an error", metadata: ["error": "\(logSummary(of: error))"])
            exit(1)
        }
        logger.info("stopped")
        exit(0)
    }

    /// The service's `Migrations/NNNN_name.sql` files, copied into its bundle; the process ends
    /// (status 1, one line) when they are missing from the build.
    public static func bundledMigrations(_ directory: URL?, of service: ServiceIdentity) -> [Migration] {
        do {
            return try Migrator.load(bundled: directory, what: service.rawValue)
        } catch {
            FileHandle.standardError.write(Data("\(service.rawValue): the migrations are missing from the build: \(error)\n".utf8))
            exit(1)
        }
    }

    /// Retries while PostgreSQL is starting or unreachable (30 s), failing at once on other errors.
    static func migrateWhenReachable(_ migrator: Migrator, database: PostgresPool, logger: Logger) async throws {
        var attempt = 1
        while true {
            do {
                try await migrator.migrate(on: database, logger: logger)
                return
            } catch let error as PostgresError where error.isConnectionProblem && attempt < 30 {
                logger.warning("database not reachable yet", metadata: ["error": "\(logSummary(of: error))", "attempt": "\(attempt)"])
                attempt += 1
                try await Task.sleep(for: .seconds(1))
            }
        }
    }
}
