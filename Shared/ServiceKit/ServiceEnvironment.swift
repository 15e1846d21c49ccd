import Logging
import Messaging
import Contracts
import Persistence

/// What a service's routes and workers are built from: configuration, database, broker, logger.
public struct ServiceEnvironment: Sendable {
    public let configuration: ServiceConfiguration
    public let database: PostgresPool
    /// The service's one publishing connection (outbox relay, retries, dead letters).
    public let publisher: AMQPPublisher
    /// Verifies staff tokens of this city.
    public let tokens: TokenAuthority
    public let logger: Logger

    public init(
        configuration: ServiceConfiguration, database: PostgresPool, publisher: AMQPPublisher, tokens: TokenAuthority,
        logger: Logger
    ) {
        self.configuration = configuration
        self.database = database
        self.publisher = publisher
        self.tokens = tokens
        self.logger = logger
    }

    /// The outbox of this service's schema.
    public var outbox: Outbox { Outbox(schema: configuration.service.schema) }

    /// The audit log of this service's schema.
    public var audit: AuditLog { AuditLog(schema: configuration.service.schema) }

    /// The personal-data vault, for the services that hold personal data.
    public var vault: PersonalDataVault? {
        configuration.dataKey.map { PersonalDataVault(masterKey: $0, schema: configuration.service.schema) }
    }
}

extension Topology {
    /// Every service's queue of one city, declared by each service at connect.
    public static let city = Topology(
        queues: ServiceIdentity.allCases.map { ConsumerQueue(name: $0.eventQueue, routingKeys: $0.subscriptions) })
}
