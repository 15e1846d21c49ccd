import Foundation
import Hummingbird
@testable import Intake
import Prometheus
import ServiceKit
import TestSupport
import Testing

@Suite("docs/openapi/intake.yaml")
struct OpenAPITests {
    @Test func everyRouteIsDocumentedAndEveryDocumentedOperationIsServed() async throws {
        try await withIntake { intake, _ in
            let router = buildRouter(environment: intake.environment, registry: PrometheusCollectorRegistry(), openAPI: Data()) { router, environment in
                IntakeAPI(environment: environment).addRoutes(to: router)
            }
            let served = Set(router.routes.map { route in
                "\(route.method.rawValue) " + route.path.description.replacingOccurrences(of: #":(\w+)"#, with: "{$1}", options: .regularExpression)
            })
            let url = TestEnvironment.root.appendingPathComponent("docs/openapi/intake.yaml")
            let document = try JSONSerialization.jsonObject(with: try Data(contentsOf: url)) as! [String: Any]
            let paths = document["paths"] as! [String: [String: Any]]
            let documented = Set(paths.flatMap { path, operations in
                operations.keys.filter { $0 != "parameters" }.map { "\($0.uppercased()) \(path)" }
            })
            #expect(served.count > 10)
            #expect(served == documented, "served but not documented: \(served.subtracting(documented).sorted()); documented but not served: \(documented.subtracting(served).sorted())")
        }
    }
}
