import Contracts
import Foundation
import ServiceKit

/// Medical-insurance's parts, built once: its routes, its reactions to intake's events, the
/// reminder of policies about to end. `App.swift` and the tests both call it.
func buildMedical(environment: ServiceEnvironment, configuration: MedicalConfiguration) -> ServiceParts {
    let api = MedicalAPI(environment: environment)
    return ServiceParts(
        routes: { router in api.addRoutes(to: router) },
        reactions: api.eventHandlers,
        workers: [
            // Daily in effect: a policy is announced once, so running hourly only makes it prompt.
            PeriodicTask(name: "policy-expiry", every: .seconds(3600), logger: environment.logger) {
                _ = try await api.announceExpiringPolicies(today: CalendarDate(Date()))
            }
        ])
}
