import Foundation
import Messaging
import ServiceKit
import TestSupport
import Testing

/// Kills the test broker: `make test` runs suites named "Outage" alone, after the rest.
@Suite("RabbitMQ outage", .serialized)
struct BrokerOutageTests {
    @Test func killingTheBrokerMidStreamLosesNothingAndDuplicatesNothing() async throws {
        try await withEventPipeline { pipeline in
            try await pipeline.emit(0..<10_000)
            #expect(try await eventually(.seconds(120)) { try await pipeline.applied().rows >= 2_000 })
            try await TestEnvironment.servers("kill-rabbitmq")
            try await Task.sleep(for: .seconds(1))
            try await TestEnvironment.servers("start-rabbitmq")
            #expect(try await eventually(.seconds(240)) { try await pipeline.applied().rows >= 10_000 })
            try await Task.sleep(for: .seconds(1))
            let applied = try await pipeline.applied()
            #expect(applied.rows == 10_000 && applied.distinct == 10_000, "\(applied)")
        }
    }
}
