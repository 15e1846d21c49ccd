/// The exchanges and queues of a city, declared idempotently at start and after each reconnect.
public struct Topology: Sendable {
    /// Topic exchange every service publishes its events to; routing key = event type.
    public static let eventsExchange = "jardam.events"
    /// Topic exchange of PII-free projections for partner organisations.
    public static let partnersExchange = "jardam.partners"
    /// Direct exchange of dead letters; routing key = the queue the message died in.
    public static let deadLetterExchange = "jardam.dead-letter"

    /// One consuming queue and what hangs off it.
    public struct ConsumerQueue: Sendable {
        /// The quorum queue (`shelter.events`).
        public let name: String
        /// Event types it receives from ``Topology/eventsExchange`` (patterns allowed).
        public let routingKeys: [String]
        /// Deliveries of one message before the broker dead-letters it.
        public let deliveryLimit: Int
        /// Delays after which a transiently failed message is tried again, one queue each.
        public let retryDelays: [Duration]

        public init(
            name: String, routingKeys: [String], deliveryLimit: Int = 5,
            retryDelays: [Duration] = [.seconds(1), .seconds(10), .seconds(60)]
        ) {
            self.name = name
            self.routingKeys = routingKeys
            self.deliveryLimit = deliveryLimit
            self.retryDelays = retryDelays
        }

        /// Where messages that could not be handled wait for an operator.
        public var deadLetterQueue: String { "\(name).dead-letter" }

        /// The delay queue for the given retry (0-based), whose messages return to ``name`` when they expire.
        public func retryQueue(_ index: Int) -> String {
            "\(name).retry.\(Self.milliseconds(retryDelays[min(index, retryDelays.count - 1)]))ms"
        }

        /// The queue, its dead-letter queue and its retry queues.
        public var allQueueNames: [String] {
            [name, deadLetterQueue] + retryDelays.indices.map(retryQueue)
        }

        static func milliseconds(_ duration: Duration) -> Int {
            Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
        }
    }

    public let queues: [ConsumerQueue]

    public init(queues: [ConsumerQueue]) {
        self.queues = queues
    }

    /// Declares everything; safe to run again and from several processes at once.
    public func declare(on connection: AMQPConnection) async throws {
        try await connection.declareExchange(Self.eventsExchange, type: "topic")
        try await connection.declareExchange(Self.partnersExchange, type: "topic")
        try await connection.declareExchange(Self.deadLetterExchange, type: "direct")
        for queue in queues {
            try await connection.declareQueue(queue.deadLetterQueue, arguments: ["x-queue-type": .string("quorum")])
            try await connection.bindQueue(queue.deadLetterQueue, exchange: Self.deadLetterExchange, routingKey: queue.name)
            try await connection.declareQueue(
                queue.name,
                arguments: [
                    "x-queue-type": .string("quorum"),
                    "x-delivery-limit": .int(queue.deliveryLimit),
                    "x-dead-letter-exchange": .string(Self.deadLetterExchange),
                    "x-dead-letter-routing-key": .string(queue.name),
                    "x-dead-letter-strategy": .string("at-least-once"),
                    "x-overflow": .string("reject-publish"),
                ])
            for key in queue.routingKeys {
                try await connection.bindQueue(queue.name, exchange: Self.eventsExchange, routingKey: key)
            }
            for index in queue.retryDelays.indices {
                try await connection.declareQueue(
                    queue.retryQueue(index),
                    arguments: [
                        "x-message-ttl": .int(ConsumerQueue.milliseconds(queue.retryDelays[index])),
                        "x-dead-letter-exchange": .string(""),
                        "x-dead-letter-routing-key": .string(queue.name),
                    ])
            }
        }
    }
}
