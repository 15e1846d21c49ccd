import Configuration
import Contracts
import Eventing
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Messaging
import Persistence
import Prometheus
import ServiceKit
import ServiceLifecycle
import TestSupport

/// A service's real routes on a throw-away schema of the test database, as the service builds them.
public struct ServiceHarness: Sendable {
    public let pool: PostgresPool
    public let schema: String
    public let environment: ServiceEnvironment
    /// The service's parts as its `App+build.swift` builds them.
    public let parts: ServiceParts

    /// A token of this city for `roles`.
    public func token(_ roles: [Role], subject: String = "staff-1", partner: UUID? = nil) async throws -> String {
        try await environment.tokens.issue(subject: subject, roles: roles, partner: partner, lifetime: .seconds(300))
    }

    /// The events in the outbox, oldest first.
    public func events() async throws -> [EventEnvelope] {
        try await pool.query("SELECT body FROM \"\(schema)\".outbox ORDER BY position").map {
            try EventEnvelope.decode(Data(try $0.decode("body", as: String.self).utf8))
        }
    }

    /// The data of the outbox's events of type `T`, oldest first.
    public func events<T: EventData>(_ type: T.Type) async throws -> [T] {
        try await events().filter { $0.type == T.type }.map { try $0.decodeData(as: T.self) }
    }

    /// Handles `data` as if it had arrived from the broker from `service`, through the inbox
    /// and the service's own handler.
    public func deliver<T: EventData>(_ data: T, from service: ServiceIdentity = .intake, time: Date = Date()) async throws {
        try await deliver(try EventEnvelope(data, city: "testcity", service: service, time: time))
    }

    /// Handles `envelope` as if it had arrived from the broker, through the inbox and the
    /// service's own handler; returns whether it was new (`false`: the inbox had it already).
    @discardableResult
    public func deliver(_ envelope: EventEnvelope) async throws -> Bool {
        guard let handler = parts.reactions[envelope.type] else { throw TestFailure("no handler for \(envelope.type)") }
        return try await Inbox(schema: schema).process(envelope, database: pool, handler: handler) == .applied
    }

    /// Raw rows of `sql` as text, for reading what lies at rest.
    public func rawText(_ sql: String, _ parameters: [any PostgresEncodable] = []) async throws -> String {
        try await pool.query("SELECT t::text AS row FROM (\(sql)) t", parameters).map { try $0.decode("row", as: String.self) }
            .joined(separator: "\n")
    }

    /// The master key tests give services that hold personal data.
    public static let dataKey = Data(repeating: 7, count: 32)
}

/// Runs `body` against `service`'s routes on a fresh schema migrated with ServiceKit's tables
/// and the service's `Services/<Name>/Migrations`; `build` is the service's `App+build.swift`.
public func withService<T: Sendable>(
    _ service: ServiceIdentity, migrations directory: String, logger: Logger = TestEnvironment.logger,
    build: ServiceBuilder,
    _ body: @Sendable (ServiceHarness, any TestClientProtocol) async throws -> T
) async throws -> T {
    try await withTestSchema(maxConnections: 8) { pool, schema in
        guard service.holdsPersonalData else {
            return try await withService(
                service, pool: pool, keyStore: nil, schema: schema, migrations: directory, logger: logger, build: build, body)
        }
        return try await withTestKeyStore(schema: schema) { keyStore in
            try await Migrator(schema: schema, migrations: ServiceKitMigrations.keyStore()).migrate(on: keyStore, logger: TestEnvironment.logger)
            return try await withService(
                service, pool: pool, keyStore: keyStore, schema: schema, migrations: directory, logger: logger, build: build, body)
        }
    }
}

private func withService<T: Sendable>(
    _ service: ServiceIdentity, pool: PostgresPool, keyStore: PostgresPool?, schema: String, migrations directory: String, logger: Logger,
    build: ServiceBuilder, _ body: @Sendable (ServiceHarness, any TestClientProtocol) async throws -> T
) async throws -> T {
    let migrations = try Migrator.load(from: TestEnvironment.root.appendingPathComponent(directory))
    try await Migrator(schema: schema, migrations: ServiceKitMigrations.all(for: service) + migrations)
        .migrate(on: pool, logger: TestEnvironment.logger)
    var variables = [
        "JARDAM_CITY": "testcity", "JARDAM_POSTGRES_URL": TestEnvironment.postgresURL,
        "JARDAM_AMQP_URL": TestEnvironment.variable("JARDAM_TEST_AMQP_URL"),
        "JARDAM_TOKEN_SECRET": String(repeating: "t", count: 32),
    ]
    if service.holdsPersonalData {
        variables["JARDAM_DATA_KEY"] = ServiceHarness.dataKey.base64EncodedString()
        variables["JARDAM_KEYS_POSTGRES_URL"] = TestEnvironment.keysPostgresURL
    }
    let configuration = try ServiceConfiguration(
        reader: .init(provider: EnvironmentVariablesProvider(environmentVariables: variables)), service: service)
    let environment = ServiceEnvironment(
        configuration: configuration, database: pool, keyStore: keyStore,
        publisher: AMQPPublisher(configuration: .init(url: configuration.amqpURL), logger: logger),
        tokens: await TokenAuthority(secret: configuration.tokenSecret, city: configuration.city),
        logger: logger, schema: schema)
    let harness = ServiceHarness(pool: pool, schema: schema, environment: environment, parts: try build(environment))
    let app = try buildApplication(
        environment: environment, registry: PrometheusCollectorRegistry(), openAPI: Data("{}".utf8), routes: harness.parts.routes)
    return try await app.test(.router) { client in try await body(harness, client) }
}

