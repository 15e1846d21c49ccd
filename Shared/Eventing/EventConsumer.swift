import Contracts
import Foundation
import LogSafety
import Logging
import Messaging
import Persistence
import ServiceLifecycle
import Synchronization

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
///
/// Deliveries that are already waiting are handled together, in order, in one transaction (at
/// most ``maxBatch``), so that a busy queue pays one commit per batch rather than per event;
/// when anything in a batch fails, the batch rolls back and each event is handled on its own.
public final class EventConsumer: Service, Sendable {
    /// Largest body accepted; larger ones are dead-lettered unread.
    public static let maxBodySize = 1 << 20
    /// Header counting the retries an event has had.
    public static let retriesHeader = "x-jardam-retries"
    /// Header saying why an event was dead-lettered.
    public static let deathReasonHeader = "x-jardam-death-reason"
    /// Most deliveries handled in one transaction.
    public static let maxBatch = 64

    private let queue: Topology.ConsumerQueue
    private let handlers: [String: EventHandler]
    private let inbox: Inbox
    /// The service's projection of intake's cases, when it keeps one: a batch's cases are taken
    /// with one statement before its events are handled.
    private let projection: CaseProjection?
    private let database: PostgresPool
    private let consumer: AMQPConsumer
    private let publisher: AMQPPublisher
    private let trust: PublisherTrust
    private let logger: Logger

    public init(
        queue: Topology.ConsumerQueue, handlers: [String: EventHandler], schema: String,
        database: PostgresPool, consumer: AMQPConsumer, publisher: AMQPPublisher, trust: PublisherTrust, logger: Logger
    ) {
        self.trust = trust
        self.queue = queue
        self.handlers = handlers
        self.inbox = Inbox(schema: schema)
        self.projection = handlers[CaseRegistered.type] == nil ? nil : CaseProjection(schema: schema)
        self.database = database
        self.consumer = consumer
        self.publisher = publisher
        self.logger = logger
    }

    /// Handles deliveries until graceful shutdown; the batch being handled finishes and is
    /// settled, the others return to the queue unacked.
    public func run() async throws {
        let waiting = Mutex<[AMQPDelivery]>([])
        let (arrivals, arrival) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        async let consuming: Void = consumer.run()
        async let collecting: Void = {
            for await delivery in consumer.deliveries {
                waiting.withLock { $0.append(delivery) }
                arrival.yield()
            }
            arrival.finish()
        }()
        for await _ in arrivals.cancelOnGracefulShutdown() {
            while !Task.isShuttingDownGracefully {
                let batch = waiting.withLock { queued in
                    defer { queued.removeFirst(min(Self.maxBatch, queued.count)) }
                    return Array(queued.prefix(Self.maxBatch))
                }
                if batch.isEmpty { break }
                await handle(batch)
            }
            if Task.isShuttingDownGracefully { break }
        }
        consumer.stop()
        await consuming
        await collecting
    }

    /// Handles deliveries in order: those that can be read go through the inbox together in one
    /// transaction, then are acked; the others are dead-lettered. If the transaction fails, each
    /// is handled on its own so that only the failing one is retried or dead-lettered.
    func handle(_ batch: [AMQPDelivery]) async {
        var readable: [Readable] = []
        for delivery in batch {
            if let item = await read(delivery) { readable.append(item) }
        }
        guard readable.count > 1 else {
            if let item = readable.first { await apply(item) }
            return
        }
        do {
            let outcomes = try await database.withTransaction { connection in
                try await inbox.process(readable.map { ($0.envelope, $0.handler) }, on: connection) { fresh in
                    try await projection?.takeAll(about: fresh, on: connection)
                }
            }
            for (item, outcome) in zip(readable, outcomes) { settle(item, outcome) }
        } catch {
            for item in readable { await apply(item) }
        }
    }

    /// A delivery that is a CloudEvent of a type this service handles.
    private struct Readable {
        let delivery: AMQPDelivery
        let envelope: EventEnvelope
        let handler: EventHandler
    }

