import Configuration
import Foundation
import ServiceKit

/// The Intake service of one city: persons, cases, consents, the hotline log, case timelines.
@main
struct IntakeApp {
    static func main() async {
        do {
            let configuration = try IntakeConfiguration(reader: ConfigReader(provider: EnvironmentVariablesProvider()))
            try await ServiceRunner.run(configuration: configuration.service, resources: .module) { environment in
                buildIntake(environment: environment, configuration: configuration)
            }
        } catch {
            exit(ServiceRunner.reportFailure(error, of: .intake))
        }
    }
}
