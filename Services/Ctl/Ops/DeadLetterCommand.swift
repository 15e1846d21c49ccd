import ArgumentParser
import Contracts
import Eventing
import Foundation
import Logging
import Messaging
import ServiceKit

/// `jardamctl dlq list|replay|purge SERVICE`: the events a service could not handle.
struct DeadLetterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq", abstract: "A service's dead letters (<service>.events.dead-letter).",
        subcommands: [List.self, Replay.self, Purge.self])

    static func service(_ name: String) throws -> ServiceIdentity {
        guard let service = ServiceIdentity(rawValue: name) else {
            throw ValidationError("unknown service \(name); one of: \(ServiceIdentity.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return service
    }

    /// The service's queue (its dead-letter queue's name) in the city of the environment.
    static func queue(_ name: String) throws -> Topology.ConsumerQueue { try service(name).consumerQueue(city: CtlEnvironment().city()) }

    /// One line about a dead letter: its type, id, reason and size; never its body.
    static func describe(_ message: FetchedMessage) -> String {
        let type = (try? EventEnvelope.decode(message.body).type) ?? "(not a CloudEvent)"
        let reason = message.headers[EventConsumer.deathReasonHeader] ?? "delivery limit or rejected by the broker"
        return "\(type)  id \(message.messageID ?? "-")  reason: \(reason)  \(message.body.count) bytes"
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the dead letters (type, id, reason, size; never the body); they stay in the queue.")

        @Argument(help: "The service.")
        var service: String

        @Option(help: "Show at most this many.")
        var limit: Int = 50

        func run() async throws {
            let queue = try DeadLetterCommand.queue(service)
            try await reportingFailures {
                // Unsettled gets return to the queue when the connection closes.
                let connection = try await AMQPConnection.connect(try CtlEnvironment().amqpURL())
                let total = try await connection.messageCount(queue.deadLetterQueue)
                print("\(queue.deadLetterQueue): \(total) dead letter(s)")
                var shown = 0
                while shown < min(limit, total), let message = try await connection.get(queue.deadLetterQueue) {
                    shown += 1
                    print("  \(shown). \(DeadLetterCommand.describe(message))")
                }
                await connection.close()
            }
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send the dead letters back to the service's queue, oldest first.",
            discussion:
                "Each is published to the service's queue with a confirm before it leaves the dead-letter queue, so none is lost; a crash in between sends one twice, which the service's inbox absorbs. Letters that fail again return to the dead-letter queue."
        )

        @Argument(help: "The service.")
        var service: String

        @Option(help: "Replay at most this many (default: every letter there now).")
        var limit: Int?

        func run() async throws {
            let owner = try DeadLetterCommand.service(service)
            try await reportingFailures {
                let queue = owner.consumerQueue(city: try CtlEnvironment().city())
                let url = try CtlEnvironment().amqpURL()
                // The letters were written by the service's consumer (or the broker); only theirs
                // say who first published them.
                let trust = PublisherTrust(operatorUser: url.user, consumerUser: PublisherTrust.user(of: owner))
                var logger = Logger(label: "jardamctl")
                logger.logLevel = .warning
                let publisher = AMQPPublisher(configuration: .init(url: url), logger: logger)
                let publishing = Task { try await publisher.run() }
                let connection = try await AMQPConnection.connect(url)
                defer { publisher.stop() }
                // Only what is there now: letters that fail again must not loop.
                let total = min(limit ?? .max, try await connection.messageCount(queue.deadLetterQueue))
                var progress = ProgressBar("replay \(queue.deadLetterQueue)", total: total)
                var replayed = 0
                while replayed < total, let message = try await connection.get(queue.deadLetterQueue) {
                    var headers = message.headers
                    headers[EventConsumer.retriesHeader] = nil
                    headers[EventConsumer.deathReasonHeader] = nil
                    // Who first published it goes with it: the service judges the letter by that
                    // publisher (a forged one stays forged), not by the operator replaying it.
                    headers[PublisherTrust.replayedFromHeader] = trust.firstPublisher(
                        userID: message.userID, header: message.headers[PublisherTrust.replayedFromHeader])
                    let type = try? EventEnvelope.decode(message.body).type
                    try await publisher.publish(
                        OutgoingMessage(
                            exchange: Topology.retryExchange, routingKey: queue.name, body: message.body, messageID: message.messageID,
                            type: type, contentType: message.contentType ?? EventEnvelope.contentType, headers: headers, mandatory: true))
                    try await connection.ack(message)
                    replayed += 1
                    progress.advance()
                }
                progress.finish()
                await connection.close()
                publisher.stop()
                try? await publishing.value
                print("replayed \(replayed) dead letter(s) to \(queue.name)")
            }
        }
    }

    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete every dead letter of the service.")

        @Argument(help: "The service.")
        var service: String

        @Flag(help: "Confirm: the letters cannot be recovered.")
        var yes = false

        func validate() throws {
            guard yes else { throw ValidationError("purging deletes the letters for good; add --yes (see them first with: jardamctl dlq list)") }
        }

        func run() async throws {
            let queue = try DeadLetterCommand.queue(service)
            try await reportingFailures {
                let connection = try await AMQPConnection.connect(try CtlEnvironment().amqpURL())
                let purged = try await connection.purgeQueue(queue.deadLetterQueue)
                await connection.close()
                print("purged \(purged) dead letter(s) from \(queue.deadLetterQueue)")
            }
        }
    }
}
