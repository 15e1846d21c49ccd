import Foundation
import ServiceTestSupport
import Testing

@testable import LaborExchange

@Suite("docs/openapi/labor-exchange.yaml")
struct OpenAPITests {
    @Test func everyRouteIsDocumentedAndEveryDocumentedOperationIsServed() async throws {
        try await withLabor { labor, _ in
            let (served, documented) = try servedAndDocumentedOperations(of: labor, document: "docs/openapi/labor-exchange.yaml")
            #expect(served.count > 10)
            #expect(
                served == documented,
                "served but not documented: \(served.subtracting(documented).sorted()); documented but not served: \(documented.subtracting(served).sorted())"
            )
        }
    }
}
