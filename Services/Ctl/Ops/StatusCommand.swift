import ArgumentParser
import Contracts
import Eventing
import Foundation
import Logging
import Messaging
import Persistence

/// `jardamctl status`: how each service of the city is doing, in one table.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract:
            "Each service's health, queue depths, outbox backlog and dead letters, the broker's nodes and queue leaders, the database's primary and standbys with their lag; exit 1 when any service is not ready."
    )

    func run() async throws {
        var allReady = true
        try await reportingFailures {
            let environment = CtlEnvironment()
            let client = try await CityClient(environment: environment)
            let connection = try await AMQPConnection.connect(try environment.amqpURL())
            var logger = Logger(label: "jardamctl")
            logger.logLevel = .critical
            // Every service is asked at once, each given two seconds to answer.
            let readiness = await withTaskGroup(of: (ServiceIdentity, Bool).self) { group in
                for service in ServiceIdentity.allCases {
                    group.addTask { (service, (try? await client.send("GET", service, "/health/ready", as: [], timeout: .seconds(2)).status) == 200) }
                }
                return await group.reduce(into: [ServiceIdentity: Bool]()) { $0[$1.0] = $1.1 }
            }
            print("service            ready  queue  retrying  dead  outbox")
            for service in ServiceIdentity.allCases {
                let queue = service.consumerQueue(city: try environment.city())
                let ready = readiness[service] ?? false
                allReady = allReady && ready
                let depth = try await connection.messageCount(queue.name)
                var retrying = 0
                for index in queue.retryDelays.indices { retrying += try await connection.messageCount(queue.retryQueue(index)) }
                let dead = try await connection.messageCount(queue.deadLetterQueue)
                let backlog = await Self.outboxBacklog(service, environment: environment, logger: logger)
                print(
                    service.rawValue.padding(toLength: 19, withPad: " ", startingAt: 0)
                        + (ready ? "yes" : "NO ").padding(toLength: 7, withPad: " ", startingAt: 0)
                        + "\(depth)".padding(toLength: 7, withPad: " ", startingAt: 0)
                        + "\(retrying)".padding(toLength: 10, withPad: " ", startingAt: 0)
                        + "\(dead)".padding(toLength: 6, withPad: " ", startingAt: 0) + backlog)
            }
            await connection.close()
            // The servers under the services: broker nodes and queue leaders, the database's
            // primary and standbys (one of each without HA).
            print("")
            if let broker = try? BrokerManagement(environment: environment) {
                for line in await Self.brokerNodes(broker) { print(line) }
                for line in await Self.queueLeaders(broker, city: try environment.city()) { print(line) }
            }
            if let adminURL = environment.text("JARDAM_ADMIN_POSTGRES_URL") {
                for line in await Self.database(adminURL: adminURL, logger: logger) { print(line) }
            }
        }
        if !allReady { throw ExitCode(1) }
    }

    /// Outbox rows not yet confirmed by the broker, or why they could not be counted.
    static func outboxBacklog(_ service: ServiceIdentity, environment: CtlEnvironment, logger: Logger) async -> String {
        guard let url = try? environment.postgresURL(of: service) else { return "?" }
        let pool = PostgresPool(configuration: .init(conninfo: url, maxConnections: 1), logger: logger)
        let backlog: String
        do {
            let rows = try await pool.query("SELECT count(*)::int8 AS n FROM \"\(service.schema)\".outbox WHERE published_at IS NULL")
            backlog = String(try rows[0].decode("n", as: Int.self))
        } catch {
            backlog = "unreachable"
        }
        await pool.close()
        return backlog
    }
}
