import Foundation
import ServiceTestSupport
import Testing

@testable import LegalReferral

@Suite("docs/openapi/legal-referral.yaml")
struct OpenAPITests {
    @Test func everyRouteIsDocumentedAndEveryDocumentedOperationIsServed() async throws {
        try await withLegal { legal, _ in
            let (served, documented) = try servedAndDocumentedOperations(of: legal, document: "docs/openapi/legal-referral.yaml")
            #expect(served.count > 10)
            #expect(
                served == documented,
                "served but not documented: \(served.subtracting(documented).sorted()); documented but not served: \(documented.subtracting(served).sorted())"
            )
        }
    }
}
