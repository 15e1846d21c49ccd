import Persistence
import Prometheus

/// The outbox's backlog as Prometheus gauges on `/metrics`, for alerts that see a relay falling
/// behind: `jardam_outbox_backlog` (events written, not yet confirmed by the broker) and
/// `jardam_outbox_oldest_unpublished_seconds` (the age of the oldest of them; 0 when none).
struct OutboxGauges: Sendable {
    static let interval: Duration = .seconds(15)

    let schema: String
    private let backlog: Gauge
    private let oldest: Gauge

    init(schema: String, registry: PrometheusCollectorRegistry) {
        self.schema = schema
        backlog = registry.makeGauge(name: "jardam_outbox_backlog", help: "Events written to the outbox, not yet confirmed by the broker")
        oldest = registry.makeGauge(name: "jardam_outbox_oldest_unpublished_seconds", help: "Age of the oldest unconfirmed outbox event; 0 when none")
    }

    /// Counts the backlog now and sets both gauges.
    func refresh(database: PostgresPool) async throws {
        let rows = try await database.query(
            """
            SELECT count(*)::int8 AS n, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS age
            FROM "\(schema)".outbox WHERE published_at IS NULL
            """)
        backlog.set(Double(try rows[0].decode("n", as: Int.self)))
        oldest.set(try rows[0].decode("age", as: Double.self))
    }
}
