import Foundation
import ServiceTestSupport
import Testing

@testable import Shelter

@Suite("docs/openapi/shelter.yaml")
struct OpenAPITests {
    @Test func everyRouteIsDocumentedAndEveryDocumentedOperationIsServed() async throws {
        try await withShelter { shelter, _ in
            let (served, documented) = try servedAndDocumentedOperations(of: shelter, document: "docs/openapi/shelter.yaml")
            #expect(served.count > 10)
            #expect(
                served == documented,
                "served but not documented: \(served.subtracting(documented).sorted()); documented but not served: \(documented.subtracting(served).sorted())"
            )
        }
    }
}
