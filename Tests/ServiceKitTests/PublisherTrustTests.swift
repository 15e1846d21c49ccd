import Contracts
import Eventing
import Foundation
import Messaging
import Persistence
import ServiceKit
import ServiceLifecycle
import TestSupport
import Testing

@Suite("Nothing is trusted because it arrived: forged events are dead-lettered, unroutable ones stay in the outbox")
struct PublisherTrustTests {
    static let trust = PublisherTrust(operatorUser: "jardam", consumerUser: "jardam-legal-referral")

    @Test(
        arguments: [
            // type, source, user_id, first publisher, genuine
            ("intake.person.erased.v1", "jardam://moscow/intake", "jardam-intake", nil, true),
            ("intake.person.erased.v1", "jardam://moscow/intake", "jardam-shelter", nil, false),
            ("intake.person.erased.v1", "jardam://moscow/intake", "jardam-shelter", "jardam-intake", false),
            ("intake.person.erased.v1", "jardam://moscow/shelter", "jardam-intake", nil, false),
            ("intake.person.erased.v1", "jardam://moscow/intake", nil, nil, false),
            ("intake.person.erased.v1", "jardam://moscow/intake", "jardam", nil, true),
            ("intake.person.erased.v1", "jardam://moscow/intake", "jardam", "jardam-intake", true),
            ("intake.person.erased.v1", "jardam://moscow/intake", "jardam", "jardam-shelter", false),
            ("intake.person.erased.v1", "jardam://moscow/intake", "jardam-legal-referral", "jardam-intake", true),
            ("intake.person.erased.v1", "jardam://moscow/intake", "jardam-legal-referral", nil, false),
            ("intake.person.erased.v1", "jardam://moscow/intake", "jardam-legal-referral", "jardam-labor-exchange", false),
            ("kitchen.soup.served.v1", "jardam://moscow/kitchen", "jardam", nil, false),
        ] as [(String, String, String?, String?, Bool)])
    func anEventIsGenuineOnlyFromItsOwnService(type: String, source: String, userID: String?, first: String?, genuine: Bool) {
        let forgery = Self.trust.forgery(type: type, source: source, userID: userID, header: first)
        #expect((forgery == nil) == genuine, "\(forgery ?? "genuine")")
    }

    @Test(
        arguments: [
            // type, source, user_id, exchange, genuine
            ("network.employer.flagged.v1", "jardam://moscow/network", "jardam-network", Topology.eventsExchange, true),
            ("network.employer.flagged.v1", "jardam://moscow/network", "jardam-network", Topology.networkExchange, true),
            // Another city's, brought by federation, which clears user_id.
            ("network.employer.flagged.v1", "jardam://yekaterinburg/network", nil, Topology.networkExchange, true),
            ("network.employer.flagged.v1", "jardam://yekaterinburg/network", nil, Topology.eventsExchange, false),
            ("network.employer.flagged.v1", "jardam://yekaterinburg/legal-referral", nil, Topology.networkExchange, false),
            ("network.employer.flagged.v1", "jardam://moscow/network", "jardam-legal-referral", Topology.networkExchange, false),
            ("legal.employer.flagged.v1", "jardam://yekaterinburg/legal-referral", nil, Topology.networkExchange, false),
        ] as [(String, String, String?, String, Bool)])
    func aNetworkEventIsGenuineFromTheNetworkServiceOrFromFederationOnJardamNetwork(
        type: String, source: String, userID: String?, exchange: String, genuine: Bool
    ) {
        let forgery = Self.trust.forgery(type: type, source: source, userID: userID, header: nil, exchange: exchange)
        #expect((forgery == nil) == genuine, "\(forgery ?? "genuine")")
    }

    @Test func onlyATrustedRepublishersHeaderNamesTheFirstPublisher() {
        // Any publisher may write the header; only the consumer's own retries and the operator's
        // replays are believed.
        #expect(Self.trust.firstPublisher(userID: "jardam-shelter", header: "jardam-intake") == "jardam-shelter")
        #expect(Self.trust.firstPublisher(userID: nil, header: "jardam-intake") == nil)
        #expect(Self.trust.firstPublisher(userID: "jardam-legal-referral", header: "jardam-intake") == "jardam-intake")
        #expect(Self.trust.firstPublisher(userID: "jardam", header: "jardam-intake") == "jardam-intake")
        #expect(Self.trust.firstPublisher(userID: "jardam", header: nil) == "jardam")
    }

