import Foundation
import ServiceKit

/// Legal-referral's parts, built once: its routes, its reactions to intake's and the labor
/// exchange's events, the escalation of unanswered proposals. `App.swift` and the tests both call it.
func buildLegal(environment: ServiceEnvironment, configuration: LegalConfiguration) -> ServiceParts {
    let api = LegalAPI(environment: environment, configuration: configuration)
    return ServiceParts(
        routes: { router in api.addRoutes(to: router) },
        reactions: api.eventHandlers,
        workers: [
            PeriodicTask(name: "referral-escalation", every: .seconds(60), logger: environment.logger) {
                _ = try await api.escalate(now: Date())
            }
        ])
}
