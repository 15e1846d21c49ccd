import Contracts
import Eventing
import Foundation
import Persistence
import ServiceKit

/// Medical-insurance's core: insurers and plans, the policy registry (numbers sealed, every read
/// audited), coverage and recommendations. It knows nothing of HTTP; it throws
/// ``MedicalError``s, runs its transactions and writes its events to the outbox in them. Routes
/// (`Routes/`) and reactions (`Reactions/`) call it.
struct Insurance: Sendable {
    let database: PostgresPool
    let city: String
    let vault: PersonalDataVault
    let plans: PlanStore
    let policies: PolicyStore
    let cases: CaseProjection
    let outbox: Outbox
    let audit: AuditLog

    init(environment: ServiceEnvironment) {
        let schema = environment.schema
        database = environment.database
        city = environment.configuration.city
        vault = environment.requiredVault
        plans = PlanStore(schema: schema)
        policies = PolicyStore(schema: schema)
        cases = CaseProjection(schema: schema)
        outbox = environment.outbox
        audit = environment.audit
    }

    // MARK: - Insurers and plans

    /// Registers an insurer, in the caller's transaction; ``MedicalError/insurerExists`` for a name taken.
    func registerInsurer(named name: String, on connection: PostgresConnection) async throws -> Insurer {
        guard try await plans.insurer(named: name, on: connection) == nil else { throw MedicalError.insurerExists }
        let insurer = Insurer(id: UUID(), name: name)
        try await plans.insert(insurer, on: connection)
        return insurer
    }

    /// Every insurer.
    func insurers() async throws -> [Insurer] { try await plans.insurers(database: database) }

    /// Adds `plan` to its insurer, in the caller's transaction.
    func add(_ plan: Plan, on connection: PostgresConnection) async throws {
        guard try await plans.insurer(plan.insurerId, on: connection) != nil else { throw MedicalError.insurerNotFound }
        guard try await !plans.exists(insurerId: plan.insurerId, name: plan.name, on: connection) else { throw MedicalError.planExists }
        try await plans.insert(plan, on: connection)
    }

    /// The plan `id`.
    func plan(_ id: UUID) async throws -> Plan {
        guard let plan = try await database.withConnection({ try await plans.plan(id, on: $0) }) else { throw MedicalError.planNotFound }
        return plan
    }

    /// Every plan.
    func allPlans() async throws -> [Plan] { try await database.withConnection { try await plans.all(on: $0) } }

    /// Imports a parsed price list in one transaction, insurers created as needed; any plan the
    /// insurer already has refuses the whole list (``MedicalError/priceList(_:)``).
    func importPlans(_ rows: [PriceListCSV.Row]) async throws -> [UUID] {
        try await database.withTransaction { connection in
            var ids: [UUID] = []
            var duplicates: [PriceListCSV.RowError] = []
            for row in rows {
                let insurer: Insurer
                if let existing = try await plans.insurer(named: row.insurer, on: connection) {
                    insurer = existing
                } else {
                    insurer = Insurer(id: UUID(), name: row.insurer)
                    try await plans.insert(insurer, on: connection)
                }
                if try await plans.exists(insurerId: insurer.id, name: row.plan, on: connection) {
                    duplicates.append(.init(row: row.row, field: "plan", message: "the insurer already has a plan of that name"))
                    continue
                }
                let plan = Plan(
                    id: UUID(), insurerId: insurer.id, name: row.plan, annualPrice: row.annualPrice, coverage: row.coverage,
                    regions: row.regions, minAge: row.minAge, maxAge: row.maxAge, groupPrices: row.groupPrices)
                try await plans.insert(plan, on: connection)
                ids.append(plan.id)
            }
            // Any error and nothing is imported: the transaction rolls back.
            if !duplicates.isEmpty { throw MedicalError.priceList(duplicates) }
            return ids
        }
    }

    /// Plans fitting the request, cheapest first at the group price.
    func recommendations(services: Set<MedicalService>, region: String?, age: Int?, members: Int) async throws -> [(plan: PlanOffer, price: Money)] {
        let offers = try await allPlans().map(\.offer)
        return PlanRecommendation.rank(offers, services: services, region: region, age: age, members: members)
    }

    // MARK: - Policies

