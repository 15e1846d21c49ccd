import Contracts
import Eventing
import Foundation
import Persistence
import ServiceKit
import Testing

@testable import LegalReferral

@Suite("The legal-referral core's domain errors, without HTTP")
struct LegalAidTests {
    static let caseworker = StaffIdentity(subject: "cw-1", roles: [.caseworker], city: "testcity", partner: nil)

    @Test func eachRefusalIsItsOwnDomainError() async throws {
        try await withLegal { legal, _ in
            let aid = legal.aid
            func open(_ caseId: UUID, _ issue: LegalIssue, partner: UUID? = nil) async throws -> Referral {
                try await aid.database.withTransaction { connection in
                    try await aid.openReferral(caseId: caseId, issue: issue, partnerId: partner, actor: "test", now: Date(), on: connection)
                }
            }
            await #expect(throws: CaseRefusal.unknown(field: "caseId")) { try await open(UUID(), .documents) }
            let withoutConsent = try await legal.registerCase(consents: [])
            await #expect(throws: CaseRefusal.consentRequired(.legal)) { try await open(withoutConsent, .documents) }
            // The reaction to the registration opened an `other` referral (no partner fits: unrouted).
            let caseId = try await legal.registerCase()
            await #expect(throws: ReferralError.alreadyOpen(.other)) { try await open(caseId, .other) }
            await #expect(throws: ReferralError.unknownPartner) { try await open(caseId, .documents, partner: UUID()) }
            let full = Partner(
                id: UUID(), name: "Full", kind: .lawyer, languages: ["ky"], specializations: [.police], capacity: 0, discountPercent: nil, load: 0)
            try await aid.database.withTransaction { try await aid.register(full, on: $0) }
            await #expect(throws: ReferralError.partnerFull) { try await open(caseId, .police, partner: full.id) }
            await #expect(throws: ReferralError.partnerNotFound) { try await aid.partner(UUID()) }
            await #expect(throws: ReferralError.unknownReferral) { try await aid.referral(UUID(), visibleTo: Self.caseworker) }

            let unrouted = try #require(
                try await aid.referrals(ReferralFilter(caseId: caseId), visibleTo: Self.caseworker, cursor: nil, limit: 5).referrals.first)
            #expect(unrouted.status == .unrouted)
            let lawyer = StaffIdentity(subject: "l-1", roles: [.lawyer], city: "testcity", partner: full.id)
            await #expect(throws: ReferralError.unknownReferral, "a lawyer does not see another partner's referral") {
                try await aid.referral(unrouted.id, visibleTo: lawyer)
            }
            await #expect(throws: ReferralError.illegal(.accept, from: .unrouted)) {
                try await aid.database.withTransaction { connection in
                    try await aid.apply(.accept, to: unrouted.id, caller: Self.caseworker, note: nil, now: Date(), on: connection)
                }
            }
            await #expect(throws: ReferralError.employerNotFlagged) {
                try await aid.clear(taxId: "7701234567", reason: "paid", by: "sv", now: Date())
            }

            try await legal.deliver(
                CaseUpdated(caseId: caseId, needs: [.legal], vulnerabilities: [], status: .closed, priority: .normal, caseVersion: 2))
            await #expect(throws: CaseRefusal.notOpen(.closed)) { try await open(caseId, .documents) }
        }
    }

    @Test(arguments: [
        (ReferralError.alreadyOpen(.violence), 409), (.unknownPartner, 422),
        (.partnerFull, 409), (.partnerNotFound, 404), (.unknownReferral, 404), (.illegal(.resolve, from: .proposed), 409),
        (.employerNotFlagged, 409), (.employerAlreadyFlagged, 409),
    ])
    func everyDomainErrorHasItsProblem(_ error: ReferralError, _ status: Int) {
        #expect(Int(error.problem.status.code) == status)
    }
}