    @Test func forgedEventsAreDeadLetteredAsForgedWhileTheGenuineOnesAreApplied() async throws {
        try await withEventPipeline { pipeline in
            let publisher = pipeline.publisher
            // A shelter source on an intake type; and a replay whose first publisher was shelter.
            var wrongSource = try pipeline.event(100)
            wrongSource.source = "jardam://testcity/shelter"
            try await publisher.publish(try OutgoingMessage(event: wrongSource))
            var replayed = try OutgoingMessage(event: try pipeline.event(101))
            replayed.headers[PublisherTrust.replayedFromHeader] = "jardam-shelter"
            try await publisher.publish(replayed)
            try await pipeline.emit(0..<5)
            #expect(try await eventually { try await pipeline.applied().rows == 5 })
            var dead: [AMQPDelivery] = []
            #expect(
                try await eventually {
                    dead = try await pipeline.deadLetters()
                    return dead.count == 2
                })
            let reasons = dead.compactMap { $0.headers[EventConsumer.deathReasonHeader] }
            #expect(reasons.count == 2 && reasons.allSatisfy { $0.hasPrefix("forged: ") }, "\(reasons)")
            #expect(dead.allSatisfy { $0.headers[PublisherTrust.replayedFromHeader] != nil }, "the first publisher is kept for a replay")
        }
    }

    @Test func anEventNoQueueTakesStaysInTheOutboxUntilItsQueueIsBack() async throws {
        try await withTestSchema(maxConnections: 4) { pool, schema in
            try await Migrator(schema: schema, migrations: ServiceKitMigrations.all(for: .intake)).migrate(on: pool, logger: TestEnvironment.logger)
            let url = AMQPURL(TestEnvironment.variable("JARDAM_TEST_AMQP_URL"))!
            let type = "intake.test-\(schema).ghost.v1"
            let queue = Topology.ConsumerQueue(name: "test.\(schema).ghost", routingKeys: [type])
            var configuration = AMQPPublisher.Configuration(url: url)
            configuration.topology = Topology(queues: [queue])
            let publisher = AMQPPublisher(configuration: configuration, logger: TestEnvironment.logger)
            let group = ServiceGroup(services: [publisher], logger: TestEnvironment.logger)
            let running = Task { try await group.run() }
            #expect(try await eventually { publisher.isConnected })
            // The queue the topology says takes this type is gone (deleted by hand, say).
            let admin = try await AMQPConnection.connect(url)
            for name in queue.allQueueNames { try await admin.deleteQueue(name) }

            let outbox = Outbox(schema: schema, city: "testcity", service: .intake)
            var envelope = try EventEnvelope(Ping(number: 1), city: "testcity", service: .intake, subject: "ping/1")
            envelope.type = type
            try await pool.withTransaction { try await outbox.append(envelope, on: $0) }
            let relay = OutboxRelay(configuration: .init(schema: schema), database: pool, publisher: publisher, logger: TestEnvironment.logger)
            await #expect {
                try await relay.relayBatch()
            } throws: { error in
                (error as? MessagingError)?.code == .unroutable
            }
            let unpublished = "SELECT count(*) FROM \"\(schema)\".outbox WHERE published_at IS NULL"
            #expect(try await pool.query(unpublished)[0].decode(0, as: Int.self) == 1, "the row waits in the outbox")

            try await Topology(queues: [queue]).declare(on: admin)
            #expect(try await relay.relayBatch() == 1)
            #expect(try await pool.query(unpublished)[0].decode(0, as: Int.self) == 0)
            #expect(try await admin.messageCount(queue.name) == 1, "the event reached its queue")
            for name in queue.allQueueNames { try? await admin.deleteQueue(name) }
            await admin.close()
            await group.triggerGracefulShutdown()
            try? await running.value
        }
    }
}