    /// Registers a policy of `caseId` (open, consenting to medical help: ``CaseRefusal``
    /// otherwise) with its number sealed under the person's key, in the caller's transaction,
    /// and audits it.
    func registerPolicy(
        caseId: UUID, planId: UUID, number: String, validFrom: CalendarDate, validTo: CalendarDate, by caller: StaffIdentity, requestID: String,
        on connection: PostgresConnection
    ) async throws -> UUID {
        let known = try await cases.permitting(.medical, caseId: caseId, field: "caseId", on: connection)
        guard try await plans.plan(planId, on: connection) != nil else { throw MedicalError.unknownPlan }
        guard let personRef = known.personRef else { throw CaseRefusal.notOpen(.erased) }
        let key: PersonKey
        do {
            key = try await vault.key(for: personRef)
        } catch VaultError.erased {
            key = try await vault.createKey(for: personRef)
        }
        let policy = StoredPolicy(
            id: UUID(), caseId: caseId, personRef: personRef, planId: planId, sealedNumber: try key.seal(number), validFrom: validFrom,
            validTo: validTo)
        try await policies.insert(policy, numberHash: try await vault.lookupHash(number, .policyNumber), on: connection)
        try await audit.record("create", subject: "policy/\(policy.id.lowercased)", reason: nil, by: caller, requestID: requestID, on: connection)
        return policy.id
    }

    /// The policy `id` with its number opened for `caller` (audited).
    func policy(_ id: UUID, for caller: StaffIdentity, requestID: String) async throws -> PolicyView {
        let views = try await database.withTransaction { connection in
            try await open([try await policies.load(id, on: connection)].compactMap { $0 }, for: caller, requestID: requestID, on: connection)
        }
        guard let view = views.first else { throw MedicalError.policyNotFound }
        return view
    }

    /// The policies of a case, or the one with `number`, opened for `caller` (each read audited).
    func policies(caseId: UUID?, number: String?, for caller: StaffIdentity, requestID: String) async throws -> [PolicyView] {
        let hash = try await vault.lookupHash(number, .policyNumber)
        return try await database.withTransaction { connection in
            try await open(
                try await policies.find(caseId: caseId, numberHash: hash, on: connection), for: caller, requestID: requestID, on: connection)
        }
    }

    /// The coverage of a case for `services` on `day`, asked by staff: the case must be open and
    /// consent to medical help (``CaseRefusal`` otherwise, naming `caseId`).
    func coverage(of caseId: UUID, for services: [MedicalService], on day: CalendarDate) async throws -> Coverage.Verdict {
        try await database.withTransaction { connection in
            _ = try await cases.permitting(.medical, caseId: caseId, field: "caseId", on: connection)
            return try await coverage(of: caseId, for: services, on: day, connection: connection)
        }
    }

    /// ``coverage(of:for:on:)`` on the caller's connection.
    func coverage(of caseId: UUID, for services: [MedicalService], on day: CalendarDate, connection: PostgresConnection) async throws
        -> Coverage.Verdict
    {
        Coverage.check(services, on: day, policies: try await policies.covers(caseId: caseId, on: connection))
    }

    /// Stops the medical work of a case (consent withdrawn, case closed, erased): its policies,
    /// numbers and all, are erased, so no reminder follows; each erasure is announced
    /// (`medical.policy.erased.v1`).
    func erasePolicies(of caseId: UUID, reason: String, on connection: PostgresConnection) async throws {
        for policyId in try await policies.delete(caseId: caseId, on: connection) {
            try await outbox.append(
                PolicyErased(caseId: caseId, policyId: policyId, reason: reason), subject: "case/\(caseId.lowercased)", on: connection)
        }
    }

    /// Announces, once per policy, every policy whose `validTo` is 30 days or less after `today`,
    /// of cases that are open and consent to medical help.
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

    /// Opens the policy numbers for `caller`, auditing each read.
    private func open(_ stored: [StoredPolicy], for caller: StaffIdentity, requestID: String, on connection: PostgresConnection) async throws
        -> [PolicyView]
    {
        var views: [PolicyView] = []
        for policy in stored {
            var number: String?
            if let sealed = policy.sealedNumber, let personRef = policy.personRef {
                do {
                    number = try await vault.key(for: personRef).open(sealed)
                } catch VaultError.erased {
                    number = nil
                }
                try await audit.record(
                    "read", subject: "policy/\(policy.id.lowercased)", reason: nil, by: caller, requestID: requestID, on: connection)
            }
            views.append(
                PolicyView(
                    id: policy.id, caseId: policy.caseId, planId: policy.planId, number: number, validFrom: policy.validFrom, validTo: policy.validTo)
            )
        }
        return views
    }
}
