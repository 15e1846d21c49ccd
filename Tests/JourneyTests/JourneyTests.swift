import Contracts
import Eventing
import Foundation
import Messaging
import Persistence
import ServiceKit
import TestSupport
import Testing

/// `make demo`'s journey as a test: the six services run as real processes on the test city,
/// `jardamctl seed demo` and `jardamctl demo journey` drive them over HTTP, and what crossed the
/// broker is read back.
@Suite("The demo journey through six running services", .serialized)
struct JourneyTests {
    /// What the journey registers about her; none of it may leave intake.
    static let canary = ["Айгуль", "Осмонова", "Aigul", "Osmonova", "+996555010203", "996555010203", "AC1234567", "1996-03-14"]

    @Test func theJourneyRunsEndToEndAndNoPersonalDataReachesPartnersOrDeadLetters() async throws {
        try await Self.resetCity()
        let admin = try await AMQPConnection.connect(AMQPURL(TestEnvironment.variable("JARDAM_AMQP_URL"))!)
        try await Topology.city(TestEnvironment.variable("JARDAM_CITY")).declare(on: admin)
        for queue in Topology.city(TestEnvironment.variable("JARDAM_CITY")).queues {
            for name in queue.allQueueNames { try await admin.purgeQueue(name) }
        }
        // Everything any partner could be sent.
        let capture = "test.partners-capture.\(UUID().lowercased)"
        try await admin.declareQueue(capture)
        try await admin.bindQueue(capture, exchange: Topology.partnersExchange, routingKey: "#")

        let services = try await ServiceProcesses.startCity()
        let seeded = try await Self.jardamctl(["seed", "demo"])
        #expect(seeded.status == 0, "\(seeded.output)")
        let reseeded = try await Self.jardamctl(["seed", "demo"])
        #expect(reseeded.status == 0 && reseeded.output.contains("already has the demo data"), "seeding twice creates nothing: \(reseeded.output)")

        let journey = try await Self.jardamctl(["demo", "journey", "--patience", "90"], within: .seconds(300))
        #expect(journey.status == 0, "\(journey.output)")
        for step in 0...8 { #expect(journey.output.contains("\n\(step). "), "step \(step) printed") }
        let caseId = try #require(
            journey.output.split(separator: "\n").first { $0.hasPrefix("The journey is complete: case ") }
                .flatMap { UUID(uuidString: String($0.split(separator: " ").last!.dropLast())) },
            "the journey names its case: \(journey.output)")

        // The timeline, read independently of the journey's own checks.
        let timeline = try await Self.timeline(caseId)
        for type in [
            "shelter.booking.held.v1", "shelter.booking.confirmed.v1", "shelter.booking.checked-in.v1", "medical.coverage.checked.v1",
            "medical.plan.recommended.v1", "legal.referral.proposed.v1", "legal.referral.accepted.v1", "labor.match.proposed.v1",
            "labor.placement.started.v1",
        ] {
            #expect(timeline.contains(type), "the timeline has \(type): \(timeline)")
        }
        let personRef = try await Self.personRef(ofCase: caseId)
        let secrets = Self.canary + [personRef]

        // Partners: the public forms arrived, referral forms only under a partner's key, nothing personal.
        var partnerKeys: [String] = []
        while let message = try await admin.get(capture) {
            partnerKeys.append(message.routingKey)
            let body = String(decoding: message.body, as: UTF8.self)
            for secret in secrets { #expect(!body.contains(secret), "\(message.routingKey) on jardam.partners carries personal data") }
            #expect(!body.contains("personRef") && !body.contains("\"subject\""), "\(message.routingKey) keeps only the partner form")
            try await admin.ack(message)
        }
        for key in ["shelter.occupancy.changed.v1", "legal.employer.flagged.v1", "labor.vacancy.suspended.v1", "intake.hotline.call-logged.v1"] {
            #expect(partnerKeys.contains(key), "partners received \(key): \(partnerKeys)")
        }
        #expect(partnerKeys.contains { $0.hasPrefix("legal.referral.accepted.v1.") }, "the accepting partner got its referral")
        #expect(!partnerKeys.contains { $0.hasPrefix("intake.case.") || $0.hasPrefix("medical.") || $0.hasPrefix("shelter.booking.") })

        // Dead letters: the journey leaves none, and none could hold her data.
        for queue in Topology.city(TestEnvironment.variable("JARDAM_CITY")).queues {
            while let message = try await admin.get(queue.deadLetterQueue) {
                let body = String(decoding: message.body, as: UTF8.self)
                Issue.record("\(queue.deadLetterQueue) holds \(message.routingKey) (\(message.headers["x-jardam-death-reason"] ?? "?"))")
                for secret in secrets { #expect(!body.contains(secret), "a dead letter carries personal data") }
                try await admin.reject(message, requeue: true)
            }
        }
        try await admin.deleteQueue(capture)
        await admin.close()

        let status = try await Self.jardamctl(["status"])
        #expect(status.status == 0, "every service is ready: \(status.output)")
        let rows = status.output.split(separator: "\n").filter { line in ServiceIdentity.allCases.contains { line.hasPrefix($0.rawValue + " ") } }
        #expect(
            rows.count == ServiceIdentity.allCases.count
                && rows.allSatisfy { $0.split(separator: " ")[1] == "yes" && $0.split(separator: " ").last == "0" },
            "ready, outbox drained: \(status.output)")

        for (name, process) in services {
            process.signal()
            #expect(await process.exitStatus(within: .seconds(15)) == 0, "\(name) stops cleanly on SIGTERM")
            for secret in Self.canary { #expect(!process.output.contains(secret), "\(name)'s log carries personal data") }
        }
    }

    // MARK: - Helpers

    /// Runs `jardamctl` with the test city's environment.
    static func jardamctl(
        _ arguments: [String], within timeout: Duration = .seconds(60), adding variables: [String: String] = [:]
    ) async throws -> (status: Int32?, output: String) {
        let child = try ChildProcess(
            ServiceProcesses.executable("jardamctl"), arguments: arguments,
            environment: ProcessInfo.processInfo.environment.merging(variables) { $1 })
        let status = await child.exitStatus(within: timeout)
        return (status, child.output)
    }

    /// Empties the six service schemas of the test city, so that the journey starts from nothing.
    static func resetCity() async throws {
        let pool = PostgresPool(configuration: .init(conninfo: TestEnvironment.postgresURL, maxConnections: 1), logger: TestEnvironment.logger)
        // Emptied, not dropped: the schema keeps its owner and the grants the provisioning gave it.
        for service in ServiceIdentity.allCases {
            try await pool.query(
                """
                DO $$
                DECLARE
                    item text;
                BEGIN
                    FOR item IN SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname = '\(service.schema)' LOOP
                        EXECUTE 'DROP TABLE IF EXISTS ' || item || ' CASCADE';
                    END LOOP;
                    FOR item IN SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                        WHERE n.nspname = '\(service.schema)' LOOP
                        EXECUTE 'DROP FUNCTION IF EXISTS ' || item || ' CASCADE';
                    END LOOP;
                END $$
                """)
        }
        await pool.close()
    }

    /// The pseudonymous person reference intake announced with the case.
    static func personRef(ofCase caseId: UUID) async throws -> String {
        let pool = PostgresPool(configuration: .init(conninfo: TestEnvironment.postgresURL, maxConnections: 1), logger: TestEnvironment.logger)
        let rows = try await pool.query(
            "SELECT body FROM intake.outbox WHERE event_type = $1 AND subject = $2", [CaseRegistered.type, "case/\(caseId.lowercased)"])
        await pool.close()
        let envelope = try EventEnvelope.decode(Data(try #require(rows.first).decode("body", as: String.self).utf8))
        return try envelope.decodeData(as: CaseRegistered.self).personRef
    }

    /// The event types on the case's timeline, as a caseworker reads it.
    static func timeline(_ caseId: UUID) async throws -> [String] {
        let authority = await TokenAuthority(secret: TestEnvironment.variable("JARDAM_TOKEN_SECRET"), city: TestEnvironment.variable("JARDAM_CITY"))
        let token = try await authority.issue(subject: "test", roles: [.caseworker], lifetime: .seconds(60))
        let (_, data) = try await ServiceProcesses.request(
            "GET",
            ServiceProcesses.url(port: Int(TestEnvironment.variable("INTAKE_HTTP_PORT"))!, "/v1/cases/\(caseId.lowercased)/timeline?limit=200"),
            headers: ["Authorization": "Bearer \(token)"])
        struct Page: Decodable { struct Item: Decodable { let type: String }; let items: [Item] }
        return try JSONDecoder().decode(Page.self, from: data).items.map(\.type)
    }
}