    /// The delivery's event and handler, or `nil` once a delivery that cannot be read (too large,
    /// malformed, of an unknown type) is dead-lettered with the reason.
    private func read(_ delivery: AMQPDelivery) async -> Readable? {
        guard delivery.body.count <= Self.maxBodySize else {
            await deadLetter(delivery, reason: "body of \(delivery.body.count) bytes is over \(Self.maxBodySize)")
            return nil
        }
        let envelope: EventEnvelope
        do {
            envelope = try EventEnvelope.decode(delivery.body)
        } catch {
            await deadLetter(delivery, reason: "malformed CloudEvent: \(error)")
            return nil
        }
        if let forgery = trust.forgery(
            type: envelope.type, source: envelope.source, userID: delivery.userID,
            header: delivery.headers[PublisherTrust.replayedFromHeader], exchange: delivery.exchange)
        {
            await deadLetter(delivery, reason: "forged: \(forgery)")
            return nil
        }
        guard let handler = handlers[envelope.type] else {
            await deadLetter(delivery, reason: "unknown event type \(envelope.type)")
            return nil
        }
        return Readable(delivery: delivery, envelope: envelope, handler: handler)
    }

    /// Runs one event through the inbox in its own transaction and settles it: ack after commit,
    /// a later retry for a transient failure, the dead-letter queue for any other. While the
    /// database cannot be reached (a failover, a restart) the event is tried again in place every
    /// half second, up to ``databaseWait``: the outage holds every event alike, so none should
    /// spend its retries, nor wait a retry queue's delay once the database is back.
    private func apply(_ item: Readable) async {
        let deadline = ContinuousClock.now + Self.databaseWait
        var waiting = false
        while true {
            do {
                return settle(item, try await inbox.process(item.envelope, database: database, handler: item.handler))
            } catch let error as PostgresError where (error.isConnectionProblem || error.code == .poolTimeout) && ContinuousClock.now < deadline {
                if !waiting {
                    logger.info("database unavailable; the event waits for it", metadata: ["event.id": "\(item.envelope.id)", "error": "\(error)"])
                    waiting = true
                }
                // Shutting down meanwhile: the delivery stays unacked and returns to the queue.
                do { try await Task.sleep(for: .milliseconds(500)) } catch { return }
            } catch let error where Self.isTransient(error) {
                return await retryLater(item.delivery, error: error)
            } catch {
                return await deadLetter(item.delivery, reason: "handler failed: \(logSummary(of: error))")
            }
        }
    }

    /// How long an event waits in place for a database that cannot be reached before it goes
    /// to a retry queue (a Patroni failover takes about 11 s).
    static let databaseWait: Duration = .seconds(30)

    private func settle(_ item: Readable, _ outcome: Inbox.Outcome) {
        logger.debug(
            "event handled", metadata: ["event.id": "\(item.envelope.id)", "event.type": "\(item.envelope.type)", "inbox.outcome": "\(outcome)"])
        item.delivery.ack()
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
        headers[PublisherTrust.replayedFromHeader] = trust.firstPublisher(
            userID: delivery.userID, header: delivery.headers[PublisherTrust.replayedFromHeader])
        let message = OutgoingMessage(
            exchange: Topology.retryExchange, routingKey: queue.retryQueue(retries), body: delivery.body,
            messageID: delivery.messageID, type: nil, contentType: delivery.contentType ?? EventEnvelope.contentType,
            headers: headers, mandatory: true)
        do {
            try await publisher.publish(message)
            logger.info(
                "event will be retried", metadata: ["amqp.queue": "\(queue.name)", "retry": "\(retries + 1)", "error": "\(logSummary(of: error))"])
            delivery.ack()
        } catch {
            delivery.nack(requeue: true)
        }
    }

    private func deadLetter(_ delivery: AMQPDelivery, reason: String) async {
        var headers = delivery.headers
        headers[Self.deathReasonHeader] = reason
        headers[PublisherTrust.replayedFromHeader] = trust.firstPublisher(
            userID: delivery.userID, header: delivery.headers[PublisherTrust.replayedFromHeader])
        let message = OutgoingMessage(
            exchange: Topology.deadLetterExchange, routingKey: queue.name, body: delivery.body,
            messageID: delivery.messageID, type: nil, contentType: delivery.contentType ?? "application/octet-stream",
            headers: headers, mandatory: true)
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
