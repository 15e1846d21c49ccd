import Contracts
import Eventing
import Foundation
import Messaging
import ServiceKit
import TestSupport
import Testing

/// `jardamctl dlq`, `migrate`, `topology declare` and `status` against the test city's servers.
@Suite("jardamctl operations", .serialized)
struct OperationsCommandTests {
    @Test func deadLettersAreListedWithoutBodiesReplayedToTheQueueAndPurgedOnlyWhenConfirmed() async throws {
        let url = AMQPURL(TestEnvironment.variable("JARDAM_AMQP_URL"))!
        let admin = try await AMQPConnection.connect(url)
        let queue = ServiceIdentity.shelter.consumerQueue(city: TestEnvironment.variable("JARDAM_CITY"))
        try await Topology.city(TestEnvironment.variable("JARDAM_CITY")).declare(on: admin)
        for name in queue.allQueueNames { try await admin.purgeQueue(name) }

        // Two letters as the consumer leaves them: the reason in a header, dead-lettered by queue name.
        let publisher = AMQPPublisher(configuration: .init(url: url), logger: TestEnvironment.logger)
        let running = Task { try await publisher.run() }
        let marker = "body-marker-\(UUID().lowercased)"
        let event = try EventEnvelope(
            HotlineCallLogged(language: marker, topic: .other, resolvedByPhone: true, durationSeconds: 1), city: "testcity", service: .intake)
        for id in [UUID(), UUID()] {
            try await publisher.publish(
                OutgoingMessage(
                    exchange: Topology.deadLetterExchange, routingKey: queue.name, body: try event.encoded(), messageID: id.lowercased,
                    type: event.type, contentType: EventEnvelope.contentType,
                    headers: [EventConsumer.deathReasonHeader: "handler failed permanently", EventConsumer.retriesHeader: "3"]))
        }
        publisher.stop()
        try await running.value

        // The supervisors' dashboard reads the same count from the service, never the bodies.
        try await ServiceProcesses.migrateCity()
        let port = Int(TestEnvironment.variable("SHELTER_HTTP_PORT"))!
        let shelter = try ChildProcess(
            ServiceProcesses.executable("shelter"), environment: ServiceProcesses.environment(prefix: "SHELTER", port: port))
        var ready = false
        for _ in 0..<240 where !ready {
            ready = try await ServiceProcesses.httpStatus(ServiceProcesses.url(port: port, "/health/ready")) == 200
            if !ready, await shelter.exitStatus(within: .milliseconds(250)) != nil { break }
        }
        #expect(ready, "shelter did not become ready: \(shelter.output)")
        let authority = await TokenAuthority(secret: TestEnvironment.variable("JARDAM_TOKEN_SECRET"), city: TestEnvironment.variable("JARDAM_CITY"))
        let statusURL = ServiceProcesses.url(port: port, "/v1/operations/status")
        let (forbidden, _) = try await ServiceProcesses.request(
            "GET", statusURL,
            headers: ["Authorization": "Bearer \(try await authority.issue(subject: "test", roles: [.caseworker], lifetime: .seconds(60)))"])
        #expect(forbidden == 403, "a caseworker does not read the city's queues")
        let (answered, data) = try await ServiceProcesses.request(
            "GET", statusURL,
            headers: ["Authorization": "Bearer \(try await authority.issue(subject: "test", roles: [.supervisor], lifetime: .seconds(60)))"])
        let status = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(
            answered == 200 && status?["queue"] as? String == queue.name && status?["deadLetters"] as? Int == 2,
            "\(String(decoding: data, as: UTF8.self))")
        #expect(!String(decoding: data, as: UTF8.self).contains(marker))
        shelter.signal()
        #expect(await shelter.exitStatus(within: .seconds(30)) != nil, "shelter stops on SIGTERM")

        let listed = try await JourneyTests.jardamctl(["dlq", "list", "shelter"])
        #expect(listed.status == 0, "\(listed.output)")
        #expect(listed.output.contains("shelter.events.dead-letter: 2 dead letter(s)"), "\(listed.output)")
        #expect(
            listed.output.contains("\(HotlineCallLogged.type)  id ") && listed.output.contains("reason: handler failed permanently"),
            "\(listed.output)")
        #expect(!listed.output.contains(marker), "a listing never shows a body")
        #expect(try await admin.messageCount(queue.deadLetterQueue) == 2, "listing leaves the letters in place")

