// A process that consumes a test queue through ServiceKit's EventConsumer until SIGTERM, for
// the tests that signal a real consumer. Configured by the environment the test passes.
import Contracts
import Eventing
import Foundation
import LogSafety
import Logging
import Messaging
import Persistence
import ServiceKit
import ServiceLifecycle

let environment = ProcessInfo.processInfo.environment
guard let postgresURL = environment["PROBE_POSTGRES_URL"], let amqp = environment["PROBE_AMQP_URL"].flatMap(AMQPURL.init),
    let schema = environment["PROBE_SCHEMA"], let queueName = environment["PROBE_QUEUE"], let eventType = environment["PROBE_EVENT_TYPE"]
else {
    FileHandle.standardError.write(Data("EventConsumerProbe: PROBE_* variables missing\n".utf8))
    exit(2)
}
let handlerDelay = Duration.milliseconds(Int(environment["PROBE_HANDLER_DELAY_MS"] ?? "0") ?? 0)

LoggingSystem.bootstrap { JSONLogHandler(label: $0, level: .info) }
let logger = Logger(label: "probe")
let queue = Topology.ConsumerQueue(name: queueName, routingKeys: [eventType])
let database = PostgresPool(configuration: .init(conninfo: postgresURL), logger: logger)
var publisherConfiguration = AMQPPublisher.Configuration(url: amqp)
publisherConfiguration.topology = Topology(queues: [queue])
let publisher = AMQPPublisher(configuration: publisherConfiguration, logger: logger)
var consumerConfiguration = AMQPConsumer.Configuration(url: amqp, queue: queueName)
consumerConfiguration.topology = Topology(queues: [queue])
let handler: EventHandler = { envelope, connection in
    try await connection.query("INSERT INTO \"\(schema)\".applied (event_id) VALUES ($1)", [envelope.id])
    try await Task.sleep(for: handlerDelay)
}
let consumer = EventConsumer(
    queue: queue, handlers: [eventType: handler], schema: schema, database: database,
    consumer: AMQPConsumer(configuration: consumerConfiguration, logger: logger), publisher: publisher,
    trust: PublisherTrust(operatorUser: amqp.user, consumerUser: amqp.user), logger: logger)
let group = ServiceGroup(
    configuration: .init(
        services: [.init(service: database), .init(service: publisher), .init(service: consumer)],
        gracefulShutdownSignals: [.sigterm], logger: logger))
do {
    try await group.run()
    logger.info("stopped")
} catch {
    logger.error("failed", metadata: ["error": "\(logSummary(of: error))"])
    exit(1)
}
