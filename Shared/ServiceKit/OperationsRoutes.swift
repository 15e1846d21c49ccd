import Eventing
import Foundation
import Hummingbird
import Messaging
import Persistence

/// `GET /v1/operations/status` on every service: what its queue holds (waiting, retrying,
/// dead-lettered) and its outbox backlog, for the supervisors' dashboard and for operators. It
/// carries no personal data; an answer is at most ``OperationsStatus/maxAge`` old, so a flood of
/// requests opens one broker connection at most every few seconds.
public struct OperationsRoutes: Sendable {
    let status: OperationsStatus

    public init(environment: ServiceEnvironment) {
        let configuration = environment.configuration
        status = OperationsStatus(
            queue: configuration.service.consumerQueue(city: configuration.city), amqpURL: configuration.amqpURL,
            schema: environment.schema, database: environment.database)
    }

    public func addRoutes(to router: Router<JardamRequestContext>) {
        router.get("/v1/operations/status", allowing: [.supervisor, .ops]) { _, _, _ in
            try await status.current()
        }
    }
}

/// One service's queue and outbox as ``OperationsRoutes`` reports them.
public struct QueueStatus: ResponseEncodable, Equatable, Sendable {
    /// The service's queue (`shelter.events`).
    public let queue: String
    /// Events waiting in it.
    public let waiting: Int
    /// Events waiting to be tried again after a failure.
    public let retrying: Int
    /// Events no retry could handle, kept for an operator (`jardamctl dead-letters`).
    public let deadLetters: Int
    /// Events written but not yet confirmed by the broker.
    public let outboxBacklog: Int
    /// When the oldest of them was written (absent: none is waiting).
    public let oldestUnpublishedAt: Date?
}

/// Counts the queue's messages and the outbox's backlog, remembering the last answer a while.
actor OperationsStatus {
    static let maxAge: Duration = .seconds(5)

    private let queue: Topology.ConsumerQueue
    private let amqpURL: AMQPURL
    private let schema: String
    private let database: PostgresPool
    private var last: (at: ContinuousClock.Instant, status: QueueStatus)?

    init(queue: Topology.ConsumerQueue, amqpURL: AMQPURL, schema: String, database: PostgresPool) {
        self.queue = queue
        self.amqpURL = amqpURL
        self.schema = schema
        self.database = database
    }

    func current() async throws -> QueueStatus {
        if let last, ContinuousClock.now - last.at < Self.maxAge { return last.status }
        let connection = try await AMQPConnection.connect(amqpURL)
        let counts: (waiting: Int, retrying: Int, dead: Int)
        do {
            var retrying = 0
            for index in queue.retryDelays.indices { retrying += try await connection.messageCount(queue.retryQueue(index)) }
            counts = (try await connection.messageCount(queue.name), retrying, try await connection.messageCount(queue.deadLetterQueue))
            await connection.close()
        } catch {
            await connection.close()
            throw error
        }
        let rows = try await database.query(
            "SELECT count(*)::int8 AS n, min(created_at) AS oldest FROM \"\(schema)\".outbox WHERE published_at IS NULL")
        let status = QueueStatus(
            queue: queue.name, waiting: counts.waiting, retrying: counts.retrying, deadLetters: counts.dead,
            outboxBacklog: try rows[0].decode("n", as: Int.self), oldestUnpublishedAt: try rows[0].decode("oldest", as: Date?.self))
        last = (ContinuousClock.now, status)
        return status
    }
}
