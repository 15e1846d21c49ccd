import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import Messaging
import Persistence
import Prometheus

/// Builds the HTTP application every service shares: problems, metrics, health, then its routes
/// (``ServiceParts/routes``); over HTTPS only when the configuration has a certificate
/// (``ServiceConfiguration/https``).
public func buildApplication(
    environment: ServiceEnvironment,
    registry: PrometheusCollectorRegistry,
    openAPI: Data,
    routes: @Sendable (Router<JardamRequestContext>) -> Void
) throws -> some ApplicationProtocol {
    let configuration = environment.configuration
    return Application(
        router: buildRouter(environment: environment, registry: registry, openAPI: openAPI, routes: routes),
        server: try configuration.https.map { try .tls(.http1(), tlsConfiguration: $0) } ?? .http1(),
        configuration: .init(
            address: .hostname(configuration.httpHost, port: configuration.httpPort),
            serverName: configuration.service.rawValue),
        logger: environment.logger)
}

/// The router of ``buildApplication(environment:registry:openAPI:routes:)``: middleware, the
/// common routes and the service's own (whose list tests compare with the OpenAPI document).
public func buildRouter(
    environment: ServiceEnvironment,
    registry: PrometheusCollectorRegistry,
    openAPI: Data,
    routes: @Sendable (Router<JardamRequestContext>) -> Void
) -> Router<JardamRequestContext> {
    let router = Router(context: JardamRequestContext.self)
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: AuthenticationMiddleware(authority: environment.tokens))
    let database = environment.database
    let publisher = environment.publisher
    HealthRoutes(
        checks: [
            ReadinessCheck(name: "postgres") { (try? await database.query("SELECT 1")) != nil },
            ReadinessCheck(name: "rabbitmq") { publisher.isConnected },
        ],
        registry: registry
    ).addRoutes(to: router)
    router.get("/openapi.json") { _, _ in
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: openAPI)))
    }
    environment.audit.addRoutes(to: router, database: database)
    OperationsRoutes(environment: environment).addRoutes(to: router)
    routes(router)
    router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes.map { ($0.path.description, $0.method) }))
    return router
}
