import Contracts
import Foundation
import ServiceTestSupport
import Testing

@testable import LaborExchange

@Suite("Intake's events in any order: the labor exchange ends where it would in order")
struct EventOrderTests {
    @Test(arguments: [false, true])
    func everyOrderOfOneCasesEventsEndsInTheSameState(erased: Bool) async throws {
        try await withLabor { labor, _ in
            let result = try await labor.ordersThatDecide(need: .employment, erased: erased) { try await labor.projectedCase($0) }
            #expect(result.inOrder.contains(erased ? ",erased," : ",open,"), "\(result.inOrder)")
            #expect(result.differing.isEmpty, "\(result.differing.count) orders differ from \(result.inOrder): \(result.differing.prefix(3))")
        }
    }
}
