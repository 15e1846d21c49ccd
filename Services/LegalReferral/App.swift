import Configuration
import Foundation
import ServiceKit

/// The legal-referral service of one city: partners, referrals, employer complaints and flags.
@main
struct LegalReferralApp {
    static func main() async {
        do {
            let configuration = try LegalConfiguration(reader: ConfigReader(provider: EnvironmentVariablesProvider()))
            try await ServiceRunner.run(configuration: configuration.service, resources: .module) { environment in
                buildLegal(environment: environment, configuration: configuration)
            }
        } catch {
            exit(ServiceRunner.reportFailure(error, of: .legalReferral))
        }
    }
}
