import Foundation
import ServiceKit

/// The shelter's parts, built once: its routes, its reactions to intake's events, the sweep that
/// releases expired holds. `App.swift` and the tests both call it.
func buildShelter(environment: ServiceEnvironment, configuration: ShelterConfiguration) -> ServiceParts {
    let api = ShelterAPI(environment: environment, configuration: configuration)
    return ServiceParts(
        routes: { router in api.addRoutes(to: router) },
        reactions: api.eventHandlers,
        workers: [
            PeriodicTask(name: "hold-expiry", every: .seconds(30), logger: environment.logger) {
                _ = try await api.releaseExpiredHolds(now: Date())
            }
        ])
}
