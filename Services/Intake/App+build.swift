import Foundation
import ServiceKit

/// Intake's parts, built once around its core (``Registry``): the routes, the timeline it keeps
/// from the other services' events, what it takes from the network service (the linked cities'
/// keys, the cases handed over to this city), the sweep that withdraws expired consents. `App.swift` and
/// the tests both call it.
func buildIntake(environment: ServiceEnvironment, configuration: IntakeConfiguration) -> ServiceParts {
    let registry = Registry(environment: environment, transferDays: configuration.transferDays, transferKey: configuration.transferKey)
    let idempotency = IdempotentCreation(schema: environment.schema, secret: environment.configuration.tokenSecret)
    return ServiceParts(
        routes: { router in
            router.addRoutes(PersonRoutes(registry: registry, idempotency: idempotency).collection)
            router.addRoutes(CaseRoutes(registry: registry, idempotency: idempotency).collection)
            router.addRoutes(ConsentRoutes(registry: registry, idempotency: idempotency).collection)
            router.addRoutes(HotlineRoutes(registry: registry, idempotency: idempotency).collection)
            router.addRoutes(TransferRoutes(registry: registry, idempotency: idempotency).collection)
        },
        reactions: TimelineReactions(registry: registry).handlers.merging(NetworkReactions(registry: registry).handlers) { timeline, _ in timeline },
        workers: [
            PeriodicTask(name: "consent-expiry", every: .seconds(60), logger: environment.logger) {
                _ = try await registry.expireConsents(at: Date())
            },
            PeriodicTask(name: "transfer-expiry", every: .seconds(60), logger: environment.logger) {
                _ = try await registry.expireTransfers(at: Date())
            },
        ])
}
