import Contracts
import Foundation
import Logging
import Messaging
import Persistence
import ServiceLifecycle

/// A failure that may pass if the event is tried again later (a dependency is down, a lock
/// timed out). Any other error a handler throws dead-letters the event at once.
public struct TransientEventError: Error, CustomStringConvertible, LogSafeError {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Reacts to one event type inside the inbox transaction; the connection is that transaction's.
public typealias EventHandler = @Sendable (EventEnvelope, PostgresConnection) async throws -> Void

/// Consumes a service's queue: decodes CloudEvents, runs each type's handler exactly once through
/// the inbox, acks after commit, retries transient failures later and dead-letters the rest with
/// the reason in the `x-jardam-death-reason` header.
public final class EventConsumer: Service, Sendable {
    /// Largest body accepted; larger ones are dead-lettered unread.
    public static let maxBodySize = 1 << 20
    /// Header counting the retries an event has had.
    public static let retriesHeader = "x-jardam-retries"
    /// Header saying why an event was dead-lettered.
    public static let deathReasonHeader = "x-jardam-death-reason"

    private let queue: Topology.ConsumerQueue
    private let handlers: [String: EventHandler]
    private let inbox: Inbox
    private let database: PostgresPool
    private let consumer: AMQPConsumer
    private let publisher: AMQPPublisher
    private let logger: Logger

    public init(
        queue: Topology.ConsumerQueue, handlers: [String: EventHandler], schema: String,
        database: PostgresPool, consumer: AMQPConsumer, publisher: AMQPPublisher, logger: Logger
    ) {
        self.queue = queue
        self.handlers = handlers
        self.inbox = Inbox(schema: schema)
        self.database = database
        self.consumer = consumer
        self.publisher = publisher
        self.logger = logger
    }

    /// Handles deliveries one at a time until graceful shutdown; the one being handled finishes
    /// and is settled, the others return to the queue unacked.
    public func run() async throws {
        async let consuming: Void = consumer.run()
        for await delivery in consumer.deliveries.cancelOnGracefulShutdown() {
            await handle(delivery)
            if Task.isShuttingDownGracefully { break }
        }
        consumer.stop()
        await consuming
    }

    /// Decodes, dedups, handles and settles one delivery.
    func handle(_ delivery: AMQPDelivery) async {
        guard delivery.body.count <= Self.maxBodySize else {
            return await deadLetter(delivery, reason: "body of \(delivery.body.count) bytes is over \(Self.maxBodySize)")
        }
        let envelope: EventEnvelope
        do {
            envelope = try EventEnvelope.decode(delivery.body)
        } catch {
            return await deadLetter(delivery, reason: "malformed CloudEvent: \(error)")
        }
        guard let handler = handlers[envelope.type] else {
            return await deadLetter(delivery, reason: "unknown event type \(envelope.type)")
        }
        do {
            let outcome = try await inbox.process(envelope, database: database, handler: handler)
            logger.debug("event handled", metadata: ["event.id": "\(envelope.id)", "event.type": "\(envelope.type)", "inbox.outcome": "\(outcome)"])
            delivery.ack()
        } catch let error where Self.isTransient(error) {
            await retryLater(delivery, error: error)
        } catch {
            await deadLetter(delivery, reason: "handler failed: \(logSummary(of: error))")
        }
    }

    static func isTransient(_ error: any Error) -> Bool {
        if error is TransientEventError { return true }
        if let error = error as? PostgresError {
            return error.isConnectionProblem || error.isTransactionConflict || error.code == .poolTimeout
        }
        return false
    }

    private func retryLater(_ delivery: AMQPDelivery, error: any Error) async {
        let retries = Int(delivery.headers[Self.retriesHeader] ?? "") ?? 0
        guard retries < queue.retryDelays.count else {
            return await deadLetter(delivery, reason: "still failing after \(retries) retries: \(logSummary(of: error))")
        }
        var headers = delivery.headers
        headers[Self.retriesHeader] = String(retries + 1)
        let message = OutgoingMessage(
            exchange: "", routingKey: queue.retryQueue(retries), body: delivery.body,
            messageID: delivery.messageID, type: nil, contentType: delivery.contentType ?? EventEnvelope.contentType,
            headers: headers)
        do {
            try await publisher.publish(message)
            logger.info("event will be retried", metadata: ["amqp.queue": "\(queue.name)", "retry": "\(retries + 1)", "error": "\(logSummary(of: error))"])
            delivery.ack()
        } catch {
            delivery.nack(requeue: true)
        }
    }

    private func deadLetter(_ delivery: AMQPDelivery, reason: String) async {
        var headers = delivery.headers
        headers[Self.deathReasonHeader] = reason
        let message = OutgoingMessage(
            exchange: Topology.deadLetterExchange, routingKey: queue.name, body: delivery.body,
            messageID: delivery.messageID, type: nil, contentType: delivery.contentType ?? "application/octet-stream",
            headers: headers)
        logger.warning("event dead-lettered", metadata: ["amqp.queue": "\(queue.name)", "reason": "\(reason)"])
        do {
            try await publisher.publish(message)
            delivery.ack()
        } catch {
            // The broker dead-letters it itself (without the reason header).
            delivery.nack(requeue: false)
        }
    }
}
