import Foundation
import Messaging
import TestSupport
import Testing

/// A publisher and a consumer on a queue of their own, torn down afterwards.
func withBroker<T>(
    deliveryLimit: Int = 3, prefetch: Int = 50,
    _ body: (AMQPPublisher, AMQPConsumer, Topology.ConsumerQueue) async throws -> T
) async throws -> T {
    let url = AMQPURL(TestEnvironment.variable("JARDAM_TEST_AMQP_URL"))!
    let name = "test.\(UUID().uuidString.prefix(8).lowercased())"
    let queue = Topology.ConsumerQueue(name: name, routingKeys: ["\(name).#"], deliveryLimit: deliveryLimit)
    // Declared once before the publisher and consumer start: RabbitMQ 3.10 may nack publishes to,
    // and fail consumes on, a quorum queue that two connections are declaring at the same moment.
    let admin = try await AMQPConnection.connect(url)
    try await Topology(queues: [queue]).declare(on: admin)
    var publisherConfiguration = AMQPPublisher.Configuration(url: url)
    publisherConfiguration.topology = Topology(queues: [queue])
    let publisher = AMQPPublisher(configuration: publisherConfiguration, logger: TestEnvironment.logger)
    var consumerConfiguration = AMQPConsumer.Configuration(url: url, queue: name)
    consumerConfiguration.topology = Topology(queues: [queue])
    consumerConfiguration.prefetch = prefetch
    let consumer = AMQPConsumer(configuration: consumerConfiguration, logger: TestEnvironment.logger)
    async let publishing: Void = publisher.run()
    async let consuming: Void = consumer.run()
    let result: Result<T, any Error>
    do { result = .success(try await body(publisher, consumer, queue)) } catch { result = .failure(error) }
    consumer.stop()
    publisher.stop()
    await consuming
    try? await publishing
    for queueName in queue.allQueueNames {
        try? await admin.deleteQueue(queueName)
    }
    await admin.close()
    return try result.get()
}

@Suite("Publishing with confirms and consuming with acks")
struct PublishConsumeTests {
    static func message(_ queue: Topology.ConsumerQueue, _ number: Int) -> OutgoingMessage {
        OutgoingMessage(
            exchange: Topology.eventsExchange, routingKey: "\(queue.name).number",
            body: Data("\(number)".utf8), messageID: "m-\(number)", type: "test.number.v1", headers: ["x-test": "ja"])
    }

