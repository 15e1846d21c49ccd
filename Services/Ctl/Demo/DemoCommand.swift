import ArgumentParser
import Configuration
import Foundation
import ServiceKit

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

        @Option(
            help: ArgumentHelp(
                "The environment file of a linked city she moves on to at the end (.run/<city>/env).", valueName: "file"))
        var nextCityEnvironment: String?

        func run() async throws {
            try await reportingFailures {
                let client = try await CityClient(environment: CtlEnvironment())
                var journey = Journey(client: client, patience: .seconds(patience))
                if let nextCityEnvironment {
                    let variables: [String: String]
                    do { variables = try EnvironmentFile.read(nextCityEnvironment) } catch {
                        throw CtlError("cannot read \(nextCityEnvironment): is the next city up (make network)?")
                    }
                    let reader = ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: variables))
                    journey.next = try await CityClient(environment: CtlEnvironment(reader: reader))
                }
                do {
                    _ = try await journey.run()
                } catch let error as CtlError {
                    throw CtlError("the journey stopped: \(error.description)")
                }
            }
        }
    }
}
