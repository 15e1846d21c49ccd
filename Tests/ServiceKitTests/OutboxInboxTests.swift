import Contracts
import Eventing
import Foundation
import Messaging
import Persistence
import ServiceKit
import TestSupport
import Testing

@Suite("Outbox, relay, broker and inbox: nothing lost, nothing done twice")
struct OutboxInboxTests {
    @Test func tenThousandEventsAreEachAppliedExactlyOnce() async throws {
        try await withEventPipeline { pipeline in
            try await pipeline.emit(0..<10_000)
            #expect(try await eventually(.seconds(180)) { try await pipeline.applied().rows >= 10_000 })
            try await Task.sleep(for: .milliseconds(500))
            let applied = try await pipeline.applied()
            #expect(applied.rows == 10_000 && applied.distinct == 10_000, "\(applied)")
            let unpublished = try await pipeline.pool.query("SELECT count(*) FROM \"\(pipeline.schema)\".outbox WHERE published_at IS NULL")
            #expect(try unpublished[0].decode(0, as: Int.self) == 0)
        }
    }

    @Test func anEventRolledBackWithItsTransactionIsNeverPublished() async throws {
        struct Abandoned: Error {}
        try await withEventPipeline { pipeline in
            await #expect(throws: Abandoned.self) {
                try await pipeline.pool.withTransaction { connection in
                    try await pipeline.outbox.append(try pipeline.event(-1), on: connection)
                    throw Abandoned()
                }
            }
            try await pipeline.emit(0..<1)
            #expect(try await eventually { try await pipeline.applied().rows == 1 })
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await pipeline.applied().rows == 1)
        }
    }

    @Test func anAppendWakesTheRelayAtCommitAndARolledBackOneDoesNot() async throws {
        struct Abandoned: Error {}
        try await withTestSchema { pool, schema in
            try await Migrator(schema: schema, migrations: ServiceKitMigrations.all(for: .intake)).migrate(on: pool, logger: TestEnvironment.logger)
            let listener = try await PostgresConnection.connect(pool.configuration.conninfo)
            try await listener.query("LISTEN \"\(schema)_outbox\"")
            let outbox = Outbox(schema: schema, city: "testcity", service: .intake)
            await #expect(throws: Abandoned.self) {
                try await pool.withTransaction { connection in
                    try await outbox.append(try EventEnvelope(Ping(number: 1), city: "testcity", service: .intake, subject: "ping/1"), on: connection)
                    throw Abandoned()
                }
            }
            #expect(try await !listener.waitForNotification(timeout: .milliseconds(300)))
            try await pool.withTransaction { connection in
                try await outbox.append(try EventEnvelope(Ping(number: 2), city: "testcity", service: .intake, subject: "ping/2"), on: connection)
            }
            #expect(try await listener.waitForNotification(timeout: .seconds(10)))
            await listener.close()
        }
    }

    @Test func aRedeliveryAfterACrashBetweenCommitAndAckHasNoSecondEffect() async throws {
        try await withTestSchema { pool, schema in
            try await Migrator(schema: schema, migrations: ServiceKitMigrations.all(for: .intake)).migrate(on: pool, logger: TestEnvironment.logger)
            try await pool.query("CREATE TABLE \"\(schema)\".applied (event_id uuid NOT NULL)")
            let url = AMQPURL(TestEnvironment.variable("JARDAM_TEST_AMQP_URL"))!
            let queue = Topology.ConsumerQueue(name: "test.\(schema)", routingKeys: ["intake.test-\(schema).#"])
            var publisherConfiguration = AMQPPublisher.Configuration(url: url)
            publisherConfiguration.topology = Topology(queues: [queue])
            let publisher = AMQPPublisher(configuration: publisherConfiguration, logger: TestEnvironment.logger)
            let publishing = Task { try await publisher.run() }
            var envelope = try EventEnvelope(Ping(number: 1), city: "testcity", service: .intake)
            envelope.type = "intake.test-\(schema).ping.v1"
            try await publisher.publish(OutgoingMessage(exchange: Topology.eventsExchange, routingKey: envelope.type, body: try envelope.encoded()))
            let inbox = Inbox(schema: schema)
            let handler = EventPipeline.recordingHandler(schema: schema)

            func consumeOnce(ack: Bool) async throws -> (Inbox.Outcome, Bool) {
                var configuration = AMQPConsumer.Configuration(url: url, queue: queue.name)
                configuration.topology = Topology(queues: [queue])
                let consumer = AMQPConsumer(configuration: configuration, logger: TestEnvironment.logger)
                let running = Task { await consumer.run() }
                var result: (Inbox.Outcome, Bool)?
                for await delivery in consumer.deliveries {
                    let outcome = try await inbox.process(try EventEnvelope.decode(delivery.body), database: pool, handler: handler)
                    if ack { delivery.ack() }
                    result = (outcome, delivery.redelivered)
                    break
                }
                // Without an ack this is the crash: the connection closes with the delivery unsettled.
                consumer.stop()
                await running.value
                return try #require(result)
            }

            let first = try await consumeOnce(ack: false)
            #expect(first.0 == .applied && first.1 == false)
            let second = try await consumeOnce(ack: true)
            #expect(second.0 == .duplicate && second.1 == true)
            let rows = try await pool.query("SELECT count(*) FROM \"\(schema)\".applied")
            #expect(try rows[0].decode(0, as: Int.self) == 1)

            publisher.stop()
            try await publishing.value
            let admin = try await AMQPConnection.connect(url)
            for name in queue.allQueueNames {
                try? await admin.deleteQueue(name)
            }
            await admin.close()
        }
    }

    @Test func aPermanentFailureIsDeadLetteredWithItsReasonWhileTheOthersAreApplied() async throws {
        struct Refused: Error {}
        try await withEventPipeline(failure: { envelope in
            if try Wire.decode(Ping.self, from: envelope.data).number < 0 {
                throw Refused()
            }
        }) { pipeline in
            try await pipeline.emit(-1..<1000, perTransaction: 250)
            #expect(try await eventually(.seconds(60)) { try await pipeline.applied().rows >= 1000 })
            // A quorum queue's message count may lag its last enqueue (and a letter read once is
            // back only when the broker has requeued it): the letters counted are the ones read.
            var dead: [AMQPDelivery] = []
            #expect(
                try await eventually(.seconds(30)) {
                    dead = try await pipeline.deadLetters()
                    return !dead.isEmpty
                })
            #expect(dead.count == 1)
            #expect(dead.first?.headers[EventConsumer.deathReasonHeader]?.contains("handler failed") == true)
            #expect(try await pipeline.applied().rows == 1000)
        }
    }

    @Test func aTransientFailureIsRetriedWithBackoffThenSucceeds() async throws {
        let attempts = Counter()
        try await withEventPipeline(failure: { _ in
            if await attempts.next() <= 2 { throw TransientEventError("dependency unavailable") }
        }) { pipeline in
            try await pipeline.emit(0..<1)
            #expect(try await eventually(.seconds(20)) { try await pipeline.applied().rows == 1 })
            #expect(await attempts.value == 3)
            #expect(try await pipeline.deadLetters().isEmpty)
        }
    }

    @Test func malformedUnknownAndOversizedMessagesAreDeadLetteredWithAReason() async throws {
        try await withEventPipeline { pipeline in
            var unknown = try pipeline.event(1)
            unknown.type = "intake.nobody-handles.v1"
            let bodies: [Data] = [
                Data("{\"specversion\": \"1.0\", \"id\": ".utf8),
                try unknown.encoded(),
                Data(count: 10 * 1024 * 1024),
            ]
            for body in bodies {
                try await publishUntilTaken(
                    OutgoingMessage(exchange: "", routingKey: pipeline.queue.name, body: body), by: pipeline.publisher)
            }
            try await pipeline.emit(0..<10)
            #expect(try await eventually { try await pipeline.applied().rows == 10 })
            var dead: [AMQPDelivery] = []
            #expect(
                try await eventually {
                    dead = try await pipeline.deadLetters()
                    return dead.count == 3
                })
            let reasons = dead.compactMap { $0.headers[EventConsumer.deathReasonHeader] }
            #expect(reasons.count == 3)
            #expect(reasons.contains { $0.hasPrefix("body of 10485760 bytes") })
            #expect(reasons.contains { $0.hasPrefix("malformed CloudEvent") })
            #expect(reasons.contains { $0 == "unknown event type intake.nobody-handles.v1" })
        }
    }
}

/// Publishes until the broker takes the message, as the outbox relay does: a nack means it was not taken (a
/// quorum queue under the whole suite's load answers a 10 MiB write so now and then), never that it is refused.
private func publishUntilTaken(_ message: OutgoingMessage, by publisher: AMQPPublisher) async throws {
    for attempt in 1... {
        do {
            return try await publisher.publish(message)
        } catch let error as MessagingError where error.code == .rejected && attempt < 5 {
            continue
        }
    }
}
