import Contracts
import Foundation
import ServiceTestSupport
import Testing

@testable import Shelter

@Suite("Intake's events in any order: the shelter ends where it would in order")
struct EventOrderTests {
    /// The case as the shelter knows it and what it holds for it.
    static func state(_ shelter: ServiceHarness, _ caseId: UUID) async throws -> String {
        let work = try await shelter.rawText(
            """
            SELECT (SELECT count(*) FROM "\(shelter.schema)".bookings WHERE case_id = $1 AND status IN ('held', 'confirmed')) AS holds,
                (SELECT count(*) FROM "\(shelter.schema)".waitlist WHERE case_id = $1) AS waiting
            """, [caseId])
        return try await shelter.projectedCase(caseId) + " " + work
    }

    @Test(arguments: [false, true])
    func everyOrderOfOneCasesEventsEndsInTheSameState(erased: Bool) async throws {
        try await withShelter { shelter, client in
            _ = try await shelter.createShelter(client, rooms: [("A", 200, "female", false), ("B", 200, "female", false)])
            let result = try await shelter.ordersThatDecide(need: .housing, erased: erased) { try await Self.state(shelter, $0) }
            #expect(result.inOrder.hasSuffix(erased ? "(0,0)" : "(1,0)"), "\(result.inOrder)")
            #expect(result.differing.isEmpty, "\(result.differing.count) orders differ from \(result.inOrder): \(result.differing.prefix(3))")
        }
    }
}
