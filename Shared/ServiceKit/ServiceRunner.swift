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

/// Runs a service: what every service executable's `@main` calls once it has read its configuration.
public enum ServiceRunner {
    /// Migrates the schema, builds the service's parts once, and serves HTTP, its reactions and
    /// its workers until SIGTERM or SIGINT; returns after a clean shutdown, throws otherwise.
    ///
    /// - Parameters:
    ///   - configuration: the shared part of the service's configuration.
    ///   - resources: the service's bundle (`Bundle.module`): its `Migrations/NNNN_name.sql`
    ///     and `openapi.json` (`docs/openapi/<service>.yaml`, served at `/openapi.json`).
    ///   - build: the service's `App+build.swift`.
    public static func run(configuration: ServiceConfiguration, resources: Bundle, build: ServiceBuilder) async throws {
        let service = configuration.service
        let migrations = try Migrator.load(bundled: resources.url(forResource: "Migrations", withExtension: nil), what: service.rawValue)
        guard let document = resources.url(forResource: "openapi", withExtension: "json").flatMap({ try? Data(contentsOf: $0) }) else {
            throw ServiceRunnerError("the OpenAPI document is missing from the build")
        }

        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: configuration.logLevel) }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        var logger = Logger(label: service.rawValue)
        logger[metadataKey: "city"] = "\(configuration.city)"

        let database = PostgresPool(configuration: .init(conninfo: configuration.postgresURL), logger: logger)
        let keyStore = configuration.keysPostgresURL.map { PostgresPool(configuration: .init(conninfo: $0), logger: logger) }
        do {
            try await whenReachable(logger: logger) {
                try await ServiceKitMigrations.verify(service, schema: service.schema, own: migrations, database: database, keyStore: keyStore)
            }
        } catch {
            logger.critical("the schema is not ready", metadata: ["error": "\(logSummary(of: error))"])
            throw error
        }

        var publisherConfiguration = AMQPPublisher.Configuration(url: configuration.amqpURL)
        publisherConfiguration.topology = Topology.city(configuration.city).owned(by: service.eventQueue)
        let publisher = AMQPPublisher(configuration: publisherConfiguration, logger: logger)
        let relay = OutboxRelay(
            configuration: .init(schema: service.schema), database: database, publisher: publisher, logger: logger)
        let environment = ServiceEnvironment(
            configuration: configuration, database: database, keyStore: keyStore, publisher: publisher,
            tokens: await TokenAuthority(secret: configuration.tokenSecret, city: configuration.city), logger: logger)
        let parts = try build(environment)
        let application = try buildApplication(environment: environment, registry: registry, openAPI: document, routes: parts.routes)
        var services: [any Service] = [database] + (keyStore.map { [$0] } ?? []) + [publisher, relay]
        if !parts.reactions.isEmpty {
            let queue = service.consumerQueue(city: configuration.city)
            var consumerConfiguration = AMQPConsumer.Configuration(url: configuration.amqpURL, queue: queue.name)
            consumerConfiguration.topology = Topology.city(configuration.city).owned(by: queue.name)
            services.append(
                EventConsumer(
                    queue: queue, handlers: parts.reactions, schema: environment.schema, database: database,
                    consumer: AMQPConsumer(configuration: consumerConfiguration, logger: logger), publisher: publisher,
                    trust: PublisherTrust(operatorUser: configuration.amqpOperatorUser, consumerUser: configuration.amqpURL.user),
                    logger: logger))
        }
        let housekeeping = Housekeeping(schema: environment.schema, retention: configuration.retention)
        services.append(
            PeriodicTask(name: "housekeeping", every: .seconds(3600), logger: logger) {
                try await housekeeping.prune(now: Date(), database: database)
            })
        let gauges = OutboxGauges(schema: environment.schema, registry: registry)
        services.append(
            PeriodicTask(name: "outbox-gauges", every: OutboxGauges.interval, logger: logger) {
                try await gauges.refresh(database: database)
            })
        services += parts.workers
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
            throw error
        }
        logger.info("stopped")
    }

    /// Writes one line naming why `service` could not run to standard error and returns the exit
    /// status for it: 2 for a configuration error (a missing or malformed variable), 1 otherwise.
    public static func reportFailure(_ error: any Error, of service: ServiceIdentity) -> Int32 {
        let isConfiguration = error is ConfigurationError
        let line = "\(service.rawValue): \(isConfiguration ? "configuration error" : "stopped"): \(logSummary(of: error))\n"
        FileHandle.standardError.write(Data(line.utf8))
        return isConfiguration ? 2 : 1
    }

    /// Retries while PostgreSQL is starting or unreachable (30 s), failing at once on other errors.
    static func whenReachable(logger: Logger, _ check: () async throws -> Void) async throws {
        var attempt = 1
        while true {
            do {
                try await check()
                return
            } catch let error as PostgresError where error.isConnectionProblem && attempt < 30 {
                logger.warning("database not reachable yet", metadata: ["error": "\(logSummary(of: error))", "attempt": "\(attempt)"])
                attempt += 1
                try await Task.sleep(for: .seconds(1))
            }
        }
    }
}

/// Why a service's build is unusable (a resource missing from it).
public struct ServiceRunnerError: Error, LogSafeError {
    public let description: String
    init(_ description: String) { self.description = description }
}
