import Contracts
import Eventing
import Foundation
import Logging
import Messaging
import Persistence
import ServiceKit
import ServiceLifecycle
import TestSupport

/// The data of the events these tests send through the real outbox, broker and inbox.
struct Ping: EventData {
    static let type = "test.ping.v1"
    let number: Int
}

/// A schema with ServiceKit's tables, a queue of its own, and the relay, publisher and consumer
/// of a service running against them. Each pipeline uses its own event type, so pipelines of
/// tests running at once never see each other's events.
struct EventPipeline: Sendable {
    let pool: PostgresPool
    let schema: String
    let queue: Topology.ConsumerQueue
    let eventType: String
    let url: AMQPURL
    /// The pipeline's publisher (the relay's), for messages a test writes to the broker itself.
    let publisher: AMQPPublisher

    var outbox: Outbox { Outbox(schema: schema, city: "testcity", service: .intake) }

    /// An envelope of this pipeline's type.
    func event(_ number: Int) throws -> EventEnvelope {
        var envelope = try EventEnvelope(Ping(number: number), city: "testcity", service: .intake, subject: "ping/\(number)")
        envelope.type = eventType
        return envelope
    }

    /// Appends `count` events through the outbox, `perTransaction` per transaction.
    func emit(_ range: Range<Int>, perTransaction: Int = 100) async throws {
        for start in stride(from: range.lowerBound, to: range.upperBound, by: perTransaction) {
            try await pool.withTransaction { connection in
                for number in start..<min(start + perTransaction, range.upperBound) {
                    try await outbox.append(try event(number), on: connection)
                }
            }
        }
    }

    /// Rows the handler wrote, and how many distinct events they are.
    func applied() async throws -> (rows: Int, distinct: Int) {
        let row = try await pool.query("SELECT count(*) AS n, count(DISTINCT event_id) AS d FROM \"\(schema)\".applied")[0]
        return (try row.decode("n", as: Int.self), try row.decode("d", as: Int.self))
    }

    /// Ready messages in the queue's dead-letter queue.
    func deadLetters() async throws -> [AMQPDelivery] {
        var configuration = AMQPConsumer.Configuration(url: url, queue: queue.deadLetterQueue)
        configuration.topology = Topology(queues: [queue])
        let consumer = AMQPConsumer(configuration: configuration, logger: TestEnvironment.logger)
        let running = Task { await consumer.run() }
        var collected: [AMQPDelivery] = []
        let available = try await AMQPConnection.connect(url)
        let expected = try await available.messageCount(queue.deadLetterQueue)
        await available.close()
        if expected > 0 {
            for await delivery in consumer.deliveries {
                collected.append(delivery)
                delivery.nack(requeue: true)
                if collected.count == expected { break }
            }
        }
        consumer.stop()
        await running.value
        return collected
    }

    /// The handler the tests install: records the event, unless `failure` says otherwise.
    static func recordingHandler(schema: String, failure: @escaping @Sendable (EventEnvelope) async throws -> Void = { _ in }) -> EventHandler {
        { envelope, connection in
            try await failure(envelope)
            try await connection.query("INSERT INTO \"\(schema)\".applied (event_id) VALUES ($1)", [envelope.id])
        }
    }
}

/// Runs `body` with a pipeline whose services run in a `ServiceGroup` until `body` returns.
func withEventPipeline<T>(
    retryDelays: [Duration] = [.milliseconds(200), .milliseconds(400)],
    failure: @escaping @Sendable (EventEnvelope) async throws -> Void = { _ in },
    _ body: (EventPipeline) async throws -> T
) async throws -> T {
    try await withTestSchema(maxConnections: 8) { pool, schema in
        try await Migrator(schema: schema, migrations: ServiceKitMigrations.all(for: .intake)).migrate(on: pool, logger: TestEnvironment.logger)
        try await pool.query("CREATE TABLE \"\(schema)\".applied (event_id uuid NOT NULL, at timestamptz NOT NULL DEFAULT now())")
        let url = AMQPURL(TestEnvironment.variable("JARDAM_TEST_AMQP_URL"))!
        let eventType = "intake.test-\(schema).ping.v1"
        let queue = Topology.ConsumerQueue(name: "test.\(schema)", routingKeys: [eventType], deliveryLimit: 3, retryDelays: retryDelays)
        let topology = Topology(queues: [queue])
        let logger = TestEnvironment.logger

        var publisherConfiguration = AMQPPublisher.Configuration(url: url)
        publisherConfiguration.topology = topology
        let publisher = AMQPPublisher(configuration: publisherConfiguration, logger: logger)
        let relay = OutboxRelay(configuration: .init(schema: schema), database: pool, publisher: publisher, logger: logger)
        var consumerConfiguration = AMQPConsumer.Configuration(url: url, queue: queue.name)
        consumerConfiguration.topology = topology
        let consumer = EventConsumer(
            queue: queue, handlers: [eventType: EventPipeline.recordingHandler(schema: schema, failure: failure)],
            schema: schema, database: pool,
            consumer: AMQPConsumer(configuration: consumerConfiguration, logger: logger), publisher: publisher,
            trust: PublisherTrust(operatorUser: url.user, consumerUser: url.user), logger: logger)
        let group = ServiceGroup(services: [publisher, relay, consumer], logger: logger)
        let running = Task { try await group.run() }

        let pipeline = EventPipeline(pool: pool, schema: schema, queue: queue, eventType: eventType, url: url, publisher: publisher)
        let result: Result<T, any Error>
        do { result = .success(try await body(pipeline)) } catch { result = .failure(error) }
        await group.triggerGracefulShutdown()
        try? await running.value
        // Clean-up never hides what the body threw (a broker that did not come back, say).
        if let admin = try? await AMQPConnection.connect(url) {
            for name in queue.allQueueNames {
                try? await admin.deleteQueue(name)
            }
            await admin.close()
        }
        return try result.get()
    }
}
