import Foundation
import ServiceKit

/// The shelter's parts, built once around its core (``Lodging``): the routes, the reactions to
/// intake's events, the sweep that releases expired holds. `App.swift` and the tests both call it.
func buildShelter(environment: ServiceEnvironment, configuration: ShelterConfiguration) -> ServiceParts {
    let lodging = Lodging(environment: environment, configuration: configuration)
    let idempotency = IdempotentCreation(schema: environment.schema, secret: environment.configuration.tokenSecret)
    return ServiceParts(
        routes: { router in
            router.addRoutes(ShelterRoutes(lodging: lodging, idempotency: idempotency).collection)
            router.addRoutes(BookingRoutes(lodging: lodging, idempotency: idempotency).collection)
        },
        reactions: IntakeReactions(lodging: lodging).handlers,
        workers: [
            PeriodicTask(name: "hold-expiry", every: .seconds(30), logger: environment.logger) {
                _ = try await lodging.releaseExpiredHolds(now: Date())
            }
        ])
}
