import ArgumentParser
import Configuration
import Contracts
import Foundation
import ServiceKit

/// `jardamctl config check --service S`: checks a service's environment without starting it.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Inspect service configuration.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the environment a service would start with; secrets are not printed.")

        @Option(help: "One of: \(ServiceIdentity.allCases.map(\.rawValue).joined(separator: ", ")).")
        var service: String

        func run() async throws {
            guard let identity = ServiceIdentity(rawValue: service) else {
                throw ValidationError("unknown service \(service)")
            }
            do {
                let configuration = try ServiceConfiguration(
                    reader: ConfigReader(provider: EnvironmentVariablesProvider()), service: identity)
                print(
                    "\(identity.rawValue): ok (city \(configuration.city), http \(configuration.httpHost):\(configuration.httpPort), log level \(configuration.logLevel))"
                )
            } catch {
                print("\(identity.rawValue): \(error)")
                throw ExitCode(2)
            }
        }
    }
}
