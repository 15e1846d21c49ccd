import Hummingbird
import Prometheus

/// One dependency that must answer for the service to be ready.
public struct ReadinessCheck: Sendable {
    /// Short name shown in `/health/ready` (`postgres`).
    public let name: String
    /// Returns whether the dependency answers now; must not wait long.
    public let probe: @Sendable () async -> Bool

    public init(name: String, probe: @escaping @Sendable () async -> Bool) {
        self.name = name
        self.probe = probe
    }
}

/// `/health/live`, `/health/ready` and `/metrics`: open to anyone, for orchestrators and Prometheus.
public struct HealthRoutes: Sendable {
    let readiness: Readiness
    let registry: PrometheusCollectorRegistry

    public init(checks: [ReadinessCheck], registry: PrometheusCollectorRegistry) {
        self.readiness = Readiness(checks: checks)
        self.registry = registry
    }

    struct Status: ResponseEncodable {
        let status: String
        let checks: [String: String]
    }

    public func addRoutes(to router: Router<JardamRequestContext>) {
        router.get("/health/live") { _, _ in Status(status: "up", checks: [:]) }
        router.get("/health/ready") { _, _ in
            let results = await readiness.results()
            let ready = results.values.allSatisfy { $0 == "up" }
            return EditedResponse(
                status: ready ? .ok : .serviceUnavailable,
                response: Status(status: ready ? "up" : "down", checks: results))
        }
        router.get("/metrics") { _, _ in
            let text = registry.emitToString()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }
}

/// The readiness checks' results, at most ``maxAge`` old: probes that arrive together share one
/// run, so that a flood of probes cannot drain the database pool.
actor Readiness {
    static let maxAge: Duration = .seconds(1)

    private let checks: [ReadinessCheck]
    private var last: (at: ContinuousClock.Instant, results: [String: String])?
    private var running: Task<[String: String], Never>?

    init(checks: [ReadinessCheck]) { self.checks = checks }

    /// `up` or `down` by check name, run now unless a run younger than ``maxAge`` answered.
    func results() async -> [String: String] {
        if let last, ContinuousClock.now - last.at < Self.maxAge { return last.results }
        if let running { return await running.value }
        let checks = checks
        let run = Task {
            var results: [String: String] = [:]
            for check in checks { results[check.name] = await check.probe() ? "up" : "down" }
            return results
        }
        running = run
        let results = await run.value
        last = (ContinuousClock.now, results)
        running = nil
        return results
    }
}
