import Foundation
import Persistence
import ServiceKit

/// The Intake service of one city: persons, cases, consents, the hotline log, case timelines.
@main
struct IntakeApp {
    static func main() async {
        let migrations: [Migration]
        do {
            migrations = try Migrator.load(from: Bundle.module.url(forResource: "Migrations", withExtension: nil)!)
        } catch {
            FileHandle.standardError.write(Data("intake: the migrations are missing from the build: \(error)\n".utf8))
            exit(1)
        }
        await ServiceRunner.run(
            .intake, migrations: migrations, openAPI: Bundle.module.url(forResource: "openapi", withExtension: "json"),
            routes: { router, environment in IntakeAPI(environment: environment).addRoutes(to: router) },
            events: { environment in IntakeAPI(environment: environment).timelineHandlers },
            workers: { environment in
                let api = IntakeAPI(environment: environment)
                return [PeriodicTask(name: "consent-expiry", every: .seconds(60), logger: environment.logger) { _ = try await api.expireConsents(at: Date()) }]
            })
    }
}