    @Test func everyConfirmedMessageIsConsumedOnce() async throws {
        try await withBroker { publisher, consumer, queue in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for number in 0..<1000 { group.addTask { try await publisher.publish(Self.message(queue, number)) } }
                try await group.waitForAll()
            }
            var seen: [Int] = []
            for await delivery in consumer.deliveries {
                seen.append(Int(String(decoding: delivery.body, as: UTF8.self))!)
                #expect(delivery.messageID == "m-\(seen.last!)")
                #expect(delivery.headers["x-test"] == "ja")
                #expect(delivery.routingKey == "\(queue.name).number")
                delivery.ack()
                if seen.count == 1000 { break }
            }
            #expect(Set(seen).count == 1000)
        }
    }

    @Test func aMessageNackedWithoutRequeueIsDeadLettered() async throws {
        try await withBroker { publisher, consumer, queue in
            try await publisher.publish(Self.message(queue, 7))
            for await delivery in consumer.deliveries {
                delivery.nack(requeue: false)
                break
            }
            #expect(try await eventually { try await count(queue.deadLetterQueue) == 1 })
        }
    }

    @Test func aPoisonMessageReachesTheDeadLetterQueueAfterTheDeliveryLimitWhileOthersFlow() async throws {
        try await withBroker(deliveryLimit: 3) { publisher, consumer, queue in
            try await publisher.publish(Self.message(queue, -1))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for number in 0..<1000 { group.addTask { try await publisher.publish(Self.message(queue, number)) } }
                try await group.waitForAll()
            }
            var good = Set<Int>()
            var poisonDeliveries = 0
            for await delivery in consumer.deliveries {
                let number = Int(String(decoding: delivery.body, as: UTF8.self))!
                if number < 0 {
                    poisonDeliveries += 1
                    delivery.nack(requeue: true)
                } else {
                    good.insert(number)
                    delivery.ack()
                }
                if good.count == 1000, poisonDeliveries >= 3 { break }
            }
            #expect(good.count == 1000)
            #expect(try await eventually { try await count(queue.deadLetterQueue) == 1 })
        }
    }

    /// Runs `body` with the name of a queue that takes nothing: the broker nacks every message
    /// routed to it.
    static func withQueueTakingNothing(_ body: (String) async throws -> Void) async throws {
        let admin = try await AMQPConnection.connect(AMQPURL(TestEnvironment.variable("JARDAM_TEST_AMQP_URL"))!)
        let full = "test.full.\(UUID().uuidString.prefix(8).lowercased())"
        try await admin.declareQueue(full, arguments: ["x-max-length": .int(0), "x-overflow": .string("reject-publish")])
        let result: Result<Void, any Error>
        do { result = .success(try await body(full)) } catch { result = .failure(error) }
        try await admin.deleteQueue(full)
        await admin.close()
        try result.get()
    }

    @Test func aNackNamesWhatWasRefused() async throws {
        try await withBroker { publisher, _, _ in
            try await Self.withQueueTakingNothing { full in
                let error = await #expect(throws: MessagingError.self) {
                    try await publisher.publish(OutgoingMessage(exchange: "", routingKey: full, body: Data("x".utf8)))
                }
                #expect(error?.code == .rejected)
                #expect(error?.detail == "the broker nacked \(full) on the default exchange")
            }
        }
    }

    @Test func aNackReplacesTheChannelAndTheNextPublishesAreConfirmed() async throws {
        try await withBroker { publisher, consumer, queue in
            try await Self.withQueueTakingNothing { full in
                try await publisher.publish(Self.message(queue, 1))
                #expect(publisher.channelsReopened == 0, "an ack keeps the channel")
                await #expect(throws: MessagingError.self) {
                    try await publisher.publish(OutgoingMessage(exchange: "", routingKey: full, body: Data("x".utf8)))
                }
                #expect(try await eventually { publisher.channelsReopened == 1 })
                for number in 2...3 { try await publisher.publish(Self.message(queue, number)) }
                var received = Set<Int>()
                for await delivery in consumer.deliveries {
                    received.insert(Int(String(decoding: delivery.body, as: UTF8.self))!)
                    delivery.ack()
                    if received.count == 3 { break }
                }
                #expect(received == [1, 2, 3])
                #expect(publisher.channelsReopened == 1)
            }
        }
    }

    // An idle connection thread sleeps up to a second waiting for its socket; a publish or an ack
    // must wake it. Were it not woken, 30 messages one after another would take 30 s or more; woken,
    // well under a second each even on two cores busy with the other tests (20 s seen at worst).

    @Test func anIdlePublisherWakesForEachPublish() async throws {
        try await withBroker { publisher, consumer, queue in
            let start = ContinuousClock.now
            for number in 0..<30 { try await publisher.publish(Self.message(queue, number)) }
            #expect(ContinuousClock.now - start < .seconds(25))
            var received = Set<Int>()
            for await delivery in consumer.deliveries {
                received.insert(Int(String(decoding: delivery.body, as: UTF8.self))!)
                delivery.ack()
                if received.count == 30 { break }
            }
            #expect(received == Set(0..<30))
        }
    }

    @Test func anIdleConsumerWakesToWriteEachAck() async throws {
        try await withBroker(prefetch: 1) { publisher, consumer, queue in
            for outcome in await publisher.publish(batch: (0..<30).map { Self.message(queue, $0) }) { try outcome.get() }
            // With a prefetch of 1 the broker sends the next message only once the ack is written.
            let start = ContinuousClock.now
            var received = 0
            for await delivery in consumer.deliveries {
                delivery.ack()
                received += 1
                if received == 30 { break }
            }
            #expect(ContinuousClock.now - start < .seconds(15))
        }
    }

    // Cancelling their tasks stops them, as when a service group ends because another service
    // failed (say, its port was taken): neither keeps the process alive.

    @Test func cancellingThePublisherAndConsumerTasksEndsTheirReconnecting() async throws {
        // Nothing listens on port 1: both keep reconnecting until cancelled.
        let url = AMQPURL("amqp://jardam:jardam@127.0.0.1:1/jardam")!
        let publisher = AMQPPublisher(configuration: .init(url: url), logger: TestEnvironment.logger)
        let consumer = AMQPConsumer(configuration: .init(url: url, queue: "test.unreachable"), logger: TestEnvironment.logger)
        let running: [Task<Void, Never>] = [Task { _ = try? await publisher.run() }, Task { await consumer.run() }]
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await Self.endWhenCancelled(running))
    }

    @Test func cancellingConnectedPublisherAndConsumerTasksEndsTheirSessions() async throws {
        let url = AMQPURL(TestEnvironment.variable("JARDAM_TEST_AMQP_URL"))!
        let name = "test.\(UUID().uuidString.prefix(8).lowercased())"
        let queue = Topology.ConsumerQueue(name: name, routingKeys: ["\(name).#"], deliveryLimit: 3)
        let admin = try await AMQPConnection.connect(url)
        try await Topology(queues: [queue]).declare(on: admin)
        let publisher = AMQPPublisher(configuration: .init(url: url), logger: TestEnvironment.logger)
        let consumer = AMQPConsumer(configuration: .init(url: url, queue: name), logger: TestEnvironment.logger)
        let running: [Task<Void, Never>] = [Task { _ = try? await publisher.run() }, Task { await consumer.run() }]
        // A message through both: each is in its session.
        try await publisher.publish(Self.message(queue, 1))
        for await delivery in consumer.deliveries {
            delivery.ack()
            break
        }
        #expect(try await Self.endWhenCancelled(running))
        for queueName in queue.allQueueNames { try? await admin.deleteQueue(queueName) }
        await admin.close()
    }

    /// Cancels `tasks`; whether all of them end within 10 s.
    static func endWhenCancelled(_ tasks: [Task<Void, Never>]) async throws -> Bool {
        let ended = Counter()
        for task in tasks {
            Task {
                await task.value; _ = await ended.next()
            }
            task.cancel()
        }
        return try await eventually(.seconds(10)) { await ended.value == tasks.count }
    }
}

/// Ready messages in a queue, read by a connection of its own.
func count(_ queue: String) async throws -> Int {
    let connection = try await AMQPConnection.connect(AMQPURL(TestEnvironment.variable("JARDAM_TEST_AMQP_URL"))!)
    defer { Task { await connection.close() } }
    return try await connection.messageCount(queue)
}
