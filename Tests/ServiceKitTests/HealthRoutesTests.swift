import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Messaging
import Persistence
import Prometheus
import ServiceKit
import Synchronization
import TestSupport
import Testing

@Suite("Health and metrics endpoints")
struct HealthRoutesTests {
    func environment(postgresURL: String, amqpURL: String = TestEnvironment.variable("JARDAM_TEST_AMQP_URL")) async throws -> ServiceEnvironment {
        let configuration = try ServiceConfiguration(
            reader: .init(
                provider: EnvironmentVariablesProvider(environmentVariables: [
                    "JARDAM_CITY": "testcity", "JARDAM_POSTGRES_URL": postgresURL,
                    "JARDAM_AMQP_URL": amqpURL,
                    "JARDAM_TOKEN_SECRET": String(repeating: "t", count: 32),
                ])),
            service: .shelter)
        return ServiceEnvironment(
            configuration: configuration,
            database: PostgresPool(
                configuration: .init(conninfo: postgresURL, acquireTimeout: .seconds(2)), logger: TestEnvironment.logger),
            publisher: AMQPPublisher(configuration: .init(url: configuration.amqpURL), logger: TestEnvironment.logger),
            tokens: await TokenAuthority(secret: configuration.tokenSecret, city: configuration.city),
            logger: TestEnvironment.logger)
    }

    @Test func readyWhenTheDatabaseAndTheBrokerAnswer() async throws {
        let environment = try await environment(postgresURL: TestEnvironment.postgresURL)
        let app = try buildApplication(environment: environment, registry: PrometheusCollectorRegistry(), openAPI: Data("{}".utf8)) { _ in }
        let publishing = Task { try await environment.publisher.run() }
        defer {
            environment.publisher.stop()
            publishing.cancel()
        }
        for _ in 0..<100 where !environment.publisher.isConnected { try await Task.sleep(for: .milliseconds(50)) }
        try await app.test(.router) { client in
            let live = try await client.execute(uri: "/health/live", method: .get)
            #expect(live.status == .ok)
            let ready = try await client.execute(uri: "/health/ready", method: .get)
            #expect(ready.status == .ok)
            #expect(String(buffer: ready.body).contains(#""postgres":"up""#))
            #expect(String(buffer: ready.body).contains(#""rabbitmq":"up""#))
        }
        await environment.database.close()
    }

    @Test func notReadyWhenTheDatabaseOrTheBrokerIsUnreachable() async throws {
        let environment = try await environment(
            postgresURL: "postgresql://x:y@127.0.0.1:1/none?connect_timeout=1", amqpURL: "amqp://u:p@127.0.0.1:1/jardam")
        let app = try buildApplication(environment: environment, registry: PrometheusCollectorRegistry(), openAPI: Data("{}".utf8)) { _ in }
        try await app.test(.router) { client in
            let live = try await client.execute(uri: "/health/live", method: .get)
            #expect(live.status == .ok)
            let ready = try await client.execute(uri: "/health/ready", method: .get)
            #expect(ready.status == .serviceUnavailable)
            #expect(String(buffer: ready.body).contains(#""postgres":"down""#))
            #expect(String(buffer: ready.body).contains(#""rabbitmq":"down""#))
        }
        await environment.database.close()
    }

    @Test func aFloodOfReadinessProbesSharesOneRunOfTheChecks() async throws {
        let runs = Mutex(0)
        let router = Router(context: JardamRequestContext.self)
        HealthRoutes(
            checks: [
                ReadinessCheck(name: "slow") {
                    runs.withLock { $0 += 1 }
                    try? await Task.sleep(for: .milliseconds(200))
                    return true
                }
            ], registry: PrometheusCollectorRegistry()
        ).addRoutes(to: router)
        try await Application(router: router).test(.router) { client in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<200 { group.addTask { try await client.execute(uri: "/health/ready", method: .get).status } }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.count == 200 && statuses.allSatisfy { $0 == .ok })
        }
        #expect(runs.withLock { $0 } <= 2, "200 probes within a second ran the checks \(runs.withLock { $0 }) times")
    }

    @Test func metricsAreServedInPrometheusTextFormat() async throws {
        let environment = try await environment(postgresURL: TestEnvironment.postgresURL)
        let registry = PrometheusCollectorRegistry()
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "jardam", subsystem: "test", metricName: "events", unitName: "total", helpText: "Test events.")
        ).increment(by: Int64(3))
        let app = try buildApplication(environment: environment, registry: registry, openAPI: Data("{}".utf8)) { _ in }
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(String(buffer: response.body).contains("jardam_test_events_total 3"))
        }
        await environment.database.close()
    }
}
