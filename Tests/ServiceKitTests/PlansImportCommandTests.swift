import Foundation
import TestSupport
import Testing

/// `jardamctl plans import FILE` against the real medical-insurance executable.
@Suite("jardamctl plans import")
struct PlansImportCommandTests {
    @Test func aGoodListIsImportedAndAWrongOneIsRefusedRowByRow() async throws {
        let port = 18_199
        try await ServiceProcesses.migrateCity()
        let service = try ChildProcess(
            ServiceProcesses.executable("medical-insurance"), environment: ServiceProcesses.environment(prefix: "MEDICAL", port: port))
        defer { service.signal() }
        var ready = false
        for _ in 0..<120 where !ready {
            ready = try await ServiceProcesses.httpStatus(ServiceProcesses.url(port: port, "/health/ready")) == 200
            if !ready { try await Task.sleep(for: .milliseconds(250)) }
        }
        #expect(ready, "medical-insurance never became ready: \(service.output)")

        let header = "insurer,plan,annual_price,currency,coverage,regions,min_age,max_age,group_prices"
        let plan = "Plan \(UUID().uuidString.prefix(8))"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let good = directory.appendingPathComponent("good.csv"), bad = directory.appendingPathComponent("bad.csv")
        try "\(header)\nUmut,\(plan),4800.00,RUB,emergency;outpatient,*,,,\n".write(to: good, atomically: true, encoding: .utf8)
        try "\(header)\nUmut,Other,48x0,RUB,emergency,*,,,\nUmut,\(plan),100,RUB,emergency,*,,,\n".write(to: bad, atomically: true, encoding: .utf8)

        func jardamctl(_ file: URL) async throws -> (status: Int32?, output: String) {
            var environment = ServiceProcesses.environment(prefix: "MEDICAL", port: port)
            environment["MEDICAL_HTTP_PORT"] = String(port)
            environment["TLS_CA_FILE"] = ServiceProcesses.cityCA
            let child = try ChildProcess(
                TestEnvironment.root.appendingPathComponent(".build/debug/jardamctl").path, arguments: ["plans", "import", file.path],
                environment: environment)
            return (await child.exitStatus(within: .seconds(30)), child.output)
        }
        let imported = try await jardamctl(good)
        #expect(imported.status == 0 && imported.output.contains("imported 1 plan(s)"), "\(imported.output)")
        let refused = try await jardamctl(bad)
        #expect(refused.status == 1)
        #expect(refused.output.contains("row 2: annual_price"), "\(refused.output)")
    }
}
