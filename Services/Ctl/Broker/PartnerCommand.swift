import ArgumentParser
import Contracts
import Foundation
import Messaging

/// `jardamctl partner add|remove`: a partner organisation's read-only AMQP access to `jardam.partners`.
struct PartnerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partner", abstract: "Partner organisations' subscriptions.", subcommands: [Add.self, Remove.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a partner's AMQP user and queue on jardam.partners, bound to the events it may read.",
            discussion: """
                The user may read only its own queue, bound only to the granted routing keys (RabbitMQ topic \
                authorisation): binding any other key is refused with ACCESS_REFUSED. Event types for --event: \
                \(PartnerAccess.visibleTypes.sorted().joined(separator: ", ")). Needs JARDAM_AMQP_URL and \
                JARDAM_AMQP_MANAGEMENT_URL (.run/<city>/env).
                """)

        @Argument(help: "The partner's short name: lowercase letters, digits and dashes (migration-and-law).")
        var name: String

        @Option(name: .customLong("event"), help: "An event type the partner may read (repeat for several).")
        var events: [String] = []

        @Option(help: "A legal-referral partner id: the partner also receives the referrals sent to it.")
        var referrals: String?

        @Option(help: "The password to set (default: a new random one, printed once).")
        var password: String?

        func validate() throws {
            guard PartnerAccess.isValidName(name) else { throw ValidationError("the name must be 2 to 40 lowercase letters, digits or dashes") }
            for event in events where PartnerAccess.visibleTypes.contains(event) == false {
                throw ValidationError("\(event) is not an event partners may read")
            }
            if let referrals, UUID(uuidString: referrals) == nil { throw ValidationError("--referrals must be a partner id (UUID)") }
            guard !events.isEmpty || referrals != nil else { throw ValidationError("give at least one --event or --referrals") }
        }

        func run() async throws {
            let environment = CtlEnvironment()
            let access = PartnerAccess(name: name, events: events, referralPartner: referrals.flatMap(UUID.init(uuidString:)))
            let secret = password ?? PartnerAccess.newPassword()
            try await reportingFailures {
                let management = try BrokerManagement(environment: environment)
                let url = try environment.amqpURL()
                try await access.grant(password: secret, management: management, amqp: url)
                print(
                    """
                    partner \(name): AMQP user \(access.user), queue \(access.queue) on \(Topology.partnersExchange)
                    connect: \(url.text(user: access.user, password: secret))
                    consume: \(access.queue) (read only; the password is shown once)
                    routing keys: \(access.routingKeys.joined(separator: ", "))
                    """)
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a partner's AMQP user and its queue.")

        @Argument(help: "The partner's short name.")
        var name: String

        func run() async throws {
            let environment = CtlEnvironment()
            let access = PartnerAccess(name: name, events: [], referralPartner: nil)
            try await reportingFailures {
                let management = try BrokerManagement(environment: environment)
                try await management.deleteUser(access.user)
                let connection = try await AMQPConnection.connect(try environment.amqpURL())
                try await connection.deleteQueue(access.queue)
                await connection.close()
                print("partner \(name): user and queue deleted")
            }
        }
    }
}

/// What one partner may read, and how the broker enforces it.
struct PartnerAccess {
    let name: String
    let events: [String]
    let referralPartner: UUID?

    /// The event types partners may read at all.
    static let visibleTypes = Set(EventCatalogue.partnerVisible.filter { !$0.addressedToOnePartner }.map { $0.type })

    static func isValidName(_ name: String) -> Bool {
        (2...40).contains(name.count) && name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }

    static func newPassword() -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<32).map { _ in alphabet.randomElement(using: &generator)! })
    }

    var user: String { "partner-\(name)" }
    var queue: String { "partner.\(name)" }

    /// The referral event types, each for this partner only.
    private var referralKeys: [String] {
        guard let referralPartner else { return [] }
        return EventCatalogue.partnerVisible.filter { $0.addressedToOnePartner }.map { "\($0.type).\(referralPartner.lowercased)" }
    }

    /// Exactly the keys bound, and the only ones the user may bind.
    var routingKeys: [String] { events.sorted() + referralKeys }

    /// The user's permissions: configure nothing, bind (write) and read only its queue, read the
    /// partners exchange; on `jardam.partners`, bind only the granted keys and publish nothing.
    func grant(password: String, management: BrokerManagement, amqp: AMQPURL) async throws {
        let queuePattern = "^" + NSRegularExpression.escapedPattern(for: queue) + "$"
        let exchange = NSRegularExpression.escapedPattern(for: Topology.partnersExchange)
        let keys = routingKeys.map(NSRegularExpression.escapedPattern(for:)).joined(separator: "|")
        try await management.putUser(user, password: password)
        try await management.setPermissions(
            user, configure: "^$", write: queuePattern, read: "^(\(NSRegularExpression.escapedPattern(for: queue))|\(exchange))$")
        try await management.setTopicPermissions(user, exchange: Topology.partnersExchange, write: "^$", read: "^(\(keys))$")
        let connection = try await AMQPConnection.connect(amqp)
        do {
            try await connection.declareExchange(Topology.partnersExchange, type: "topic")
            // A partner that stops reading must not fill the broker: the oldest messages go first.
            try await connection.declareQueue(
                queue, arguments: ["x-queue-type": .string("quorum"), "x-max-length": .int(100_000), "x-overflow": .string("drop-head")])
            for key in routingKeys {
                try await connection.bindQueue(queue, exchange: Topology.partnersExchange, routingKey: key)
            }
            await connection.close()
        } catch {
            await connection.close()
            throw CtlError("declaring \(queue): \(error)")
        }
    }
}
