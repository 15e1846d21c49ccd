/// The exchanges and queues of a city, declared idempotently at start and after each reconnect.
public struct Topology: Sendable {
    /// Topic exchange every service publishes its events to; routing key = event type.
    public static let eventsExchange = "jardam.events"
    /// Topic exchange of PII-free projections for partner organisations.
    public static let partnersExchange = "jardam.partners"
    /// Topic exchange of dead letters; routing key = the queue the message died in (a topic
    /// exchange, so that the broker lets each service write only under its own queue's name).
    public static let deadLetterExchange = "jardam.dead-letter"
    /// Topic exchange of retries: routing key = a retry queue's name (`shelter.events.retry.1000ms`)
    /// going in, the service's queue's name coming back when the delay expires.
    public static let retryExchange = "jardam.retry"
    /// Topic exchange of the network of cities (CONTRACT.md §7), federated from every other
    /// city's: routing key = event type (`network.employer.flagged.v1`).
    public static let networkExchange = "jardam.network"

    /// One consuming queue and what hangs off it.
    public struct ConsumerQueue: Sendable {
        /// The quorum queue (`shelter.events`).
        public let name: String
        /// Event types it receives from ``Topology/eventsExchange`` (patterns allowed).
        public let routingKeys: [String]
        /// Event types it receives from ``Topology/networkExchange`` (patterns allowed).
        public let networkRoutingKeys: [String]
        /// Deliveries of one message before the broker dead-letters it.
        public let deliveryLimit: Int
        /// Delays after which a transiently failed message is tried again, one queue each.
        public let retryDelays: [Duration]

        public init(
            name: String, routingKeys: [String], networkRoutingKeys: [String] = [], deliveryLimit: Int = 5,
            retryDelays: [Duration] = [.seconds(1), .seconds(10), .seconds(60)]
        ) {
            self.name = name
            self.routingKeys = routingKeys
            self.networkRoutingKeys = networkRoutingKeys
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
    /// The queues this process declares; the others (and the exchanges) it only checks, since a
    /// service may configure nothing but its own queues. `nil`: it declares everything (an
    /// operator's `jardamctl topology declare`, tests).
    public let owned: Set<String>?

    public init(queues: [ConsumerQueue], owned: Set<String>? = nil) {
        self.queues = queues
        self.owned = owned
    }

    /// This topology as the process owning `queue` declares it.
    public func owned(by queue: String) -> Topology {
        Topology(queues: queues, owned: [queue])
    }

    /// Declares what this process owns and checks that the rest exists (a missing exchange or
    /// queue is an error: the operator has not run `jardamctl topology declare`); safe to run again
    /// and from several processes at once.
    public func declare(on connection: AMQPConnection) async throws {
        let checksOnly = owned != nil
        try await connection.declareExchange(Self.eventsExchange, type: "topic", passive: checksOnly)
        try await connection.declareExchange(Self.partnersExchange, type: "topic", passive: checksOnly)
        try await connection.declareExchange(Self.deadLetterExchange, type: "topic", passive: checksOnly)
        try await connection.declareExchange(Self.retryExchange, type: "topic", passive: checksOnly)
        try await connection.declareExchange(Self.networkExchange, type: "topic", passive: checksOnly)
        for queue in queues {
            guard owned?.contains(queue.name) ?? true else {
                for name in queue.allQueueNames { _ = try await connection.messageCount(name) }
                continue
            }
            try await declare(queue, on: connection)
        }
    }

    /// Every queue of the city is a quorum queue replicated on three nodes (fewer when the broker
    /// has fewer): a consuming queue, its retry queues and its dead letters all survive losing a node.
    static let quorum: [String: QueueArgument] = ["x-queue-type": .string("quorum"), "x-quorum-initial-group-size": .int(3)]

    private func declare(_ queue: ConsumerQueue, on connection: AMQPConnection) async throws {
        try await connection.declareQueue(queue.deadLetterQueue, arguments: Self.quorum)
        try await connection.bindQueue(queue.deadLetterQueue, exchange: Self.deadLetterExchange, routingKey: queue.name)
        try await connection.declareQueue(
            queue.name,
            arguments: Self.quorum.merging([
                "x-delivery-limit": .int(queue.deliveryLimit),
                "x-dead-letter-exchange": .string(Self.deadLetterExchange),
                "x-dead-letter-routing-key": .string(queue.name),
                "x-dead-letter-strategy": .string("at-least-once"),
                "x-overflow": .string("reject-publish"),
            ]) { $1 })
        for key in queue.routingKeys {
            try await connection.bindQueue(queue.name, exchange: Self.eventsExchange, routingKey: key)
        }
        for key in queue.networkRoutingKeys {
            try await connection.bindQueue(queue.name, exchange: Self.networkExchange, routingKey: key)
        }
        // Retries come back through jardam.retry under the queue's own name.
        try await connection.bindQueue(queue.name, exchange: Self.retryExchange, routingKey: queue.name)
        for index in queue.retryDelays.indices {
            try await connection.declareQueue(
                queue.retryQueue(index),
                arguments: Self.quorum.merging([
                    "x-message-ttl": .int(ConsumerQueue.milliseconds(queue.retryDelays[index])),
                    "x-dead-letter-exchange": .string(Self.retryExchange),
                    "x-dead-letter-routing-key": .string(queue.name),
                    "x-dead-letter-strategy": .string("at-least-once"),
                    "x-overflow": .string("reject-publish"),
                ]) { $1 })
            try await connection.bindQueue(queue.retryQueue(index), exchange: Self.retryExchange, routingKey: queue.retryQueue(index))
        }
    }

    /// Whether an event of `type` published on ``eventsExchange`` reaches one of these queues.
    public func routes(_ type: String) -> Bool {
        queues.contains { queue in queue.routingKeys.contains { Self.topic($0, matches: type) } }
    }

    /// AMQP topic matching: `*` stands for one dot-separated word, `#` for zero or more.
    static func topic(_ pattern: String, matches key: String) -> Bool {
        func match(_ pattern: ArraySlice<Substring>, _ key: ArraySlice<Substring>) -> Bool {
            guard let word = pattern.first else { return key.isEmpty }
            if word == "#" {
                return (key.startIndex...key.endIndex).contains { match(pattern.dropFirst(), key[$0...]) }
            }
            guard let first = key.first, word == "*" || word == first else { return false }
            return match(pattern.dropFirst(), key.dropFirst())
        }
        return match(
            pattern.split(separator: ".", omittingEmptySubsequences: false)[...], key.split(separator: ".", omittingEmptySubsequences: false)[...])
    }
}
