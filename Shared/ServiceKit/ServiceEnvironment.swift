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
    public let logger: Logger

    public init(configuration: ServiceConfiguration, database: PostgresPool, publisher: AMQPPublisher, logger: Logger) {
        self.configuration = configuration
        self.database = database
        self.publisher = publisher
        self.logger = logger
    }

    /// The outbox of this service's schema.
    public var outbox: Outbox { Outbox(schema: configuration.service.schema) }
}

extension Topology {
    /// Every service's queue of one city, declared by each service at connect.
    public static let city = Topology(
        queues: ServiceIdentity.allCases.map { ConsumerQueue(name: $0.eventQueue, routingKeys: $0.subscriptions) })
}
