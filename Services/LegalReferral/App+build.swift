import Foundation
import ServiceKit

/// Legal-referral's parts, built once around its core (``LegalAid``): the routes, the reactions
/// to intake's and the labor exchange's events, the escalation of unanswered proposals.
/// `App.swift` and the tests both call it.
func buildLegal(environment: ServiceEnvironment, configuration: LegalConfiguration) -> ServiceParts {
    let aid = LegalAid(environment: environment, configuration: configuration)
    let idempotency = IdempotentCreation(schema: environment.schema, secret: environment.configuration.tokenSecret)
    return ServiceParts(
        routes: { router in
            router.addRoutes(PartnerRoutes(aid: aid, idempotency: idempotency).collection)
            router.addRoutes(ReferralRoutes(aid: aid, idempotency: idempotency).collection)
            router.addRoutes(EmployerRoutes(aid: aid, idempotency: idempotency).collection)
            router.addRoutes(StatisticsRoutes(aid: aid).collection)
        },
        reactions: EventReactions(aid: aid).handlers,
        workers: [
            PeriodicTask(name: "referral-escalation", every: .seconds(60), logger: environment.logger) {
                _ = try await aid.escalate(now: Date())
            }
        ])
}
