import ArgumentParser
import Foundation

/// `jardamctl demo journey`: walks one migrant's journey through a running, seeded city.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "The demo of `make demo`.", subcommands: [JourneyCommand.self])

    struct JourneyCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "journey",
            abstract: "Walk and print one migrant's journey; exit 1 naming the step whose effect did not show.",
            discussion: "Needs a city that is up (make up) and seeded (jardamctl seed demo), and its environment (.run/<city>/env).")

        @Option(help: "Seconds to wait for an effect that travels through the broker.")
        var patience: Int = 60

        func run() async throws {
            try await reportingFailures {
                let client = try await CityClient(environment: CtlEnvironment())
                do {
                    _ = try await Journey(client: client, patience: .seconds(patience)).run()
                } catch let error as CtlError {
                    throw CtlError("the journey stopped: \(error.description)")
                }
            }
        }
    }
}
