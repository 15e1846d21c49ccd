import Logging
import Persistence

/// What a service's routes and workers are built from: its configuration, its database, its logger.
public struct ServiceEnvironment: Sendable {
    public let configuration: ServiceConfiguration
    public let database: PostgresPool
    public let logger: Logger

    public init(configuration: ServiceConfiguration, database: PostgresPool, logger: Logger) {
        self.configuration = configuration
        self.database = database
        self.logger = logger
    }
}
