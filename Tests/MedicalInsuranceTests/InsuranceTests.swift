import Contracts
import Eventing
import Foundation
import Persistence
import ServiceKit
import Testing

@testable import MedicalInsurance

@Suite("The medical-insurance core's domain errors, without HTTP")
struct InsuranceTests {
    static let desk = StaffIdentity(subject: "md-1", roles: [.medicalDesk], city: "testcity", partner: nil)

    @Test func eachRefusalIsItsOwnDomainError() async throws {
        try await withMedical { medical, _ in
            let insurance = medical.insurance
            func transaction<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
                try await insurance.database.withTransaction(body)
            }
            let insurer = try await transaction { try await insurance.registerInsurer(named: "Vita", on: $0) }
            await #expect(throws: MedicalError.insurerExists) { try await transaction { try await insurance.registerInsurer(named: "Vita", on: $0) } }
            @Sendable func plan(_ insurerId: UUID) -> Plan {
                Plan(
                    id: UUID(), insurerId: insurerId, name: "Basic", annualPrice: Money(amount: 100, currency: "USD"), coverage: [.emergency],
                    regions: ["*"], minAge: nil, maxAge: nil, groupPrices: [])
            }
            await #expect(throws: MedicalError.insurerNotFound) { try await transaction { try await insurance.add(plan(UUID()), on: $0) } }
            let basic = plan(insurer.id)
            try await transaction { try await insurance.add(basic, on: $0) }
            await #expect(throws: MedicalError.planExists) { try await transaction { try await insurance.add(plan(insurer.id), on: $0) } }
            await #expect(throws: MedicalError.planNotFound) { try await insurance.plan(UUID()) }
            await #expect(throws: MedicalError.policyNotFound) { try await insurance.policy(UUID(), for: Self.desk, requestID: "r") }

            func register(_ caseId: UUID, planId: UUID) async throws -> UUID {
                try await transaction { connection in
                    try await insurance.registerPolicy(
                        caseId: caseId, planId: planId, number: "VT-000123", validFrom: CalendarDate(year: 2026, month: 1, day: 1)!,
                        validTo: CalendarDate(year: 2026, month: 12, day: 31)!, by: Self.desk, requestID: "r", on: connection)
                }
            }
            await #expect(throws: CaseRefusal.unknown(field: "caseId")) { try await register(UUID(), planId: basic.id) }
            let caseId = UUID()
            let personRef = UUID().lowercased
            try await medical.deliver(medical.caseRegistered(caseId, personRef: personRef))
            await #expect(throws: MedicalError.unknownPlan) { try await register(caseId, planId: UUID()) }
            try await medical.deliver(PersonErased(personRef: personRef, cases: [ErasedCase(caseId: caseId, caseVersion: 2)]))
            await #expect(throws: CaseRefusal.notOpen(.erased)) { try await register(caseId, planId: basic.id) }
        }
    }

    @Test(arguments: [
        (MedicalError.insurerExists, 409), (.insurerNotFound, 404), (.planExists, 409), (.planNotFound, 404),
        (.unknownPlan, 422), (.policyNotFound, 404), (.priceList([.init(row: 2, field: "plan", message: "x")]), 422),
    ])
    func everyDomainErrorHasItsProblem(_ error: MedicalError, _ status: Int) {
        #expect(Int(error.problem.status.code) == status)
    }
}
