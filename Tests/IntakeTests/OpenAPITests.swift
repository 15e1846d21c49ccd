import Foundation
import ServiceTestSupport
import Testing

@testable import Intake

@Suite("docs/openapi/intake.yaml")
struct OpenAPITests {
    @Test func everyRouteIsDocumentedAndEveryDocumentedOperationIsServed() async throws {
        try await withIntake { intake, _ in
            let (served, documented) = try servedAndDocumentedOperations(of: intake, document: "docs/openapi/intake.yaml")
            #expect(served.count > 10)
            #expect(
                served == documented,
                "served but not documented: \(served.subtracting(documented).sorted()); documented but not served: \(documented.subtracting(served).sorted())"
            )
        }
    }
}
