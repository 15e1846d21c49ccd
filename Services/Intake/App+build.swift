import Foundation
import ServiceKit

/// Intake's parts, built once around its core (``Registry``): the routes, the timeline it keeps
/// from the other services' events, the sweep that withdraws expired consents. `App.swift` and
/// the tests both call it.
func buildIntake(environment: ServiceEnvironment, configuration: IntakeConfiguration) -> ServiceParts {
    let registry = Registry(environment: environment)
    let idempotency = IdempotentCreation(schema: environment.schema, secret: environment.configuration.tokenSecret)
    return ServiceParts(
        routes: { router in
            router.addRoutes(PersonRoutes(registry: registry, idempotency: idempotency).collection)
            router.addRoutes(CaseRoutes(registry: registry, idempotency: idempotency).collection)
            router.addRoutes(ConsentRoutes(registry: registry, idempotency: idempotency).collection)
            router.addRoutes(HotlineRoutes(registry: registry, idempotency: idempotency).collection)
        },
        reactions: TimelineReactions(registry: registry).handlers,
        workers: [
            PeriodicTask(name: "consent-expiry", every: .seconds(60), logger: environment.logger) {
                _ = try await registry.expireConsents(at: Date())
            }
        ])
}
