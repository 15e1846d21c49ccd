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
    let checks: [ReadinessCheck]
    let registry: PrometheusCollectorRegistry

    public init(checks: [ReadinessCheck], registry: PrometheusCollectorRegistry) {
        self.checks = checks
        self.registry = registry
    }

    struct Status: ResponseEncodable {
        let status: String
        let checks: [String: String]
    }

    public func addRoutes(to router: Router<JardamRequestContext>) {
        router.get("/health/live") { _, _ in Status(status: "up", checks: [:]) }
        router.get("/health/ready") { _, _ in
            var results: [String: String] = [:]
            for check in checks { results[check.name] = await check.probe() ? "up" : "down" }
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
