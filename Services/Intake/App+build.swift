import Foundation
import ServiceKit

/// Intake's parts, built once: its routes, the timeline it keeps from the other services'
/// events, the sweep that withdraws expired consents. `App.swift` and the tests both call it.
func buildIntake(environment: ServiceEnvironment, configuration: IntakeConfiguration) -> ServiceParts {
    let api = IntakeAPI(environment: environment)
    return ServiceParts(
        routes: { router in api.addRoutes(to: router) },
        reactions: api.timelineHandlers,
        workers: [
            PeriodicTask(name: "consent-expiry", every: .seconds(60), logger: environment.logger) {
                _ = try await api.expireConsents(at: Date())
            }
        ])
}
