import Foundation
import Persistence
import Prometheus
import TestSupport
import Testing

@testable import ServiceKit

@Suite("The outbox's backlog on /metrics")
struct OutboxGaugesTests {
    /// The value of `metric` in Prometheus's text format.
    static func value(_ metric: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix("\(metric) ") }.flatMap { Double($0.split(separator: " ")[1]) }
    }

    @Test func theGaugesCountTheUnconfirmedEventsAndTheAgeOfTheOldest() async throws {
        try await withTestSchema { pool, schema in
            try await Migrator(schema: schema, migrations: ServiceKitMigrations.all(for: .shelter)).migrate(on: pool, logger: TestEnvironment.logger)
            let registry = PrometheusCollectorRegistry()
            let gauges = OutboxGauges(schema: schema, registry: registry)
            try await gauges.refresh(database: pool)
            #expect(Self.value("jardam_outbox_backlog", in: registry.emitToString()) == 0)
            #expect(Self.value("jardam_outbox_oldest_unpublished_seconds", in: registry.emitToString()) == 0)
            // Two waiting (the oldest 90 s), one confirmed long ago: it counts for nothing.
            for (seconds, published) in [(90.0, false), (10.0, false), (600.0, true)] {
                try await pool.query(
                    "INSERT INTO \"\(schema)\".outbox (event_id, event_type, body, created_at, published_at) VALUES ($1, 'x.y.z.v1', '{}', $2, $3)",
                    [UUID(), Date().addingTimeInterval(-seconds), published ? Date() : nil])
            }
            try await gauges.refresh(database: pool)
            let text = registry.emitToString()
            #expect(Self.value("jardam_outbox_backlog", in: text) == 2)
            let age = try #require(Self.value("jardam_outbox_oldest_unpublished_seconds", in: text))
            #expect(age >= 90 && age < 150, "\(age)")
        }
    }
}
