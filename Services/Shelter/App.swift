import Foundation
import ServiceKit

/// The shelter service of one city: shelters, availability, holds, bookings and the waitlist.
@main
struct ShelterApp {
    static func main() async {
        let migrations = ServiceRunner.bundledMigrations(Bundle.module.url(forResource: "Migrations", withExtension: nil), of: .shelter)
        await ServiceRunner.run(
            .shelter, migrations: migrations, openAPI: Bundle.module.url(forResource: "openapi", withExtension: "json"),
            routes: { router, environment in ShelterAPI(environment: environment).addRoutes(to: router) },
            events: { environment in ShelterAPI(environment: environment).eventHandlers },
            workers: { environment in
                let api = ShelterAPI(environment: environment)
                return [
                    PeriodicTask(name: "hold-expiry", every: .seconds(30), logger: environment.logger) {
                        _ = try await api.releaseExpiredHolds(now: Date())
                    }
                ]
            })
    }
}
