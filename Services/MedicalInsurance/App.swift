import Contracts
import Foundation
import ServiceKit

/// The medical-insurance service of one city: insurers, plans, policies, coverage, recommendations.
@main
struct MedicalInsuranceApp {
    static func main() async {
        let migrations = ServiceRunner.bundledMigrations(Bundle.module.url(forResource: "Migrations", withExtension: nil), of: .medicalInsurance)
        await ServiceRunner.run(
            .medicalInsurance, migrations: migrations, openAPI: Bundle.module.url(forResource: "openapi", withExtension: "json"),
            routes: { router, environment in MedicalAPI(environment: environment).addRoutes(to: router) },
            events: { environment in MedicalAPI(environment: environment).eventHandlers },
            workers: { environment in
                let api = MedicalAPI(environment: environment)
                // Daily in effect: a policy is announced once, so running hourly only makes it prompt.
                return [
                    PeriodicTask(name: "policy-expiry", every: .seconds(3600), logger: environment.logger) {
                        _ = try await api.announceExpiringPolicies(today: CalendarDate(Date()))
                    }
                ]
            })
    }
}
