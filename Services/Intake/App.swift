import Foundation
import ServiceKit

/// The Intake service of one city: persons, cases, consents, the hotline log, case timelines.
@main
struct IntakeApp {
    static func main() async {
        let migrations = ServiceRunner.bundledMigrations(Bundle.module.url(forResource: "Migrations", withExtension: nil), of: .intake)
        await ServiceRunner.run(
            .intake, migrations: migrations, openAPI: Bundle.module.url(forResource: "openapi", withExtension: "json"),
            routes: { router, environment in IntakeAPI(environment: environment).addRoutes(to: router) },
            events: { environment in IntakeAPI(environment: environment).timelineHandlers },
            workers: { environment in
                let api = IntakeAPI(environment: environment)
                return [
                    PeriodicTask(name: "consent-expiry", every: .seconds(60), logger: environment.logger) {
                        _ = try await api.expireConsents(at: Date())
                    }
                ]
            })
    }
}
