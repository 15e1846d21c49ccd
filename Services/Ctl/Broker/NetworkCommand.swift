import ArgumentParser
import Contracts
import Foundation
import Messaging

/// `jardamctl network link|status`: this city's links to the other cities of the network
/// (CONTRACT.md §7), through RabbitMQ's federation plugin and the city's `network` service.
struct NetworkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network", abstract: "The city's links to the other cities of the network.",
        subcommands: [Link.self, Status.self, PublishStatistics.self])

    /// The policy that federates `jardam.network` from every declared upstream.
    static let policy = "jardam-network-federation"

    struct Link: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Federate this city's jardam.network from another city's broker, and record that city's transfer key.",
            discussion: """
                Declares the federation upstream NAME (max-hops 1, ack-mode on-confirm, expires and message-ttl \
                so that a city gone for weeks does not fill the other's disk) and the policy that applies every \
                upstream to jardam.network, then tells the city's network service the city's transfer public key. \
                URI is the other city's broker as its federation user sees it (amqps://jardam-federation:…@host:5671/jardam \
                ?cacertfile=…&verify=verify_peer&server_name_indication=host). Linking again replaces the link. Needs \
                JARDAM_AMQP_MANAGEMENT_URL, JARDAM_TOKEN_SECRET and NETWORK_HTTP_PORT (.run/<city>/env).
                """)

        @Option(help: "The other city's name (its JARDAM_CITY).")
        var city: String

        @Option(help: "The other city's broker, as its federation user: amqps://user:password@host:port/vhost?cacertfile=...")
        var uri: String

        @Option(help: "The other city's transfer public key: base64 of 32 bytes (X25519).")
        var transferKey: String

        @Option(help: "Days the other city's broker keeps this city's federation queue, and its messages, while this city is away.")
        var keepDays: Int = 21

        func validate() throws {
            guard CityName.isValid(city) else {
                throw ValidationError("--city must be a city's name: lower-case letters, digits and hyphens, starting with a letter")
            }
            guard let scheme = URLComponents(string: uri)?.scheme, scheme == "amqps", URLComponents(string: uri)?.host != nil else {
                throw ValidationError("--uri must be an amqps:// URI (the network links over TLS only)")
            }
            guard Data(base64Encoded: transferKey)?.count == 32 else { throw ValidationError("--transfer-key must be base64 of 32 bytes") }
            guard (1...365).contains(keepDays) else { throw ValidationError("--keep-days must be 1 to 365") }
        }

        func run() async throws {
            try await reportingFailures {
                let environment = CtlEnvironment()
                let own = try environment.city()
                guard own != city else { throw CtlError("\(city) is this city; a city is not linked to itself") }
                let client = try await CityClient(environment: environment)
                let management = try BrokerManagement(environment: environment)
                // The key first: federation may deliver the city's events the moment the upstream exists.
                try await client.expect(
                    "PUT", .network, "/v1/network/links/\(city)", as: [.ops], body: .object(["transferKey": .string(transferKey)]))
                let keep = keepDays * 24 * 3600 * 1000
                try await management.call(
                    "PUT", ["parameters", "federation-upstream", management.vhost, city],
                    body: [
                        "value": [
                            "uri": uri, "exchange": Topology.networkExchange, "max-hops": 1, "ack-mode": "on-confirm", "trust-user-id": false,
                            "expires": keep, "message-ttl": keep, "reconnect-delay": 2,
                        ] as [String: Any]
                    ])
                try await management.call(
                    "PUT", ["policies", management.vhost, NetworkCommand.policy],
                    body: [
                        "pattern": "^jardam\\.network$", "apply-to": "exchanges", "priority": 10,
                        "definition": ["federation-upstream-set": "all"],
                    ])
                print("network: \(own) federates \(Topology.networkExchange) from \(city) (\(Self.redacted(uri))); its transfer key is recorded")
            }
        }

        /// The URI without its password.
        static func redacted(_ uri: String) -> String {
            guard var components = URLComponents(string: uri), components.password != nil else { return uri }
            components.password = "***"
            return components.string ?? "amqps://…"
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Each link's state (RabbitMQ's /api/federation-links) and the age of the last message from each city; exit 1 when a link is not running."
        )

        func run() async throws {
            var allRunning = true
            try await reportingFailures {
                let environment = CtlEnvironment()
                let client = try await CityClient(environment: environment)
                let management = try BrokerManagement(environment: environment)
                let links = try await client.expect("GET", .network, "/v1/network/links", as: [.ops])["items"].items
                let federation = try await management.call("GET", ["federation-links", management.vhost]) as? [[String: Any]] ?? []
                print("city               link      last message  received")
                for link in links {
                    let city = link["city"].string ?? "?"
                    let state = federation.first { $0["upstream"] as? String == city }
                    let status = state?["status"] as? String ?? "absent"
                    allRunning = allRunning && status == "running"
                    let age = link["lastMessageAgeSeconds"].number.map { "\(Int($0)) s ago" } ?? "never"
                    print(
                        city.padding(toLength: 19, withPad: " ", startingAt: 0) + status.padding(toLength: 10, withPad: " ", startingAt: 0)
                            + age.padding(toLength: 14, withPad: " ", startingAt: 0) + "\(Int(link["messagesReceived"].number ?? 0))")
                    if let error = state?["error"] as? String { print("  \(city): \(error)") }
                }
                if links.isEmpty { print("(no links: jardamctl network link --city NAME --uri URI --transfer-key KEY)") }
            }
            if !allRunning { throw ExitCode(1) }
        }
    }

    struct PublishStatistics: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish-statistics",
            abstract: "Publish this city's statistics of an ISO week to the network now (the network service does it at each week's end).")

        @Option(help: "The ISO week, such as 2026-W48.")
        var week: String

        func validate() throws {
            guard week.range(of: "^[0-9]{4}-W[0-9]{2}$", options: .regularExpression) != nil else {
                throw ValidationError("--week must be an ISO week such as 2026-W48")
            }
        }

        func run() async throws {
            try await reportingFailures {
                let client = try await CityClient(environment: CtlEnvironment())
                let published = try await client.expect(
                    "POST", .network, "/v1/network/statistics/publish", as: [.ops], body: .object(["week": .string(week)]))
                let suppressed = published["suppressed"].items.count
                print("network: \(published["city"].string ?? "?") published \(week) to the network (\(suppressed) cells suppressed)")
            }
        }
    }
}
