import Contracts
import Foundation
import ServiceTestSupport
import Testing

@testable import LegalReferral

@Suite("Intake's events in any order: legal-referral ends where it would in order")
struct EventOrderTests {
    /// The case as legal-referral knows it and its open referrals.
    static func state(_ legal: ServiceHarness, _ caseId: UUID) async throws -> String {
        let work = try await legal.rawText(
            "SELECT count(*) FROM \"\(legal.schema)\".referrals WHERE case_id = $1 AND status NOT IN ('withdrawn', 'resolved')", [caseId])
        return try await legal.projectedCase(caseId) + " " + work
    }

    @Test(arguments: [false, true])
    func everyOrderOfOneCasesEventsEndsInTheSameState(erased: Bool) async throws {
        try await withLegal { legal, _ in
            let result = try await legal.ordersThatDecide(need: .legal, erased: erased) { try await Self.state(legal, $0) }
            #expect(result.inOrder.hasSuffix(erased ? " (0)" : " (1)"), "\(result.inOrder)")
            #expect(result.differing.isEmpty, "\(result.differing.count) orders differ from \(result.inOrder): \(result.differing.prefix(3))")
            if erased {
                let notes = try await legal.rawText("SELECT note FROM \"\(legal.schema)\".referral_history WHERE note IS NOT NULL")
                #expect(notes.isEmpty, "every case of the story was erased: no free text is left")
            }
        }
    }
}
