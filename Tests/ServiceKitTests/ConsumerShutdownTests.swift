import Contracts
import Foundation
import Messaging
import Persistence
import ServiceKit
import TestSupport
import Testing

@Suite("A consumer stopped by SIGTERM")
struct ConsumerShutdownTests {
    @Test func exitsWithinSecondsAndAcksNothingUncommitted() async throws {
        try await withTestSchema { pool, schema in
            try await Migrator(schema: schema, migrations: ServiceKitMigrations.all(for: .intake)).migrate(on: pool, logger: TestEnvironment.logger)
            try await pool.query("CREATE TABLE \"\(schema)\".applied (event_id uuid NOT NULL)")
            let url = AMQPURL(TestEnvironment.variable("JARDAM_TEST_AMQP_URL"))!
            let eventType = "intake.test-\(schema).ping.v1"
            let queue = Topology.ConsumerQueue(name: "test.\(schema)", routingKeys: [eventType])
            var configuration = AMQPPublisher.Configuration(url: url)
            configuration.topology = Topology(queues: [queue])
            let publisher = AMQPPublisher(configuration: configuration, logger: TestEnvironment.logger)
            let publishing = Task { try await publisher.run() }
            let total = 2000
            let messages = try (0..<total).map { number in
                var envelope = try EventEnvelope(Ping(number: number), city: "testcity", service: .intake)
                envelope.type = eventType
                return OutgoingMessage(exchange: Topology.eventsExchange, routingKey: eventType, body: try envelope.encoded())
            }
            for result in await publisher.publish(batch: messages) { try result.get() }

            let probeEnvironment = [
                "PROBE_POSTGRES_URL": TestEnvironment.postgresURL, "PROBE_AMQP_URL": TestEnvironment.variable("JARDAM_TEST_AMQP_URL"),
                "PROBE_SCHEMA": schema, "PROBE_QUEUE": queue.name, "PROBE_EVENT_TYPE": eventType, "PROBE_HANDLER_DELAY_MS": "2",
            ]
            let probe = TestEnvironment.root.appendingPathComponent(".build/debug/EventConsumerProbe").path
            func applied() async throws -> (rows: Int, distinct: Int) {
                let row = try await pool.query("SELECT count(*), count(DISTINCT event_id) FROM \"\(schema)\".applied")[0]
                return (try row.decode(0, as: Int.self), try row.decode(1, as: Int.self))
            }

            let first = try ChildProcess(probe, environment: probeEnvironment)
            var midStream = false
            for _ in 0..<300 where !midStream {
                try await Task.sleep(for: .milliseconds(50))
                midStream = try await applied().rows >= 200
            }
            #expect(midStream, "the probe never got going: \(first.output)")
            first.signal()
            let started = ContinuousClock.now
            #expect(await first.exitStatus(within: .seconds(10)) == 0, "\(first.output)")
            #expect(ContinuousClock.now - started < .seconds(5))

            let afterStop = try await applied()
            let admin = try await AMQPConnection.connect(url)
            #expect(afterStop.rows < total, "SIGTERM came mid-stream")
            // Whatever was acked was committed: nothing is missing from applied + still queued. The
            // broker returns the probe's unacked deliveries to the queue once it has seen the
            // connection close, a moment after the process exits.
            var left = 0
            let accounted = try await eventually(.seconds(10)) {
                left = try await admin.messageCount(queue.name)
                return afterStop.rows + left >= total
            }
            #expect(accounted, "applied \(afterStop.rows), queued \(left)")

            let second = try ChildProcess(probe, environment: probeEnvironment)
            #expect(try await eventually(.seconds(60)) { try await applied().rows >= total })
            second.signal()
            _ = await second.exitStatus(within: .seconds(10))
            let final = try await applied()
            #expect(final.rows == total && final.distinct == total, "\(final)")

            for name in queue.allQueueNames {
                try? await admin.deleteQueue(name)
            }
            await admin.close()
            publisher.stop()
            try await publishing.value
        }
    }
}
