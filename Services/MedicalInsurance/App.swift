import Configuration
import Foundation
import ServiceKit

/// The medical-insurance service of one city: insurers, plans, policies, coverage, recommendations.
@main
struct MedicalInsuranceApp {
    static func main() async {
        do {
            let configuration = try MedicalConfiguration(reader: ConfigReader(provider: EnvironmentVariablesProvider()))
            try await ServiceRunner.run(configuration: configuration.service, resources: .module) { environment in
                buildMedical(environment: environment, configuration: configuration)
            }
        } catch {
            exit(ServiceRunner.reportFailure(error, of: .medicalInsurance))
        }
    }
}
