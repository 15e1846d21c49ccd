import Contracts
import Foundation
import Persistence
import ServiceKit
import Testing

@testable import Intake

@Suite("The intake core's domain errors, without HTTP")
struct RegistryTests {
    static let access = StaffAccess(
        caller: StaffIdentity(subject: "cw-1", roles: [.caseworker], city: "testcity", partner: nil), requestID: "r-1", reason: nil)

    @Test func eachRefusalIsItsOwnDomainError() async throws {
        try await withIntake { intake, _ in
            let registry = intake.registry
            @Sendable func transaction<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
                try await registry.database.withTransaction(body)
            }
            let person = Person(
                givenName: "Асель", familyName: "Жумабаева", nameLatin: "Asel Zhumabaeva", birthDate: nil, sex: .female, citizenship: "KG",
                languages: ["ky"], phone: nil, document: nil)
            @Sendable func openCase(_ personId: UUID) async throws -> UUID {
                try await transaction { connection in
                    try await registry.register(
                        personId: personId, channel: .hotline, language: "ky", needs: [.legal], vulnerabilities: [], summary: nil, purposes: [],
                        access: Self.access, on: connection
                    ).id
                }
            }
            await #expect(throws: IntakeError.personNotFound) { try await registry.person(UUID(), access: Self.access, withDuplicates: false) }
            await #expect(throws: IntakeError.unknownPerson) { try await openCase(UUID()) }
            let kept = try await transaction { try await registry.create(person, access: Self.access, on: $0) }
            let twin = try await transaction { try await registry.create(person, access: Self.access, on: $0) }
            await #expect(throws: IntakeError.mergeIntoItself) { try await registry.merge(kept, into: kept, access: Self.access) }
            await #expect(throws: IntakeError.unknownMergeTarget) { try await registry.merge(kept, into: UUID(), access: Self.access) }
            _ = try await registry.merge(twin, into: kept, access: Self.access)
            await #expect(throws: IntakeError.alreadyMerged(into: kept)) { try await registry.merge(twin, into: kept, access: Self.access) }
            let third = try await transaction { try await registry.create(person, access: Self.access, on: $0) }
            await #expect(throws: IntakeError.targetMerged(into: kept)) { try await registry.merge(third, into: twin, access: Self.access) }
            await #expect(throws: IntakeError.mergedPerson(into: kept)) { try await openCase(twin) }

            await #expect(throws: IntakeError.caseNotFound) { try await registry.caseView(UUID(), access: nil) }
            let caseId = try await openCase(kept)
            _ = try await registry.change(caseId, needs: nil, vulnerabilities: nil, status: .closed)
            await #expect(throws: IntakeError.caseClosed) { try await registry.change(caseId, needs: [.housing], vulnerabilities: nil, status: nil) }
            let grant = Consent(id: UUID(), caseId: caseId, purpose: .housing, granted: true, expiresAt: nil, changedAt: Date())
            await #expect(throws: IntakeError.consentOnClosedCase) { try await transaction { try await registry.record(grant, by: "cw-1", on: $0) } }
            await #expect(throws: IntakeError.consentNotFound) { try await registry.consent(UUID()) }
            let call = HotlineCall(
                id: UUID(), at: Date(), language: "ky", topic: .documents, durationSeconds: 60, resolvedByPhone: true, caseId: UUID())
            await #expect(throws: IntakeError.unknownCase) { try await transaction { try await registry.log(call, by: "op-1", on: $0) } }
            await #expect(throws: IntakeError.callNotFound) { try await registry.call(UUID()) }

            try await registry.erase(third, access: Self.access)
            await #expect(throws: IntakeError.erasedPerson) { try await openCase(third) }
        }
    }

    @Test(arguments: [
        (IntakeError.personNotFound, 404), (.unknownPerson, 422), (.erasedPerson, 422), (.mergedPerson(into: UUID()), 422),
        (.mergeIntoItself, 422), (.unknownMergeTarget, 422), (.alreadyMerged(into: UUID()), 409), (.targetMerged(into: UUID()), 409),
        (.caseNotFound, 404), (.unknownCase, 422), (.caseClosed, 409), (.consentOnClosedCase, 409), (.consentNotFound, 404),
        (.callNotFound, 404),
    ])
    func everyDomainErrorHasItsProblem(_ error: IntakeError, _ status: Int) {
        #expect(Int(error.problem.status.code) == status)
    }
}
