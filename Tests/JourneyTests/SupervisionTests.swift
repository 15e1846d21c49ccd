import Contracts
import Foundation
import Persistence
import ServiceKit
import TestSupport
import Testing

@Suite("A service killed under load comes back on its own, and nothing is lost or done twice")
struct SupervisionTests {
    /// `scripts/services.sh COMMAND test`, to its end.
    static func services(_ command: String) async throws {
        let script = TestEnvironment.root.appendingPathComponent("scripts/services.sh").path
        let child = try ChildProcess("/bin/bash", arguments: [script, command, "test"], environment: ProcessInfo.processInfo.environment)
        guard await child.exitStatus(within: .seconds(120)) == 0 else { throw TestFailure("services.sh \(command) failed: \(child.output)") }
    }

    /// POSTs `json` to intake and returns the created id.
    static func create(_ path: String, _ json: String, token: String) async throws -> UUID {
        let (status, data) = try await ServiceProcesses.request(
            "POST", ServiceProcesses.url(port: Int(TestEnvironment.variable("INTAKE_HTTP_PORT"))!, path),
            headers: ["Content-Type": "application/json", "Authorization": "Bearer \(token)"], body: Data(json.utf8))
        guard status == 201 else { throw TestFailure("POST \(path): \(String(decoding: data, as: UTF8.self))") }
        struct Created: Decodable { let id: UUID }
        return try JSONDecoder().decode(Created.self, from: data).id
    }

    @Test func medicalInsuranceKilledWithSIGKILLMidStreamIsRestartedAndChecksEveryCaseOnce() async throws {
        let run = TestEnvironment.root.appendingPathComponent(".run/test")
        let pidFile = run.appendingPathComponent("pids/medical-insurance.pid")
        try await Self.services("start")
        let admin = PostgresPool(configuration: .init(conninfo: TestEnvironment.postgresURL), logger: TestEnvironment.logger)
        do {
            let tokens = await TokenAuthority(secret: TestEnvironment.variable("JARDAM_TOKEN_SECRET"), city: TestEnvironment.variable("JARDAM_CITY"))
            let token = try await tokens.issue(subject: "supervision-test", roles: [.operator], partner: nil, lifetime: .seconds(600))
            let killed = try String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            var cases: [UUID] = []
            for number in 0..<30 {
                if number == 10 { kill(pid_t(killed)!, SIGKILL) }
                let person = try await Self.create(
                    "/v1/persons",
                    #"{"givenName": "Supervised", "familyName": "Worker\#(number)", "sex": "male", "citizenship": "UZ", "languages": ["uz"]}"#,
                    token: token)
                cases.append(
                    try await Self.create(
                        "/v1/cases",
                        #"{"personId": "\#(person)", "channel": "hotline", "language": "uz", "needs": ["medical"], "consents": ["medical"]}"#,
                        token: token))
            }
            // The supervisor runs it again, and its inbox takes every registration exactly once.
            let subjects = cases.map { "case/\($0.lowercased)" }
            let checked = try await eventually(.seconds(90)) {
                let rows = try await admin.query(
                    """
                    SELECT count(*) AS checks, count(DISTINCT subject) AS cases FROM medical.outbox
                    WHERE event_type = $1 AND subject = ANY ($2::text[])
                    """, [CoverageChecked.type, subjects])
                return try rows[0].decode("cases", as: Int.self) == cases.count
            }
            #expect(checked, "every case's coverage was checked after the restart")
            let counts = try await admin.query(
                "SELECT count(*) AS checks, count(DISTINCT subject) AS cases FROM medical.outbox WHERE event_type = $1 AND subject = ANY ($2::text[])",
                [CoverageChecked.type, subjects])
            #expect(try counts[0].decode("checks", as: Int.self) == cases.count, "none checked twice")
            let restarted = try String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(restarted != killed)
            let log = try String(contentsOf: run.appendingPathComponent("logs/medical-insurance.log"), encoding: .utf8)
            #expect(log.contains("medical-insurance exited with status 137; restarting in 1s"), "the restart is logged with the exit status")
        } catch {
            await admin.close()
            try await Self.services("stop")
            throw error
        }
        await admin.close()
        try await Self.services("stop")
    }
}
