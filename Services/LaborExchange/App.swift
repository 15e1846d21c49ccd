import Configuration
import Foundation
import ServiceKit

/// The labor exchange of one city: employers, vacancies, matching, placements and follow-ups.
@main
struct LaborExchangeApp {
    static func main() async {
        do {
            let configuration = try LaborConfiguration(reader: ConfigReader(provider: EnvironmentVariablesProvider()))
            try await ServiceRunner.run(configuration: configuration.service, resources: .module) { environment in
                buildLabor(environment: environment, configuration: configuration)
            }
        } catch {
            exit(ServiceRunner.reportFailure(error, of: .laborExchange))
        }
    }
}
