import Foundation
import ServiceTestSupport
import Testing

@testable import MedicalInsurance

@Suite("docs/openapi/medical-insurance.yaml")
struct OpenAPITests {
    @Test func everyRouteIsDocumentedAndEveryDocumentedOperationIsServed() async throws {
        try await withMedical { medical, _ in
            let (served, documented) = try servedAndDocumentedOperations(
                of: medical, document: "docs/openapi/medical-insurance.yaml")
            #expect(served.count > 10)
            #expect(
                served == documented,
                "served but not documented: \(served.subtracting(documented).sorted()); documented but not served: \(documented.subtracting(served).sorted())"
            )
        }
    }
}
