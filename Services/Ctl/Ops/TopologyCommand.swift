import ArgumentParser
import Eventing
import Foundation
import Messaging
import ServiceKit

/// `jardamctl topology declare`: the city's exchanges and queues, before any service starts.
struct TopologyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topology", abstract: "The city's exchanges and queues.", subcommands: [Declare.self])

    struct Declare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Declare jardam.events, jardam.partners, jardam.dead-letter, jardam.retry, jardam.network and every service's queues (idempotent); services only check them."
        )

        func run() async throws {
            try await reportingFailures {
                let environment = CtlEnvironment()
                let topology = Topology.city(try environment.city())
                let connection = try await AMQPConnection.connect(try environment.amqpURL())
                do {
                    try await topology.declare(on: connection)
                    await connection.close()
                } catch {
                    await connection.close()
                    throw error
                }
                print(
                    "declared \(Topology.eventsExchange), \(Topology.partnersExchange), \(Topology.deadLetterExchange), \(Topology.retryExchange), \(Topology.networkExchange)"
                )
                for queue in topology.queues {
                    print(
                        "  \(queue.name): \(queue.routingKeys.count + queue.networkRoutingKeys.count) binding(s), dead letters in \(queue.deadLetterQueue)"
                    )
                }
            }
        }
    }
}
