import Contracts
import Eventing
import Logging
import Messaging
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
    /// The PostgreSQL schema the service's tables live in: its own (``ServiceIdentity/schema``),
    /// or a throw-away one in tests.
    public let schema: String
    /// The key store's pool (a schema of the same name there), for the services that hold
    /// personal data.
    public let keyStore: PostgresPool?

    public init(
        configuration: ServiceConfiguration, database: PostgresPool, keyStore: PostgresPool? = nil, publisher: AMQPPublisher,
        tokens: TokenAuthority, logger: Logger, schema: String? = nil
    ) {
        self.configuration = configuration
        self.schema = schema ?? configuration.service.schema
        self.database = database
        self.keyStore = keyStore
        self.publisher = publisher
        self.tokens = tokens
        self.logger = logger
    }

    /// The outbox of this service's schema.
    public var outbox: Outbox { Outbox(schema: schema, city: configuration.city, service: configuration.service) }

    /// The audit log of this service's schema.
    public var audit: AuditLog { AuditLog(schema: schema) }

    /// The personal-data vault, for the services that hold personal data.
    public var vault: PersonalDataVault? {
        guard let key = configuration.dataKey, let keyStore else { return nil }
        return PersonalDataVault(masterKey: key, previousKey: configuration.previousDataKey, keyStore: keyStore, schema: schema)
    }

    /// The vault of a service that holds personal data, whose configuration always has
    /// `JARDAM_DATA_KEY` and `JARDAM_KEYS_POSTGRES_URL` (``ServiceConfiguration`` refuses to
    /// start without them, and ``ServiceRunner`` opens the key store).
    public var requiredVault: PersonalDataVault {
        guard let vault else {
            preconditionFailure("\(configuration.service.rawValue) holds personal data; its environment always has a data key and a key store")
        }
        return vault
    }
}
