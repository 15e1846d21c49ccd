import Eventing
import Foundation
import Messaging
import TestSupport
import Testing

/// Stops the test database: `make test` runs suites named "Outage" alone, after the rest.
@Suite("PostgreSQL outage under a consumer", .serialized)
struct DatabaseOutageTests {
    @Test func anEventArrivingWhileTheDatabaseIsDownWaitsForItWithoutSpendingItsRetries() async throws {
        try await withEventPipeline { pipeline in
            try await TestEnvironment.servers("stop-postgres")
            let waited: Result<Void, any Error>
            do {
                let envelope = try pipeline.event(1)
                try await pipeline.publisher.publish(
                    OutgoingMessage(exchange: Topology.eventsExchange, routingKey: envelope.type, body: try envelope.encoded()))
                let broker = try await AMQPConnection.connect(pipeline.url)
                defer { Task { await broker.close() } }
                // The consumer took it (nothing ready in its queue) and holds it.
                #expect(try await eventually(.seconds(20)) { try await broker.messageCount(pipeline.queue.name) == 0 })
                // Longer than both of the pipeline's retry delays (0.2 s and 0.4 s): an event that
                // spent its retries on the outage would be in a retry queue or dead by now.
                try await Task.sleep(for: .seconds(3))
                for name in pipeline.queue.allQueueNames where name != pipeline.queue.name {
                    #expect(try await broker.messageCount(name) == 0, "\(name)")
                }
                waited = .success(())
            } catch {
                waited = .failure(error)
            }
            try await TestEnvironment.servers("start-postgres")
            try waited.get()
            #expect(try await eventually(.seconds(60)) { try await pipeline.applied().rows == 1 })
            #expect(try await pipeline.deadLetters().isEmpty)
        }
    }
}
