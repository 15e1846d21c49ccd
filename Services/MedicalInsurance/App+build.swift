import Contracts
import Foundation
import ServiceKit

/// Medical-insurance's parts, built once around its core (``Insurance``): the routes, the
/// reactions to intake's events, the reminder of policies about to end. `App.swift` and the
/// tests both call it.
func buildMedical(environment: ServiceEnvironment, configuration: MedicalConfiguration) -> ServiceParts {
    let insurance = Insurance(environment: environment)
    let idempotency = IdempotentCreation(schema: environment.schema, secret: environment.configuration.tokenSecret)
    return ServiceParts(
        routes: { router in
            router.addRoutes(PlanRoutes(insurance: insurance, idempotency: idempotency).collection)
            router.addRoutes(PolicyRoutes(insurance: insurance, idempotency: idempotency).collection)
        },
        reactions: IntakeReactions(insurance: insurance).handlers,
        workers: [
            // Daily in effect: a policy is announced once, so running hourly only makes it prompt.
            PeriodicTask(name: "policy-expiry", every: .seconds(3600), logger: environment.logger) {
                _ = try await insurance.announceExpiringPolicies(today: CalendarDate(Date()))
            }
        ])
}
