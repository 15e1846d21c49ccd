import Configuration
import Foundation
import ServiceKit

/// The shelter service of one city: shelters, availability, holds, bookings and the waitlist.
@main
struct ShelterApp {
    static func main() async {
        do {
            let configuration = try ShelterConfiguration(reader: ConfigReader(provider: EnvironmentVariablesProvider()))
            try await ServiceRunner.run(configuration: configuration.service, resources: .module) { environment in
                buildShelter(environment: environment, configuration: configuration)
            }
        } catch {
            exit(ServiceRunner.reportFailure(error, of: .shelter))
        }
    }
}
