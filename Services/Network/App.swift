import Configuration
import Foundation
import ServiceKit

/// The network service of one city: its links to the other cities and the bridge between the
/// city's events and the network's (CONTRACT.md §7).
@main
struct NetworkApp {
    static func main() async {
        do {
            let configuration = try NetworkConfiguration(reader: ConfigReader(provider: EnvironmentVariablesProvider()))
            try await ServiceRunner.run(configuration: configuration.service, resources: .module) { environment in
                buildNetwork(environment: environment)
            }
        } catch {
            exit(ServiceRunner.reportFailure(error, of: .network))
        }
    }
}