/// The operations a router serves (`POST /v1/cases/{id}/consents`) and those an OpenAPI
/// document lists, for a test to compare.
public func servedAndDocumentedOperations(
    of harness: ServiceHarness, document path: String
) throws -> (served: Set<String>, documented: Set<String>) {
    let router = buildRouter(environment: harness.environment, registry: PrometheusCollectorRegistry(), openAPI: Data(), routes: harness.parts.routes)
    let served = Set(
        router.routes.map { route in
            "\(route.method.rawValue) " + route.path.description.replacingOccurrences(of: #":(\w+)"#, with: "{$1}", options: .regularExpression)
        })
    let document = try JSONSerialization.jsonObject(with: try Data(contentsOf: TestEnvironment.root.appendingPathComponent(path))) as? [String: Any]
    let paths = document?["paths"] as? [String: [String: Any]] ?? [:]
    let documented = Set(
        paths.flatMap { path, operations in
            operations.keys.filter { $0 != "parameters" }.map { "\($0.uppercased()) \(path)" }
        })
    return (served, documented)
}

extension TestClientProtocol {
    /// Sends `json` (a JSON text) with a bearer `token` and extra headers.
    public func send(
        _ method: HTTPRequest.Method, _ uri: String, token: String?, json: String? = nil, headers: HTTPFields = [:]
    ) async throws -> TestResponse {
        var fields = headers
        if let token { fields[.authorization] = "Bearer \(token)" }
        if json != nil { fields[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: fields, body: json.map { ByteBuffer(string: $0) })
    }

    /// Sends `text` as a body of `contentType` (a CSV file) with a bearer `token`.
    public func send(_ method: HTTPRequest.Method, _ uri: String, token: String?, text: String, contentType: String) async throws -> TestResponse {
        var fields: HTTPFields = [.contentType: contentType]
        if let token { fields[.authorization] = "Bearer \(token)" }
        return try await execute(uri: uri, method: method, headers: fields, body: ByteBuffer(string: text))
    }
}

extension TestResponse {
    /// The body decoded as `T` (ISO-8601 dates).
    public func decoded<T: Decodable>(as type: T.Type = T.self) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(buffer: body))
    }

    /// The body as text.
    public var text: String { String(buffer: body) }

    /// The fields an RFC 9457 problem names.
    public var problemFields: [String] {
        struct Body: Decodable {
            struct FieldError: Decodable { let field: String }
            let errors: [FieldError]
        }
        return (try? decoded(as: Body.self).errors.map(\.field)) ?? []
    }
}

/// What tests read back of created resources.
public struct Created: Decodable {
    public let id: UUID
}

/// Runs `consumer`'s handlers on a test queue bound like `service`'s, with a publisher, while
/// `body` runs; the queue is deleted afterwards.
public func withEventConsumer<T: Sendable>(
    for service: ServiceIdentity, harness: ServiceHarness, handlers: [String: EventHandler],
    _ body: (AMQPPublisher) async throws -> T
) async throws -> T {
    let url = AMQPURL(TestEnvironment.variable("JARDAM_TEST_AMQP_URL"))!
    let queue = Topology.ConsumerQueue(name: "test.\(harness.schema).\(service.rawValue)", routingKeys: service.subscriptions)
    var publisherConfiguration = AMQPPublisher.Configuration(url: url)
    publisherConfiguration.topology = Topology(queues: [queue])
    let publisher = AMQPPublisher(configuration: publisherConfiguration, logger: TestEnvironment.logger)
    var consumerConfiguration = AMQPConsumer.Configuration(url: url, queue: queue.name)
    consumerConfiguration.topology = Topology(queues: [queue])
    let consumer = EventConsumer(
        queue: queue, handlers: handlers, schema: harness.schema, database: harness.pool,
        consumer: AMQPConsumer(configuration: consumerConfiguration, logger: TestEnvironment.logger), publisher: publisher,
        trust: PublisherTrust(operatorUser: url.user, consumerUser: url.user), logger: TestEnvironment.logger)
    let group = ServiceGroup(services: [publisher, consumer], logger: TestEnvironment.logger)
    let running = Task { try await group.run() }
    let result: Result<T, any Error>
    do { result = .success(try await body(publisher)) } catch { result = .failure(error) }
    await group.triggerGracefulShutdown()
    try? await running.value
    let admin = try await AMQPConnection.connect(url)
    for name in queue.allQueueNames { try? await admin.deleteQueue(name) }
    await admin.close()
    return try result.get()
}

extension AMQPPublisher {
    /// Publishes `message` as the outbox relay does: once more after a lost connection or a
    /// channel the broker closed, at most `attempts` times. Tests run side by side, each binding
    /// its own queues to `jardam.events`; a publish that reaches a quorum queue another test is
    /// deleting can have its channel closed under it. At least once: the inbox absorbs a repeat.
    public func publishConfirmed(_ message: OutgoingMessage, attempts: Int = 5) async throws {
        for attempt in 1... {
            do {
                return try await publish(message)
            } catch let error as MessagingError where error.code == .connectionLost && attempt < attempts {
                TestEnvironment.logger.warning("publishing again", metadata: ["error": "\(error)"])
            }
        }
    }
}
