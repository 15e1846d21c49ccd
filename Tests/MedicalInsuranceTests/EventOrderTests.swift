import Contracts
import Foundation
import ServiceTestSupport
import Testing

@testable import MedicalInsurance

@Suite("Intake's events in any order: medical-insurance ends where it would in order")
struct EventOrderTests {
    @Test(arguments: [false, true])
    func everyOrderOfOneCasesEventsEndsInTheSameState(erased: Bool) async throws {
        try await withMedical { medical, _ in
            let result = try await medical.ordersThatDecide(need: .medical, erased: erased) { try await medical.projectedCase($0) }
            #expect(result.inOrder.contains(erased ? ",erased," : ",open,"), "\(result.inOrder)")
            #expect(result.differing.isEmpty, "\(result.differing.count) orders differ from \(result.inOrder): \(result.differing.prefix(3))")
        }
    }
}
