import Foundation
import Glibc
import ServiceKit
import TestSupport
import Testing

/// Starts the real service executables that `swift build --build-tests` built.
@Suite("Service executables start, serve health and stop cleanly")
struct ServiceStartTests {
    static let services = ServiceProcesses.services

    @Test(arguments: zip(services.map(\.name), services.map(\.prefix)))
    func startsWithAValidEnvironmentAndExitsCleanlyOnSigterm(_ name: String, _ prefix: String) async throws {
        let port = 18_180 + Self.services.firstIndex { $0.name == name }!
        try await ServiceProcesses.migrateCity()
        let service = try ChildProcess(ServiceProcesses.executable(name), environment: ServiceProcesses.environment(prefix: prefix, port: port))
        var ready = false
        for _ in 0..<120 where !ready {
            ready = try await ServiceProcesses.httpStatus(ServiceProcesses.url(port: port, "/health/ready")) == 200
            if !ready {
                #expect(await service.exitStatus(within: .milliseconds(250)) == nil, "\(name) exited: \(service.output)")
            }
        }
        #expect(ready, "\(name) never became ready: \(service.output)")
        #expect(try await ServiceProcesses.httpStatus(ServiceProcesses.url(port: port, "/health/live")) == 200)
        #expect(try await ServiceProcesses.httpStatus(ServiceProcesses.url(port: port, "/metrics")) == 200)
        #expect(try await ServiceProcesses.httpStatus(ServiceProcesses.url(port: port, "/v1/audit")) == 401, "everything else needs a token")
        let served = try await ServiceProcesses.request("GET", ServiceProcesses.url(port: port, "/openapi.json"))
        let documented = try Data(contentsOf: TestEnvironment.root.appendingPathComponent("docs/openapi/\(name).yaml"))
        let servedObject = try JSONSerialization.jsonObject(with: served.body) as? NSDictionary
        #expect(servedObject == (try JSONSerialization.jsonObject(with: documented) as? NSDictionary), "/openapi.json is docs/openapi/\(name).yaml")

        service.signal()
        #expect(await service.exitStatus(within: .seconds(10)) == 0, "\(service.output)")
        for line in service.output.split(separator: "\n") {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "not a JSON log line: \(line)")
        }
    }

    @Test func withACertificateItServesHTTPSOnlyAndTheCertificateIsVerified() async throws {
        try await ServiceProcesses.migrateCity()
        let port = 18_197
        let ca = ServiceProcesses.cityCA
        let service = try ChildProcess(
            ServiceProcesses.executable("shelter"), environment: ServiceProcesses.environment(prefix: "SHELTER", port: port))
        var ready = false
        for _ in 0..<120 where !ready {
            ready = try await ServiceProcesses.httpStatus("https://localhost:\(port)/health/ready", caFile: ca) == 200
            if !ready { #expect(await service.exitStatus(within: .milliseconds(250)) == nil, "shelter exited: \(service.output)") }
        }
        #expect(ready, "shelter never answered over HTTPS: \(service.output)")
        #expect(try await ServiceProcesses.httpStatus("https://localhost:\(port)/v1/audit", caFile: ca) == 401)
        #expect(try await ServiceProcesses.httpStatus("http://127.0.0.1:\(port)/health/live", caFile: nil) == 0, "no plain HTTP on the port")
        #expect(
            try await ServiceProcesses.httpStatus("https://localhost:\(port)/health/live", caFile: nil) == 0,
            "the city CA is not one the system trusts")
        service.signal()
        #expect(await service.exitStatus(within: .seconds(10)) == 0, "\(service.output)")
    }

    @Test(arguments: services)
    func exitsWithOneLineNamingEachMissingVariable(_ service: (name: String, prefix: String, personalData: Bool)) async throws {
        var required = ["JARDAM_CITY", "JARDAM_POSTGRES_URL", "JARDAM_AMQP_URL", "JARDAM_TOKEN_SECRET"]
        if service.personalData { required += ["JARDAM_DATA_KEY", "JARDAM_KEYS_POSTGRES_URL"] }
        for variable in required {
            var environment = ServiceProcesses.environment(prefix: service.prefix, port: 18_199)
            environment[variable] = nil
            let child = try ChildProcess(ServiceProcesses.executable(service.name), environment: environment)
            let status = await child.exitStatus(within: .seconds(10))
            #expect(status == 2, "\(service.name) without \(variable)")
            let lines = child.output.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].contains(variable), "\(service.name): \(child.output)")
        }
    }

    @Test func aMalformedPortIsNamed() async throws {
        var environment = ServiceProcesses.environment(prefix: "SHELTER", port: 18_199)
        environment["JARDAM_HTTP_PORT"] = "eighty"
        let child = try ChildProcess(ServiceProcesses.executable("shelter"), environment: environment)
        #expect(await child.exitStatus(within: .seconds(10)) == 2)
        #expect(child.output.contains("JARDAM_HTTP_PORT"))
    }

    @Test func aTakenPortEndsTheServiceWithStatusOneNamingTheCause() async throws {
        try await ServiceProcesses.migrateCity()
        // Something else already listens on the port.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(18_198).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(bound == 0 && listen(listener, 1) == 0)
        let child = try ChildProcess(
            ServiceProcesses.executable("shelter"), environment: ServiceProcesses.environment(prefix: "SHELTER", port: 18_198))
        // It stops at once; its broker and relay loops do not keep it alive.
        #expect(await child.exitStatus(within: .seconds(20)) == 1, "\(child.output.suffix(2_000))")
        #expect(child.output.contains("Address already in use"))
        #expect(child.output.split(separator: "\n").count < 50, "no reconnect loop: \(child.output.suffix(2_000))")
    }
}

@Suite("jardamctl")
struct JardamctlTests {
    @Test func tokenIssuePrintsATokenTheServicesAccept() async throws {
        let secret = String(repeating: "c", count: 40)
        let partner = UUID()
        let child = try ChildProcess(
            ServiceProcesses.executable("jardamctl"),
            arguments: [
                "token", "issue", "--role", "lawyer", "--role", "caseworker", "--city", "orenburg", "--partner", partner.uuidString, "--ttl", "1h",
                "--subject", "anna",
            ],
            environment: ["JARDAM_TOKEN_SECRET": secret])
        #expect(await child.exitStatus(within: .seconds(10)) == 0, "\(child.output)")
        let token = child.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let identity = try await TokenAuthority(secret: secret, city: "orenburg").identity(authorization: "Bearer \(token)")
        #expect(identity == StaffIdentity(subject: "anna", roles: [.lawyer, .caseworker], city: "orenburg", partner: partner))
        await #expect(throws: Problem.self) {
            try await TokenAuthority(secret: secret, city: "moscow").identity(authorization: "Bearer \(token)")
        }
    }

    @Test func tokenIssueRefusesAnUnknownRole() async throws {
        let child = try ChildProcess(
            ServiceProcesses.executable("jardamctl"), arguments: ["token", "issue", "--role", "wizard", "--city", "moscow"],
            environment: ["JARDAM_TOKEN_SECRET": String(repeating: "c", count: 40)])
        #expect(await child.exitStatus(within: .seconds(10)) != 0)
        #expect(child.output.contains("unknown role wizard"))
    }
}
