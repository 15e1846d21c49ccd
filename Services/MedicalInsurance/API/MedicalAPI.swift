import Contracts
import Eventing
import Foundation
import Hummingbird
import Persistence
import ServiceKit

/// Medical-insurance's API and the work behind it: insurers and plans, the policy registry,
/// coverage and recommendations. Routes live in one file per resource; reactions to intake's
/// events and the expiry sweep in `Handlers/`.
struct MedicalAPI: Sendable {
    let database: PostgresPool
    let city: String
    let vault: PersonalDataVault
    let idempotency: IdempotentCreation
    let plans: PlanStore
    let policies: PolicyStore
    let cases: CaseProjection
    let outbox: Outbox
    let audit: AuditLog

    init(environment: ServiceEnvironment) {
        let vault = environment.requiredVault
        let schema = environment.schema
        database = environment.database
        city = environment.configuration.city
        self.vault = vault
        idempotency = IdempotentCreation(schema: schema, secret: environment.configuration.tokenSecret)
        plans = PlanStore(schema: schema)
        policies = PolicyStore(schema: schema)
        cases = CaseProjection(schema: schema)
        outbox = environment.outbox
        audit = environment.audit
    }

    func addRoutes(to router: Router<JardamRequestContext>) {
        addPlanRoutes(to: router)
        addPolicyRoutes(to: router)
    }

    /// The coverage of a case for `services` on `day`.
    func coverage(of caseId: UUID, for services: [MedicalService], on day: CalendarDate, connection: PostgresConnection) async throws
        -> Coverage.Verdict
    {
        Coverage.check(services, on: day, policies: try await policies.covers(caseId: caseId, on: connection))
    }

    /// Plans fitting the request, cheapest first at the group price.
    func recommendations(services: Set<MedicalService>, region: String?, age: Int?, members: Int) async throws -> [(plan: PlanOffer, price: Money)] {
        let offers = try await database.withConnection { try await plans.all(on: $0) }.map(\.offer)
        return PlanRecommendation.rank(offers, services: services, region: region, age: age, members: members)
    }

    /// Announces, once per policy, every policy whose `validTo` is 30 days or less after `today`.
    func announceExpiringPolicies(today: CalendarDate) async throws -> Int {
        try await database.withTransaction { connection in
            let expiring = try await policies.expiring(from: today, by: today.adding(days: 30), on: connection)
            for policy in expiring {
                try await policies.markAnnounced(policy.id, on: connection)
                try await outbox.append(
                    PolicyExpiring(caseId: policy.caseId, policyId: policy.id, validTo: policy.validTo),
                    subject: "case/\(policy.caseId.lowercased)", on: connection)
            }
            return expiring.count
        }
    }
}
