import Foundation

/// The real service executables that `swift build --build-tests` built, started as processes
/// with the environment `make test` exported from `.run/test/env`.
public enum ServiceProcesses {
    /// Executable, prefix of its variables in `.run/test/env`, whether it needs the data key.
    public static let services: [(name: String, prefix: String, personalData: Bool)] = [
        ("intake", "INTAKE", true), ("legal-referral", "LEGAL", false), ("shelter", "SHELTER", false),
        ("medical-insurance", "MEDICAL", true), ("labor-exchange", "LABOR", false), ("network", "NETWORK", false),
    ]

    /// The path of a built executable (`intake`, `jardamctl`).
    public static func executable(_ name: String) -> String {
        TestEnvironment.root.appendingPathComponent(".build/debug/\(name)").path
    }

    /// Exactly what a service reads, for the service whose variables start with `prefix`; it
    /// reaches the broker as its own least-privileged user (`<PREFIX>_AMQP_URL`).
    public static func environment(prefix: String, port: Int) -> [String: String] {
        var environment = [
            "JARDAM_CITY": TestEnvironment.variable("JARDAM_CITY"),
            "JARDAM_HTTP_HOST": "127.0.0.1",
            "JARDAM_HTTP_PORT": String(port),
            "JARDAM_POSTGRES_URL": TestEnvironment.variable("\(prefix)_POSTGRES_URL"),
            "JARDAM_AMQP_URL": TestEnvironment.variable("\(prefix)_AMQP_URL"),
            "JARDAM_TOKEN_SECRET": TestEnvironment.variable("JARDAM_TOKEN_SECRET"),
            "JARDAM_LOG_LEVEL": "info",
            // HTTPS only, with the test city's certificate, as services.sh starts them.
            "JARDAM_TLS_CERT": TestEnvironment.variable("TLS_SERVER_CERT"),
            "JARDAM_TLS_KEY": TestEnvironment.variable("TLS_SERVER_KEY"),
        ]
        // Intake and medical-insurance reach the key store as their own key-store role, each with
        // its own data key.
        if let keys = ProcessInfo.processInfo.environment["\(prefix)_KEYS_POSTGRES_URL"] { environment["JARDAM_KEYS_POSTGRES_URL"] = keys }
        if let key = ProcessInfo.processInfo.environment["\(prefix)_DATA_KEY"] { environment["JARDAM_DATA_KEY"] = key }
        if let key = ProcessInfo.processInfo.environment["\(prefix)_TRANSFER_KEY"] { environment["JARDAM_TRANSFER_KEY"] = key }
        return environment
    }

    /// Brings the test city's schemas to this build as an operator does before starting services
    /// (`jardamctl migrate`, as each schema's owner): services only check theirs. Safe to run
    /// from several tests at once.
    public static func migrateCity() async throws {
        let child = try ChildProcess(executable("jardamctl"), arguments: ["migrate"], environment: ProcessInfo.processInfo.environment)
        guard await child.exitStatus(within: .seconds(120)) == 0 else { throw TestFailure("jardamctl migrate failed: \(child.output)") }
    }

    /// The test city's CA, which every service certificate chains to.
    public static var cityCA: String { TestEnvironment.variable("TLS_CA_FILE") }

    /// `https://127.0.0.1:<port><path>`: where a service started by the tests answers.
    public static func url(port: Int, _ path: String) -> String { "https://127.0.0.1:\(port)\(path)" }

    /// One request by curl, verified against the city CA: the status (0 when nothing answers or
    /// TLS fails) and the body.
    public static func request(
        _ method: String, _ url: String, headers: [String: String] = [:], body: Data? = nil
    ) async throws -> (status: Int, body: Data) {
        var arguments = ["-s", "-X", method, "--max-time", "30", "--cacert", cityCA, "-w", "\n%{http_code}"]
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { arguments += ["-H", "\(name): \(value)"] }
        if let body { arguments += ["--data-binary", String(decoding: body, as: UTF8.self)] }
        let curl = try ChildProcess("/usr/bin/curl", arguments: arguments + [url], environment: [:])
        _ = await curl.exitStatus(within: .seconds(35))
        let output = curl.output
        guard let newline = output.lastIndex(of: "\n") else { return (Int(output) ?? 0, Data()) }
        return (Int(output[output.index(after: newline)...]) ?? 0, Data(output[..<newline].utf8))
    }

    /// The HTTP status of a GET (0 when nothing answers, or when TLS fails), by curl; an
    /// `https://` URL is verified against `caFile` (the city CA by default; `nil`: the system's).
    public static func httpStatus(_ url: String, caFile: String? = cityCA) async throws -> Int {
        let curl = try ChildProcess(
            "/usr/bin/curl",
            arguments: ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "2"] + (caFile.map { ["--cacert", $0] } ?? []) + [url],
            environment: [:])
        _ = await curl.exitStatus(within: .seconds(5))
        return Int(curl.output) ?? 0
    }

    /// Starts the six services of the test city on their `<PREFIX>_HTTP_PORT`s and waits until
    /// each answers `/health/ready`; throws with the log of one that does not.
    public static func startCity() async throws -> [String: ChildProcess] {
        try await migrateCity()
        var running: [String: ChildProcess] = [:]
        for service in services {
            let port = Int(TestEnvironment.variable("\(service.prefix)_HTTP_PORT"))!
            running[service.name] = try ChildProcess(executable(service.name), environment: environment(prefix: service.prefix, port: port))
        }
        for service in services {
            let port = TestEnvironment.variable("\(service.prefix)_HTTP_PORT")
            var ready = false
            for _ in 0..<240 where !ready {
                ready = try await httpStatus(url(port: Int(port)!, "/health/ready")) == 200
                if !ready {
                    if await running[service.name]!.exitStatus(within: .milliseconds(250)) != nil { break }
                }
            }
            guard ready else { throw TestFailure("\(service.name) did not become ready: \(running[service.name]!.output)") }
        }
        return running
    }
}
