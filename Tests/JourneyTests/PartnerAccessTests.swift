import Contracts
import Eventing
import Foundation
import Messaging
import ServiceKit
import TestSupport
import Testing

/// `jardamctl partner add` against the real broker: the partner reads its own queue and the keys
/// it was granted, and the broker itself refuses everything else.
@Suite("Partner subscriptions on jardam.partners", .serialized)
struct PartnerAccessTests {
    @Test func aPartnerReadsOnlyWhatItWasGrantedAndTheBrokerRefusesTheRest() async throws {
        let name = "test-\(UUID().uuidString.prefix(8).lowercased())"
        let ownPartner = UUID(), otherPartner = UUID()
        let added = try await JourneyTests.jardamctl(["partner", "add", name, "--event", OccupancyChanged.type, "--referrals", ownPartner.lowercased])
        #expect(added.status == 0, "\(added.output)")
        let connectLine = try #require(added.output.split(separator: "\n").first { $0.hasPrefix("connect: ") }, "\(added.output)")
        let partnerURL = try #require(AMQPURL(String(connectLine.dropFirst("connect: ".count))))
        #expect(partnerURL.user == "partner-\(name)")
        let queue = "partner.\(name)"

        // The broker routes the granted forms to the partner's queue, and nothing else.
        let publisher = AMQPPublisher(
            configuration: .init(url: AMQPURL(TestEnvironment.variable("JARDAM_AMQP_URL"))!), logger: TestEnvironment.logger)
        let running = Task { try await publisher.run() }
        let facts = ReferralFacts(referralId: UUID(), caseId: UUID(), partnerId: otherPartner, issue: .documents, language: "tg")
        let mine = ReferralFacts(referralId: UUID(), caseId: UUID(), partnerId: ownPartner, issue: .unpaidWages, language: "ky")
        /// A partner form as the relay publishes it.
        func partnerMessage<Payload: PartnerVisible>(_ payload: Payload, from service: ServiceIdentity) throws -> OutgoingMessage {
            let envelope = try EventEnvelope(payload, city: "testcity", service: service)
            let form = try #require(try payload.partnerForm())
            return OutgoingMessage(
                partnerFormOf: envelope.id, type: Payload.type, routingKey: form.routingKey(for: Payload.type),
                body: try envelope.partnerEnvelope(with: form).encoded())
        }
        for message in [
            try partnerMessage(OccupancyChanged(shelterId: UUID(), kind: .dormitory, freeBeds: 3), from: .shelter),
            try partnerMessage(ReferralAccepted(referral: facts), from: .legalReferral),
            try partnerMessage(ReferralAccepted(referral: mine), from: .legalReferral),
            try partnerMessage(VacancySuspended(vacancyId: UUID(), employerId: UUID(), reason: "employer flagged"), from: .laborExchange),
        ] {
            try await publisher.publish(message)
        }
        publisher.stop()
        try await running.value

        let partner = try await AMQPConnection.connect(partnerURL)
        var received: [String] = []
        for _ in 0..<50 where received.count < 2 {
            if let message = try await partner.get(queue) {
                received.append(message.routingKey)
                try await partner.ack(message)
            } else {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        #expect(received == [OccupancyChanged.type, "\(ReferralAccepted.type).\(ownPartner.lowercased)"], "got \(received)")
        #expect(try await partner.get(queue) == nil, "another partner's referral and ungranted types never reach the queue")
        // A granted key may be bound again.
        try await partner.bindQueue(queue, exchange: Topology.partnersExchange, routingKey: OccupancyChanged.type)
        await partner.close()

        // Refused by the broker: an ungranted type, another partner's referrals, the services' queues, publishing.
        for (what, attempt) in [
            (
                "binding an ungranted type",
                { (connection: AMQPConnection) in
                    try await connection.bindQueue(queue, exchange: Topology.partnersExchange, routingKey: CaseRegistered.type)
                }
            ),
            (
                "binding another partner's referrals",
                { connection in
                    try await connection.bindQueue(
                        queue, exchange: Topology.partnersExchange, routingKey: "\(ReferralAccepted.type).\(otherPartner.lowercased)")
                }
            ),
            (
                "binding everything",
                { connection in
                    try await connection.bindQueue(queue, exchange: Topology.partnersExchange, routingKey: "#")
                }
            ),
            ("reading a service's queue", { connection in _ = try await connection.get(ServiceIdentity.intake.eventQueue) }),
            (
                "binding to jardam.events",
                { connection in
                    try await connection.bindQueue(queue, exchange: Topology.eventsExchange, routingKey: CaseRegistered.type)
                }
            ),
            ("declaring a queue", { connection in try await connection.declareQueue("partner.\(name).extra") }),
        ] as [(String, (AMQPConnection) async throws -> Void)] {
            let connection = try await AMQPConnection.connect(partnerURL)
            do {
                try await attempt(connection)
                Issue.record("\(what) was allowed")
            } catch {
                #expect("\(error)".contains("ACCESS_REFUSED"), "\(what): \(error)")
            }
            await connection.close()
        }

        let removed = try await JourneyTests.jardamctl(["partner", "remove", name])
        #expect(removed.status == 0, "\(removed.output)")
        await #expect(throws: (any Error).self, "the removed user cannot log in") { try await AMQPConnection.connect(partnerURL).close() }
    }

    @Test func aServiceUserPublishesOnlyItsOwnEventsOnJardamEvents() async throws {
        let shelterURL = try #require(AMQPURL(TestEnvironment.variable("SHELTER_AMQP_URL")))
        #expect(shelterURL.user == "jardam-shelter")
        // As the service does: it checks the city's topology and declares only its own queue.
        var configuration = AMQPPublisher.Configuration(url: shelterURL)
        configuration.topology = Topology.city(TestEnvironment.variable("JARDAM_CITY")).owned(by: ServiceIdentity.shelter.eventQueue)
        let publisher = AMQPPublisher(configuration: configuration, logger: TestEnvironment.logger)
        let running = Task { try await publisher.run() }
        try await publisher.publish(
            OutgoingMessage(
                event: try EventEnvelope(OccupancyChanged(shelterId: UUID(), kind: .crisis, freeBeds: 1), city: "testcity", service: .shelter)))
        await #expect(throws: (any Error).self, "shelter may not announce a case registration") {
            try await publisher.publish(
                OutgoingMessage(
                    event: try EventEnvelope(
                        CaseRegistered(
                            caseId: UUID(), personRef: "forged", channel: .hotline, language: "ru", sex: .male, ageBand: .from25To34,
                            citizenship: "UZ", needs: [], vulnerabilities: [], priority: .normal),
                        city: "testcity", service: .intake)))
        }
        publisher.stop()
        try? await running.value
    }
}