        let refused = try await JourneyTests.jardamctl(["dlq", "purge", "shelter"])
        #expect(refused.status != 0 && refused.output.contains("--yes"), "\(refused.output)")

        let replayed = try await JourneyTests.jardamctl(["dlq", "replay", "shelter", "--limit", "1"])
        #expect(replayed.status == 0 && replayed.output.contains("replayed 1 dead letter(s) to shelter.events"), "\(replayed.output)")
        #expect(try await admin.messageCount(queue.deadLetterQueue) == 1)
        let back = try #require(try await admin.get(queue.name), "the letter is back in the service's queue")
        #expect(
            back.body == (try event.encoded()) && back.headers[EventConsumer.deathReasonHeader] == nil
                && back.headers[EventConsumer.retriesHeader] == nil)
        try await admin.ack(back)

        let purged = try await JourneyTests.jardamctl(["dlq", "purge", "shelter", "--yes"])
        #expect(purged.status == 0 && purged.output.contains("purged 1 dead letter(s)"), "\(purged.output)")
        #expect(try await admin.messageCount(queue.deadLetterQueue) == 0)
        await admin.close()

        let unknown = try await JourneyTests.jardamctl(["dlq", "list", "kitchen"])
        #expect(unknown.status != 0 && unknown.output.contains("unknown service kitchen"), "\(unknown.output)")
    }

    @Test func migrateAndTopologyDeclareAreIdempotentAndStatusSaysWhatIsDown() async throws {
        for _ in 0..<2 {
            let migrated = try await JourneyTests.jardamctl(["migrate"])
            #expect(migrated.status == 0, "\(migrated.output)")
            #expect(
                // Each service's schema and the console's.
                migrated.output.split(separator: "\n").filter { $0.hasSuffix("is up to date") }.count == ServiceIdentity.allCases.count + 1,
                "\(migrated.output)")
            let declared = try await JourneyTests.jardamctl(["topology", "declare"])
            #expect(declared.status == 0 && declared.output.contains("intake.events:"), "\(declared.output)")
        }
        // No service runs during this test: status says so and fails.
        let status = try await JourneyTests.jardamctl(["status"])
        #expect(status.status == 1, "\(status.output)")
        #expect(status.output.split(separator: "\n").filter { $0.contains(" NO ") }.count == ServiceIdentity.allCases.count, "\(status.output)")
        // The servers under them: the test city's one broker node and its queues' leaders on it,
        // its one database server, primary, without standbys.
        #expect(status.output.contains("broker node jardam-test@localhost: running"), "\(status.output)")
        #expect(status.output.contains("queue shelter.events: leader jardam-test@localhost, 1 of 1 replicas online"), "\(status.output)")
        #expect(status.output.contains("database primary at 127.0.0.1:") && status.output.contains("database standbys: none"), "\(status.output)")
    }

    @Test func keysRotateRewrapsAServicesKeysUnderTheNewKeyAndBack() async throws {
        let current = TestEnvironment.variable("MEDICAL_DATA_KEY")
        let new = Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        let migrated = try await JourneyTests.jardamctl(["migrate", "--service", "medical-insurance"])
        #expect(migrated.status == 0, "\(migrated.output)")
        let forward = ["MEDICAL_DATA_KEY": new, "MEDICAL_DATA_KEY_PREVIOUS": current]
        let rotated = try await JourneyTests.jardamctl(["keys", "rotate", "--service", "medical-insurance"], adding: forward)
        #expect(rotated.status == 0 && rotated.output.contains("re-wrapped under the new master key"), "\(rotated.output)")
        let again = try await JourneyTests.jardamctl(["keys", "rotate", "--service", "medical-insurance"], adding: forward)
        #expect(again.output.contains("medical-insurance: 0 person key(s)"), "a second run has nothing left: \(again.output)")
        // Back to the key the test city's services run with.
        let back = try await JourneyTests.jardamctl(
            ["keys", "rotate", "--service", "medical-insurance"], adding: ["MEDICAL_DATA_KEY": current, "MEDICAL_DATA_KEY_PREVIOUS": new])
        #expect(back.status == 0, "\(back.output)")
        let refused = try await JourneyTests.jardamctl(["keys", "rotate", "--service", "shelter"])
        #expect(refused.status != 0 && refused.output.contains("holds personal data"), "\(refused.output)")
    }
}
