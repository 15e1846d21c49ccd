import Contracts
import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import Intake
import Messaging
import ServiceKit
import ServiceLifecycle
import TestSupport
import Testing

@Suite("The case timeline gathers every service's events")
struct TimelineTests {
    struct TimelinePage: Decodable {
        struct Item: Decodable { let type: String; let service: String; let summary: String }
        let items: [Item]
        let nextCursor: String?
    }

    @Test func everyEventTypeIntakeSubscribesToHasATimelineHandler() throws {
        let handled = Set(IntakeAPI.timelineTypes)
        let subscribed = EventCatalogue.all.map { $0.type }.filter { type in
            ServiceIdentity.intake.subscriptions.contains { pattern in
                pattern.hasSuffix(".#") ? type.hasPrefix(String(pattern.dropLast(1))) : type == pattern
            }
        }
        #expect(!subscribed.isEmpty)
        for type in subscribed { #expect(handled.contains(type), "no timeline handler for \(type)") }
    }

    @Test func aReferralPublishedOnTheBrokerAppearsInTheTimelineInPlainWords() async throws {
        try await withIntake { intake, client in
            let caseworker = try await intake.token([.caseworker])
            let caseId = try await createCase(client, token: caseworker, person: try await createPerson(client, token: caseworker))

            // The consumer as the service runs it, on a queue of this test bound like intake's.
            let url = AMQPURL(TestEnvironment.variable("JARDAM_TEST_AMQP_URL"))!
            let queue = Topology.ConsumerQueue(name: "test.\(intake.schema).intake", routingKeys: ServiceIdentity.intake.subscriptions)
            var publisherConfiguration = AMQPPublisher.Configuration(url: url)
            publisherConfiguration.topology = Topology(queues: [queue])
            let publisher = AMQPPublisher(configuration: publisherConfiguration, logger: TestEnvironment.logger)
            var consumerConfiguration = AMQPConsumer.Configuration(url: url, queue: queue.name)
            consumerConfiguration.topology = Topology(queues: [queue])
            let consumer = EventConsumer(
                queue: queue, handlers: intake.api.timelineHandlers, schema: intake.schema, database: intake.pool,
                consumer: AMQPConsumer(configuration: consumerConfiguration, logger: TestEnvironment.logger), publisher: publisher,
                logger: TestEnvironment.logger)
            let group = ServiceGroup(services: [publisher, consumer], logger: TestEnvironment.logger)
            let running = Task { try await group.run() }
            defer { running.cancel() }

            let facts = ReferralFacts(referralId: UUID(), caseId: caseId, partnerId: UUID(), issue: "unpaid-wages", language: "ky")
            let proposed = try EventEnvelope(ReferralProposed(referral: facts), city: "testcity", service: .legalReferral, subject: "referral/\(facts.referralId)")
            let accepted = try EventEnvelope(ReferralAccepted(referral: facts), city: "testcity", service: .legalReferral, time: Date().addingTimeInterval(1))
            for envelope in [proposed, accepted, proposed] {
                try await publisher.publish(OutgoingMessage(event: envelope))
            }
            let arrived = try await eventually {
                try await client.send(.get, "/v1/cases/\(caseId)/timeline", token: caseworker).decoded(as: TimelinePage.self).items.count == 3
            }
            #expect(arrived)
            try await Task.sleep(for: .milliseconds(300))
            let page = try await client.send(.get, "/v1/cases/\(caseId)/timeline", token: caseworker).decoded(as: TimelinePage.self)
            #expect(page.items.map(\.type) == [CaseRegistered.type, ReferralProposed.type, ReferralAccepted.type])
            #expect(page.items.map(\.service) == ["intake", "legal-referral", "legal-referral"])
            #expect(page.items[1].summary == "Referral for unpaid wages proposed to a partner speaking Kyrgyz.")
            #expect(page.items[2].summary == "The partner accepted the unpaid wages referral.")

            let first = try await client.send(.get, "/v1/cases/\(caseId)/timeline?limit=2", token: caseworker).decoded(as: TimelinePage.self)
            let rest = try await client.send(.get, "/v1/cases/\(caseId)/timeline?limit=2&cursor=\(try #require(first.nextCursor))", token: caseworker).decoded(as: TimelinePage.self)
            #expect((first.items + rest.items).map(\.type) == page.items.map(\.type))
            #expect(try await client.send(.get, "/v1/cases/\(UUID())/timeline", token: caseworker).status == .notFound)
            #expect(try await client.send(.get, "/v1/cases/\(caseId)/timeline", token: try await intake.token([.operator])).status == .forbidden)

            await group.triggerGracefulShutdown()
            try? await running.value
            let admin = try await AMQPConnection.connect(url)
            for name in queue.allQueueNames { try? await admin.deleteQueue(name) }
            await admin.close()
        }
    }
}
